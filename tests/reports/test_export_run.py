"""The export service: one set of files however often a run is delivered."""

import hashlib
import os
import re
import signal
from datetime import timedelta
from pathlib import Path

import pytest
from django.core import mail
from django.utils import timezone

from imdi.models import AuditEvent
from imdi.reports import forked, services
from imdi.reports.models import ExportFile, ReportExport
from tests.reports.readback import pdf_text, word_document, word_tables, workbook

pytestmark = pytest.mark.usefixtures("sample_providers")


def stored_files(settings) -> list[Path]:
    root = Path(settings.STORAGES["private"]["OPTIONS"]["location"])
    return sorted(p for p in root.rglob("*") if p.is_file())


def sheet_values(content: bytes) -> dict[str, list[tuple]]:
    book = workbook(content)
    return {sheet.title: list(sheet.iter_rows(values_only=True)) for sheet in book.worksheets}


def queued(year=2023, formats=("docx", "xlsx"), user=None) -> ReportExport:
    """An export as the request leaves it, without running the task."""
    return ReportExport.objects.create(year=year, formats=list(formats), requested_by=user)


@pytest.mark.django_db
def test_a_run_writes_one_file_per_format_with_its_sha256(settings, personas):
    export = queued(formats=["xlsx", "pdf"], user=personas["hr"])
    assert services.export_run(export_id=export.pk) == "done"
    export.refresh_from_db()
    assert export.status == ReportExport.Status.DONE
    assert export.progress == 100
    assert export.attempts == 1
    files = {f.format: f for f in export.files.all()}
    assert set(files) == {"pdf", "xlsx"}
    on_disk = stored_files(settings)
    assert [p.name for p in on_disk] == [
        f"likestillingsredegjorelse-2023-{export.pk}.pdf",
        f"likestillingsredegjorelse-2023-{export.pk}.xlsx",
    ]
    for path in on_disk:
        record = files[path.suffix[1:]]
        content = path.read_bytes()
        assert record.sha256 == hashlib.sha256(content).hexdigest()
        assert record.size == len(content)
    assert workbook(on_disk[1].read_bytes())["Kjønnsbalanse og lønn 2023"]["E4"].value == 1238300
    assert AuditEvent.objects.filter(
        action="export", object_type="reports.reportexport", object_id=str(export.pk)
    ).exists()


@pytest.mark.django_db
def test_a_run_delivered_twice_gives_one_set_of_files(settings):
    export = queued()
    assert services.export_run(export_id=export.pk) == "done"
    first = {f.format: (f.pk, f.sha256) for f in ExportFile.objects.all()}
    names = stored_files(settings)
    # The broker delivers the same message again.
    assert services.export_run(export_id=export.pk) == "done"
    assert {f.format: (f.pk, f.sha256) for f in ExportFile.objects.all()} == first
    assert stored_files(settings) == names
    assert len(names) == 2
    export.refresh_from_db()
    assert export.attempts == 1


@pytest.mark.django_db
def test_a_second_delivery_while_the_first_runs_waits(settings):
    export = queued()
    # Another worker holds the export and showed life a moment ago.
    ReportExport.objects.filter(pk=export.pk).update(
        status="running",
        claim="other-worker",
        started_at=timezone.now(),
        heartbeat_at=timezone.now(),
        attempts=1,
    )
    assert services.export_run(export_id=export.pk) == "busy"
    assert not ExportFile.objects.exists()
    assert stored_files(settings) == []
    export.refresh_from_db()
    assert export.claim == "other-worker"


@pytest.mark.django_db
def test_a_redelivered_run_takes_over_from_a_dead_worker(settings):
    export = queued()
    silent_since = timezone.now() - timedelta(seconds=settings.REPORT_EXPORT_STALE_SECONDS + 5)
    ReportExport.objects.filter(pk=export.pk).update(
        status="running",
        claim="dead-worker",
        started_at=silent_since,
        heartbeat_at=silent_since,
        attempts=1,
        progress=40,
    )
    assert services.export_run(export_id=export.pk) == "done"
    export.refresh_from_db()
    assert export.status == "done" and export.attempts == 2
    assert ExportFile.objects.filter(export=export).count() == 2
    assert len(stored_files(settings)) == 2


@pytest.mark.django_db
def test_a_worker_that_lost_its_claim_while_the_files_render_writes_nothing(settings, monkeypatch):
    export = queued(formats=["pdf", "docx", "xlsx"])
    children = []
    real_start, real_result = forked.start, forked.ForkedRender.result

    def start(*args, **kwargs):
        children.append(real_start(*args, **kwargs))
        return children[-1]

    def result_after_losing_the_claim(self):
        # While the children render, the export is taken over by another worker.
        ReportExport.objects.filter(pk=export.pk).update(claim="someone-else")
        return real_result(self)

    monkeypatch.setattr(forked, "start", start)
    monkeypatch.setattr(forked.ForkedRender, "result", result_after_losing_the_claim)
    assert services.export_run(export_id=export.pk) == "superseded"
    assert not ExportFile.objects.exists()
    assert stored_files(settings) == []
    export.refresh_from_db()
    assert export.status == "running" and export.claim == "someone-else"
    # Every child has ended and been reaped, and its pipes are closed.
    assert len(children) == 3
    assert all(c.status is not None and c.reply_fd is None for c in children)


