"""Writes for the annual equality statement export. Each function is one transaction.

How a run stays single (a task delivered twice, a worker killed in the middle):

1. ``export_run`` claims the export with a conditional UPDATE: ``status=queued`` becomes
   ``running`` with a fresh claim token. Only one worker can win that UPDATE.
2. A redelivered task that finds the export running takes it over only if the holder has
   shown no sign of life for ``REPORT_EXPORT_STALE_SECONDS`` (again a conditional UPDATE, on
   the old token); otherwise the task is retried later. In a worker, a keep-alive thread
   refreshes the sign of life while the run lasts, so only a dead worker goes silent.
3. Every progress step is an UPDATE on the worker's own token; a worker whose token has
   changed hands stops.
4. The files are written under names derived from the export's id and format, and recorded
   (with SHA-256) in the same transaction that marks the export done, under a row lock and
   only by the token holder. So there is never more than one set of files.
5. The files are rendered in child processes of the worker, one per format
   (:mod:`imdi.reports.forked`), which hand the bytes back and write nothing themselves; the
   children of a worker that stops (or is killed) end too.

``exports_recover_stale`` (every 10 minutes) puts an export that has run past
``REPORT_EXPORT_TIME_LIMIT`` back in the queue, or fails it with the reason after
``MAX_ATTEMPTS`` attempts.
"""

from __future__ import annotations

import hashlib
import logging
import threading
import time
import uuid
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from imdi import audit
from imdi.reports import forked, renderers
from imdi.reports.document import build_document, load_provider, section_providers
from imdi.reports.models import ExportFile, ReportExport, ReportFormat
from imdi.reports.renderers import render
from imdi.roles import Role

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 3
FIRST_YEAR = 2015
ALL_FORMATS = [f.value for f in ReportFormat]


class ClaimLost(Exception):
    """Another worker holds the export now; this one must stop without writing."""


def export_file_name(export: ReportExport, fmt: str) -> str:
    """Where a format's file lives in private storage: one name per export and format."""
    return f"reports/{export.year}/likestillingsredegjorelse-{export.year}-{export.pk}.{fmt}"


def _clean_formats(formats) -> list[str]:
    chosen = [f for f in ALL_FORMATS if f in set(formats or [])]
    unknown = set(formats or []) - set(ALL_FORMATS)
    if unknown or not chosen:
        raise ValidationError(_("Choose at least one of the formats PDF, Word and Excel."))
    return chosen


def _clean_year(year: int) -> int:
    latest = timezone.localdate().year
    if not FIRST_YEAR <= int(year) <= latest:
        raise ValidationError(
            _("The year must be between %(first)s and %(last)s.")
            % {"first": FIRST_YEAR, "last": latest}
        )
    return int(year)


def _enqueue(export_id: int) -> None:
    from imdi.reports.tasks import run_export

    transaction.on_commit(lambda: run_export.delay(export_id))


@transaction.atomic
def export_request(
    *, year: int, formats, user=None, scheduled: bool = False, request=None
) -> ReportExport:
    """Queue a run of the statement for ``year``; the task starts when this commits."""
    export = ReportExport.objects.create(
        year=_clean_year(year),
        formats=_clean_formats(formats),
        requested_by=user,
        scheduled=scheduled,
    )
    audit.record(
        request,
        audit.Action.CREATE,
        export,
        user=user,
        detail=f"year={export.year} formats={','.join(export.formats)}",
    )
    _enqueue(export.pk)
    return export


@transaction.atomic
def export_retry(*, export: ReportExport, user=None, request=None) -> ReportExport:
    """Queue a failed export again (a new round of attempts)."""
    updated = ReportExport.objects.filter(pk=export.pk, status=ReportExport.Status.FAILED).update(
        status=ReportExport.Status.QUEUED,
        progress=0,
        step="",
        claim="",
        attempts=0,
        error="",
        started_at=None,
        heartbeat_at=None,
        finished_at=None,
    )
    if not updated:
        raise ValidationError(_("Only a failed export can be tried again."))
    audit.record(request, audit.Action.UPDATE, export, user=user, detail="retry")
    _enqueue(export.pk)
    export.refresh_from_db()
    return export


