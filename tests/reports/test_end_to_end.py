"""The statement from the apps' real sections, each format read back and compared."""

from pathlib import Path

import pytest

from imdi.reports import services
from imdi.reports.models import ReportExport
from tests.reports.compare import assert_files_match
from tests.reports.data import real_sections, seed_apps


@pytest.mark.django_db
def test_every_format_carries_the_figures_the_apps_compute(
    personas, settings, django_capture_on_commit_callbacks
):
    seed_apps(personas)
    with django_capture_on_commit_callbacks(execute=True):
        export = services.export_request(
            year=2023, formats=["pdf", "docx", "xlsx"], user=personas["hr"]
        )
    export.refresh_from_db()
    assert export.status == ReportExport.Status.DONE, export.error
    root = Path(settings.STORAGES["private"]["OPTIONS"]["location"])
    files = {f.format: (root / f.name).read_bytes() for f in export.files.all()}
    sections = real_sections(2023)
    # The parts in the source document's order: HR, casework, grants.
    assert [s.key for s in sections] == ["hr", "casework", "grants"]
    assert any(t.rows for s in sections for t in s.tables)
    assert_files_match(files, sections)