@pytest.mark.django_db
def test_without_child_processes_the_worker_renders_the_files_itself(settings, monkeypatch):
    export = queued()
    real_render = services.render
    monkeypatch.setattr(forked, "start", lambda *args, **kwargs: None)

    def render_then_lose_claim(fmt, document):
        assert os.getpid() == worker_pid  # rendered here, not in a child
        ReportExport.objects.filter(pk=export.pk).update(claim="someone-else")
        return real_render(fmt, document)

    worker_pid = os.getpid()
    monkeypatch.setattr(services, "render", render_then_lose_claim)
    assert services.export_run(export_id=export.pk) == "superseded"
    assert not ExportFile.objects.exists()
    assert stored_files(settings) == []
    # And without losing the claim, the same files as the children write.
    monkeypatch.setattr(services, "render", real_render)
    done = queued(formats=["pdf", "docx", "xlsx"])
    assert services.export_run(export_id=done.pk) == "done"
    monkeypatch.undo()
    in_children = queued(formats=["pdf", "docx", "xlsx"])
    assert services.export_run(export_id=in_children.pk) == "done"
    root = Path(settings.STORAGES["private"]["OPTIONS"]["location"])

    def read(export, fmt):
        return (root / export.files.get(format=fmt).name).read_bytes()

    assert word_tables(read(done, "docx")) == word_tables(read(in_children, "docx"))
    assert [p.text for p in word_document(read(done, "docx")).paragraphs] == [
        p.text for p in word_document(read(in_children, "docx")).paragraphs
    ]
    assert sheet_values(read(done, "xlsx")) == sheet_values(read(in_children, "xlsx"))
    pdfs = [read(done, "pdf"), read(in_children, "pdf")]
    # The same text (but for the minute it was produced at, which may differ).
    texts = [re.sub(r"\d\d:\d\d", "hh:mm", pdf_text(p)) for p in pdfs]
    assert len(texts) == 2 and texts[0] == texts[1]


@pytest.mark.django_db
def test_a_renderer_failing_in_its_child_fails_the_run_with_the_reason(monkeypatch):
    export = queued(formats=["pdf", "xlsx"])

    def broken(fmt, document):
        if fmt == "pdf":
            raise RuntimeError("the fonts are missing")
        return services.render(fmt, document)

    monkeypatch.setattr(services, "render", broken)
    assert services.export_run(export_id=export.pk) == "failed"
    export.refresh_from_db()
    assert export.status == "failed"
    assert export.error == "RuntimeError: the fonts are missing"
    assert not ExportFile.objects.exists()


@pytest.mark.django_db
def test_a_child_that_dies_fails_the_run_and_the_worker_carries_on(monkeypatch):
    export = queued(formats=["pdf", "xlsx"])
    worker_pid = os.getpid()
    real_render = services.render

    def dies(fmt, document):
        if fmt == "pdf" and os.getpid() != worker_pid:
            os.kill(os.getpid(), signal.SIGKILL)  # as the kernel's OOM killer would
        return real_render(fmt, document)

    monkeypatch.setattr(services, "render", dies)
    assert services.export_run(export_id=export.pk) == "failed"
    export.refresh_from_db()
    assert export.error == (
        "PDF-filen ble ikke laget: prosessen som lagde den, stoppet (killed by signal 9)."
    )
    assert not ExportFile.objects.exists()
    # The worker's own database connection is intact: the next run works.
    monkeypatch.setattr(services, "render", real_render)
    again = queued(formats=["pdf", "xlsx"])
    assert services.export_run(export_id=again.pk) == "done"
    assert again.files.count() == 2


@pytest.mark.django_db
def test_a_failing_part_fails_the_run_with_the_reason_and_tells_the_requester(
    settings, personas, django_capture_on_commit_callbacks
):
    settings.REPORT_SECTION_PROVIDERS = ("tests.reports.sample.broken_provider",)
    export = queued(user=personas["hr"])
    with django_capture_on_commit_callbacks(execute=True):
        assert services.export_run(export_id=export.pk) == "failed"
    export.refresh_from_db()
    assert export.status == "failed"
    assert export.error == "RuntimeError: the HR register is unavailable"
    assert not ExportFile.objects.exists()
    assert [m.subject for m in mail.outbox] == ["Likestillingsredegjørelsen for 2023 feilet"]


@pytest.mark.django_db(transaction=True)
def test_the_requester_gets_a_mail_when_the_run_is_done(personas):
    export = services.export_request(year=2023, formats=["xlsx"], user=personas["hr"])
    export.refresh_from_db()
    assert export.status == "done"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [personas["hr"].email]
    assert message.subject == "Likestillingsredegjørelsen for 2023 er klar"
    assert "/rapporter/" in message.body