@transaction.atomic
def export_schedule_annual(*, today=None) -> ReportExport | None:
    """The scheduled run on 15 January: last year's statement in every format, once."""
    today = today or timezone.localdate()
    year = today.year - 1
    if (
        ReportExport.objects.filter(year=year, scheduled=True)
        .exclude(status=ReportExport.Status.FAILED)
        .exists()
    ):
        return None
    return export_request(year=year, formats=ALL_FORMATS, scheduled=True)


# --- Running ------------------------------------------------------------------------------


def _claim(export_id: int, token: str) -> str:
    """Take the export for this worker. Returns "claimed", "done", "failed", "missing" or
    "busy" (another live worker holds it)."""
    now = timezone.now()
    fresh = {
        "status": ReportExport.Status.RUNNING,
        "claim": token,
        "started_at": now,
        "heartbeat_at": now,
        "attempts": F("attempts") + 1,
        "progress": 0,
        "step": _("Starting"),
        "error": "",
    }
    if ReportExport.objects.filter(pk=export_id, status=ReportExport.Status.QUEUED).update(**fresh):
        return "claimed"
    export = ReportExport.objects.filter(pk=export_id).first()
    if export is None:
        return "missing"
    if export.status in (ReportExport.Status.DONE, ReportExport.Status.FAILED):
        return export.status
    if export.status == ReportExport.Status.RUNNING:
        stale_before = now - timedelta(seconds=settings.REPORT_EXPORT_STALE_SECONDS)
        taken = ReportExport.objects.filter(
            pk=export_id,
            status=ReportExport.Status.RUNNING,
            claim=export.claim,
            heartbeat_at__lt=stale_before,
        ).update(**fresh)
        if taken:
            logger.warning("Export %s taken over from a worker that stopped", export_id)
            return "claimed"
        return "busy"
    return "busy"  # queued again between our two reads: the other task will run it


def _beat(export_id: int, token: str, progress: int, step: str) -> None:
    """Record progress and a sign of life; stop if the claim has changed hands."""
    if not ReportExport.objects.filter(
        pk=export_id, status=ReportExport.Status.RUNNING, claim=token
    ).update(progress=progress, step=step[:100], heartbeat_at=timezone.now()):
        raise ClaimLost


def _finish(export_id: int, token: str, outputs: dict[str, bytes]) -> ReportExport:
    storage = storages["private"]
    with transaction.atomic():
        export = ReportExport.objects.select_for_update().get(pk=export_id)
        if export.claim != token or export.status != ReportExport.Status.RUNNING:
            raise ClaimLost
        for fmt, content in outputs.items():
            name = export_file_name(export, fmt)
            if storage.exists(name):
                storage.delete(name)
            saved = storage.save(name, ContentFile(content))
            if saved != name:  # pragma: no cover - the storage renamed it: a second set
                storage.delete(saved)
                raise RuntimeError(f"storage wrote {saved} instead of {name}")
            ExportFile.objects.update_or_create(
                export=export,
                format=fmt,
                defaults={
                    "name": name,
                    "size": len(content),
                    "sha256": hashlib.sha256(content).hexdigest(),
                },
            )
        export.status = ReportExport.Status.DONE
        export.progress = 100
        export.step = ""
        export.error = ""
        export.finished_at = timezone.now()
        export.save(update_fields=["status", "progress", "step", "error", "finished_at"])
        audit.record(
            None,
            audit.Action.EXPORT,
            export,
            user=export.requested_by,
            detail=f"files={','.join(outputs)}",
        )
        transaction.on_commit(lambda: export_notify(export_id=export_id))
    return export


def _fail(export_id: int, token: str | None, reason: str) -> bool:
    query = ReportExport.objects.filter(pk=export_id, status=ReportExport.Status.RUNNING)
    if token is not None:
        query = query.filter(claim=token)
    with transaction.atomic():
        failed = query.update(
            status=ReportExport.Status.FAILED,
            error=reason[:2000],
            step="",
            finished_at=timezone.now(),
        )
        if failed:
            transaction.on_commit(lambda: export_notify(export_id=export_id))
    return bool(failed)


