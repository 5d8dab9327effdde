"""The export through real Celery workers on Redis: end to end, delivered twice, and a worker
killed with SIGKILL in the middle of a run.

Run with PostgreSQL and Redis, e.g.::

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/imdi_reports \\
    CELERY_BROKER_URL=redis://127.0.0.1:6379/14 \\
    .venv/bin/python -m pytest tests/reports -p no:cacheprovider --create-db
"""

import hashlib
from pathlib import Path

import pytest

from imdi.reports import services
from imdi.reports.models import ExportFile, ReportExport
from imdi.reports.tasks import run_export
from tests.reports.compare import assert_files_match
from tests.reports.data import real_sections, seed_apps
from tests.worker import CeleryWorker, wait_for

pytestmark = [
    pytest.mark.services,
    pytest.mark.django_db(transaction=True),
]
SLOW = "tests.reports.worker_settings"


def files_on_disk(settings) -> list[Path]:
    root = Path(settings.STORAGES["private"]["OPTIONS"]["location"])
    return sorted(p for p in root.rglob("*") if p.is_file())


def finished(export_id: int) -> ReportExport | None:
    export = ReportExport.objects.get(pk=export_id)
    return export if export.status in ("done", "failed") else None


def test_the_export_runs_end_to_end_on_a_worker(personas, settings, celery_worker):
    seed_apps(personas)
    export = services.export_request(
        year=2023, formats=["pdf", "docx", "xlsx"], user=personas["hr"]
    )
    done = wait_for(lambda: finished(export.pk), timeout=90)
    assert done.status == "done", done.error + celery_worker.log()
    assert done.attempts == 1
    paths = files_on_disk(settings)
    assert len(paths) == 3
    files = {}
    for record in done.files.all():
        content = (
            Path(settings.STORAGES["private"]["OPTIONS"]["location"]) / record.name
        ).read_bytes()
        assert hashlib.sha256(content).hexdigest() == record.sha256
        files[record.format] = content
    assert_files_match(files, real_sections(2023))


def test_a_run_delivered_twice_to_two_workers_gives_one_set_of_files(personas, settings):
    seed_apps(personas)
    quick = {"REPORT_EXPORT_STALE_SECONDS": "2"}
    a = CeleryWorker("a", env=quick).launch()
    b = CeleryWorker("b", env=quick, purge=False).launch()
    with a, b:
        export = services.export_request(year=2023, formats=["xlsx", "docx"], user=personas["hr"])
        # The broker hands the same run out twice more.
        run_export.delay(export.pk)
        run_export.delay(export.pk)
        done = wait_for(lambda: finished(export.pk), timeout=90)
        assert done.status == "done", done.error + b.log()
        first = {f.format: f.sha256 for f in done.files.all()}
        # Let every delivery finish: the later ones find the run done and write nothing.
        wait_for(lambda: ExportFile.objects.count() == 2 and _deliveries_settled(), timeout=30)
    done.refresh_from_db()
    assert done.status == "done" and done.attempts == 1
    assert {f.format: f.sha256 for f in done.files.all()} == first
    assert [p.name for p in files_on_disk(settings)] == [
        f"likestillingsredegjorelse-2023-{export.pk}.docx",
        f"likestillingsredegjorelse-2023-{export.pk}.xlsx",
    ]


def _deliveries_settled() -> bool:
    from imdi.celery import app

    with app.connection_for_write() as conn:
        client = conn.default_channel.client
        return client.llen("celery") == 0 and client.hlen("unacked") == 0


def test_a_worker_killed_in_the_middle_is_finished_by_another(personas, settings):
    with CeleryWorker("doomed", settings_module=SLOW) as doomed:
        export = services.export_request(year=2023, formats=["docx", "xlsx"], user=personas["hr"])
        # In the middle: the first of three parts collected, the files not yet written.
        wait_for(
            lambda: ReportExport.objects.filter(
                pk=export.pk, status="running", progress__gt=1
            ).exists(),
            timeout=60,
        )
        doomed.kill()
    stuck = ReportExport.objects.get(pk=export.pk)
    assert stuck.status == "running" and stuck.attempts == 1
    assert not ExportFile.objects.exists() and files_on_disk(settings) == []

    # The second worker finds the unacknowledged message (visibility timeout 1 s) and takes
    # the run over once the first has shown no life for 2 s.
    rescue_env = {"CELERY_VISIBILITY_TIMEOUT": "1", "REPORT_EXPORT_STALE_SECONDS": "2"}
    with CeleryWorker("rescuer", settings_module=SLOW, env=rescue_env, purge=False) as rescuer:
        done = wait_for(lambda: finished(export.pk), timeout=90)
        assert done.status == "done", done.error + rescuer.log()
        assert "taken over" in rescuer.log()
    assert done.attempts == 2
    assert ExportFile.objects.filter(export=done).count() == 2
    paths = files_on_disk(settings)
    assert [p.name for p in paths] == [
        f"likestillingsredegjorelse-2023-{export.pk}.docx",
        f"likestillingsredegjorelse-2023-{export.pk}.xlsx",
    ]
    for path in paths:
        record = done.files.get(format=path.suffix[1:])
        assert hashlib.sha256(path.read_bytes()).hexdigest() == record.sha256