@pytest.mark.django_db(transaction=True)
def test_a_failed_run_mails_the_requester_and_can_be_retried(settings, personas):
    settings.REPORT_SECTION_PROVIDERS = ("tests.reports.sample.broken_provider",)
    export = services.export_request(year=2023, formats=["xlsx"], user=personas["reader"])
    export.refresh_from_db()
    assert export.status == "failed"
    assert mail.outbox[-1].subject == "Likestillingsredegjørelsen for 2023 feilet"
    settings.REPORT_SECTION_PROVIDERS = ("tests.reports.sample.sample_provider",)
    services.export_retry(export=export, user=personas["reader"])
    export.refresh_from_db()
    assert export.status == "done" and export.error == ""
    assert export.files.count() == 1


@pytest.mark.django_db
def test_only_a_failed_export_can_be_retried():
    export = queued()
    with pytest.raises(services.ValidationError):
        services.export_retry(export=export)


@pytest.mark.django_db
def test_bad_year_or_format_is_refused_and_saves_nothing():
    with pytest.raises(services.ValidationError) as info:
        services.export_request(year=1999, formats=["pdf"])
    assert "Året må være mellom 2015 og" in info.value.messages[0]
    with pytest.raises(services.ValidationError):
        services.export_request(year=2023, formats=["odt"])
    with pytest.raises(services.ValidationError):
        services.export_request(year=2023, formats=[])
    assert not ReportExport.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_run_past_the_time_limit_is_retried(settings):
    export = queued()
    long_ago = timezone.now() - timedelta(seconds=settings.REPORT_EXPORT_TIME_LIMIT + 60)
    ReportExport.objects.filter(pk=export.pk).update(
        status="running", claim="stuck", started_at=long_ago, heartbeat_at=long_ago, attempts=1
    )
    counts = services.exports_recover_stale()
    assert counts == {"retried": 1, "failed": 0, "requeued": 0}
    export.refresh_from_db()
    # Queued again and, with tasks in process, run to the end by the new task.
    assert export.status == "done"
    assert export.files.count() == 2


@pytest.mark.django_db(transaction=True)
def test_a_run_past_the_time_limit_too_often_is_failed_with_the_reason(settings, personas):
    export = queued(user=personas["hr"])
    long_ago = timezone.now() - timedelta(seconds=settings.REPORT_EXPORT_TIME_LIMIT + 60)
    ReportExport.objects.filter(pk=export.pk).update(
        status="running",
        claim="stuck",
        started_at=long_ago,
        heartbeat_at=long_ago,
        attempts=services.MAX_ATTEMPTS,
    )
    assert services.exports_recover_stale()["failed"] == 1
    export.refresh_from_db()
    assert export.status == "failed"
    assert export.error == (
        f"Stoppet: kjøringen tok lenger tid enn {settings.REPORT_EXPORT_TIME_LIMIT // 60} "
        f"minutter {services.MAX_ATTEMPTS} ganger."
    )
    assert mail.outbox[-1].to == [personas["hr"].email]


@pytest.mark.django_db(transaction=True)
def test_the_schedule_makes_last_years_statement_once(personas):
    today = timezone.localdate().replace(year=2025, month=1, day=15)
    export = services.export_schedule_annual(today=today)
    assert export.year == 2024 and export.scheduled and export.requested_by is None
    assert sorted(export.formats) == ["docx", "pdf", "xlsx"]
    assert services.export_schedule_annual(today=today) is None
    assert ReportExport.objects.count() == 1
    export.refresh_from_db()
    assert export.status == "done"
    # No requester: the HR officers hear of it.
    assert mail.outbox[-1].to == [personas["hr"].email]


@pytest.mark.django_db(transaction=True)
def test_a_queued_export_whose_task_was_lost_is_queued_again(settings):
    export = queued()
    long_ago = timezone.now() - timedelta(seconds=settings.REPORT_EXPORT_TIME_LIMIT + 60)
    ReportExport.objects.filter(pk=export.pk).update(requested_at=long_ago)
    fresh = queued(year=2022)
    counts = services.exports_recover_stale()
    assert counts == {"retried": 0, "failed": 0, "requeued": 1}
    export.refresh_from_db()
    fresh.refresh_from_db()
    assert export.status == "done" and export.files.count() == 2
    # One queued a moment ago is left to the task that is on its way.
    assert fresh.status == "queued"


@pytest.mark.django_db(transaction=True)
def test_the_periodic_tasks_call_their_services(personas):
    import time_machine

    from imdi.reports import tasks

    assert tasks.recover_stale_exports.apply().get() == {"retried": 0, "failed": 0, "requeued": 0}
    with time_machine.travel("2027-01-15 03:00 +01:00", tick=False):
        export_id = tasks.scheduled_annual_report.apply().get()
    export = ReportExport.objects.get(pk=export_id)
    assert export.year == 2026 and export.scheduled
    assert export.status == "done"