class _KeepAlive(threading.Thread):
    """Shows the claim is alive while a long step (a PDF) runs, so that only a worker that
    has really stopped is taken over. Runs in a worker process only."""

    def __init__(self, export_id: int, token: str):
        super().__init__(name=f"export-{export_id}-keepalive", daemon=True)
        self.export_id, self.token = export_id, token
        self.stopped = threading.Event()
        self.interval = max(1.0, settings.REPORT_EXPORT_STALE_SECONDS / 4)

    def run(self) -> None:
        from django.db import connection

        try:
            while not self.stopped.wait(self.interval):
                ReportExport.objects.filter(
                    pk=self.export_id, status=ReportExport.Status.RUNNING, claim=self.token
                ).update(heartbeat_at=timezone.now())
        except Exception:  # the run itself notices a lost claim or database
            logger.exception("Export %s: keep-alive stopped", self.export_id)
        finally:
            connection.close()

    def stop(self) -> None:
        self.stopped.set()
        self.join(timeout=10)


def export_run(*, export_id: int, keep_alive: bool = False) -> str:
    """Produce the export's files. Safe to call any number of times for the same export.

    Returns what happened: "done", "failed", "busy" (another worker holds it: try later),
    "superseded" (this worker lost its claim), or the final status it already had.
    ``keep_alive`` (set by the task in a worker) keeps the sign of life fresh from a thread
    while the run lasts.
    """
    token = uuid.uuid4().hex
    outcome = _claim(export_id, token)
    if outcome != "claimed":
        return outcome
    keeper = _KeepAlive(export_id, token) if keep_alive else None
    if keeper is not None:
        keeper.start()
    try:
        return _produce(export_id, token)
    finally:
        if keeper is not None:
            keeper.stop()


def _produce(export_id: int, token: str) -> str:
    export = ReportExport.objects.get(pk=export_id)
    if export.attempts > MAX_ATTEMPTS:
        with translation.override(settings.LANGUAGE_CODE):
            reason = _("Stopped after %(n)s attempts that were interrupted.") % {"n": MAX_ATTEMPTS}
        _fail(export_id, token, reason)
        return "failed"
    formats = export.formats
    steps = len(section_providers()) + len(formats) + 1
    children: dict[str, forked.ForkedRender | None] = {}
    try:
        with translation.override(settings.LANGUAGE_CODE):

            def section_done(i: int, n: int) -> None:
                _beat(
                    export_id,
                    token,
                    int(100 * i / steps),
                    _("Collected %(i)s of %(n)s parts") % {"i": i, "n": n},
                )

            _beat(export_id, token, 1, _("Collecting figures"))
            # One child process per format loads its renderer while the figures are
            # collected, then renders beside the others (see imdi.reports.forked). The
            # apps' report modules (and the chart library they share with the Word
            # renderer) are loaded first, once, for all of them.
            for dotted in section_providers():
                load_provider(dotted)
            for fmt in formats:
                children[fmt] = forked.start(
                    fmt,
                    render,
                    time_limit=settings.REPORT_EXPORT_TIME_LIMIT,
                    warm_up=renderers.warm_up,
                    label=str(ReportFormat(fmt).label),
                )
            started = time.perf_counter()
            document = build_document(export.year, on_section=section_done)
            _timed(export_id, "collect_and_build", time.perf_counter() - started)
            outputs = _render_files(export_id, token, formats, document, steps, children)
            _beat(export_id, token, int(100 * (steps - 1) / steps), _("Saving the files"))
            _finish(export_id, token, outputs)
    except ClaimLost:
        logger.warning("Export %s: claim lost, another worker continues", export_id)
        return "superseded"
    except Exception as exc:
        logger.exception("Export %s failed", export_id)
        # A child's failure already reads "TypeError: ...", as if it had happened here.
        reason = (
            str(exc) if isinstance(exc, forked.RenderFailed) else f"{type(exc).__name__}: {exc}"
        )
        _fail(export_id, token, reason)
        return "failed"
    finally:
        for child in children.values():
            if child is not None:
                child.close()
    return "done"


def _timed(export_id: int, phase: str, seconds: float, where: str = "") -> None:
    logger.info(
        "Export %s: %s took %.2f s%s",
        export_id,
        phase,
        seconds,
        f" ({where})" if where else "",
        extra={"export_phase": phase, "seconds": seconds},
    )


def _render_files(
    export_id: int,
    token: str,
    formats: list[str],
    document,
    steps: int,
    children: dict[str, forked.ForkedRender | None],
) -> dict[str, bytes]:
    """Every format's bytes, in the order of ``formats``: from the format's child process,
    which renders all at once with the others, or rendered here if it has none."""
    started = time.perf_counter()
    language = translation.get_language()
    for fmt, child in children.items():
        if child is not None and not child.send(document, language):
            children[fmt] = None
    outputs: dict[str, bytes] = {}
    for i, fmt in enumerate(formats, start=1):
        _beat(
            export_id,
            token,
            int(100 * (len(section_providers()) + i - 0.5) / steps),
            _("Writing %(format)s") % {"format": ReportFormat(fmt).label},
        )
        child = children.get(fmt)
        if child is None:
            t0 = time.perf_counter()
            outputs[fmt] = render(fmt, document)
            _timed(export_id, f"render_{fmt}", time.perf_counter() - t0, "in the worker")
        else:
            rendered = child.result()
            outputs[fmt] = rendered.content
            _timed(
                export_id,
                f"render_{fmt}",
                rendered.seconds,
                f"in a child process, peak {rendered.peak_rss_kb // 1024} MB",
            )
    _timed(export_id, "render_all", time.perf_counter() - started)
    return outputs


def exports_recover_stale(*, now=None) -> dict[str, int]:
    """Retry, or fail with the reason, every export that has run past the time limit, and
    queue again an export whose task was lost before it started."""
    now = now or timezone.now()
    limit = timedelta(seconds=settings.REPORT_EXPORT_TIME_LIMIT)
    counts = {"retried": 0, "failed": 0, "requeued": 0}
    running = ReportExport.objects.filter(
        status=ReportExport.Status.RUNNING, started_at__lt=now - limit
    )
    for export in running:
        minutes = settings.REPORT_EXPORT_TIME_LIMIT // 60
        if export.attempts >= MAX_ATTEMPTS:
            with translation.override(settings.LANGUAGE_CODE):
                reason = _("Stopped: the run took longer than %(minutes)s minutes %(n)s times.") % {
                    "minutes": minutes,
                    "n": export.attempts,
                }
            if _fail(export.pk, export.claim, reason):
                counts["failed"] += 1
            continue
        with transaction.atomic():
            if ReportExport.objects.filter(
                pk=export.pk, status=ReportExport.Status.RUNNING, claim=export.claim
            ).update(
                status=ReportExport.Status.QUEUED,
                claim="",
                progress=0,
                step="",
                heartbeat_at=None,
            ):
                counts["retried"] += 1
                _enqueue(export.pk)
    lost = ReportExport.objects.filter(
        status=ReportExport.Status.QUEUED, requested_at__lt=now - limit
    ).values_list("pk", flat=True)
    for export_id in lost:
        # A duplicate delivery is harmless: the claim lets only one run.
        with transaction.atomic():
            _enqueue(export_id)
        counts["requeued"] += 1
    return counts


# --- Mail ---------------------------------------------------------------------------------


def _recipients(export: ReportExport) -> list[str]:
    if export.requested_by is not None:
        return [export.requested_by.email] if export.requested_by.email else []
    # A scheduled run: the HR officers, who write the statement.
    return list(
        get_user_model()
        .objects.filter(groups__name=str(Role.HR_OFFICER), is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
    )


def export_notify(*, export_id: int) -> int:
    """Tell the requester that the export is done or has failed. Returns mails sent."""
    export = ReportExport.objects.select_related("requested_by").get(pk=export_id)
    recipients = _recipients(export)
    if not recipients:
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        if export.status == ReportExport.Status.DONE:
            subject = _("The equality statement for %(year)s is ready") % {"year": export.year}
            body = _(
                "The equality statement for %(year)s (%(formats)s) is ready. Log in to the "
                "IMDi portal and open Reports (%(path)s) to download the files."
            )
        else:
            subject = _("The equality statement for %(year)s failed") % {"year": export.year}
            body = _(
                "The equality statement for %(year)s (%(formats)s) could not be produced. "
                "Log in to the IMDi portal and open Reports (%(path)s) to see the reason and "
                "try again."
            )
        labels = ", ".join(str(ReportFormat(f).label) for f in export.formats)
        body = body % {"year": export.year, "formats": labels, "path": reverse("reports:list")}
    try:
        return send_mail(subject, body, None, recipients)
    except Exception:  # the files are there all the same; the page shows them
        logger.exception("Export %s: the mail could not be sent", export_id)
        return 0
