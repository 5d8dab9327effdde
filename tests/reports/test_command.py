"""``manage.py annual_report``: queue the statement and print where the files are."""

import hashlib
import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from imdi.reports.models import ReportExport

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("sample_providers")]


def test_annual_report_with_wait_prints_the_paths_of_the_finished_files():
    out = io.StringIO()
    call_command("annual_report", "--year", "2023", "--format", "docx,xlsx", "--wait", stdout=out)
    export = ReportExport.objects.get()
    assert export.status == "done" and export.formats == ["docx", "xlsx"]
    assert export.requested_by is None
    paths = [Path(line) for line in out.getvalue().splitlines()]
    assert [p.suffix for p in paths] == [".docx", ".xlsx"]
    for path in paths:
        assert path.is_file()
        record = export.files.get(format=path.suffix[1:])
        assert hashlib.sha256(path.read_bytes()).hexdigest() == record.sha256


def test_annual_report_refuses_an_unknown_format_and_saves_nothing():
    with pytest.raises(CommandError, match="Velg minst ett av formatene PDF, Word og Excel"):
        call_command("annual_report", "--year", "2023", "--format", "pdf,odt", stdout=io.StringIO())
    assert not ReportExport.objects.exists()


def test_annual_report_fails_loudly_when_the_run_fails(settings):
    settings.REPORT_SECTION_PROVIDERS = ("tests.reports.sample.broken_provider",)
    with pytest.raises(CommandError, match="the HR register is unavailable"):
        call_command(
            "annual_report", "--year", "2023", "--format", "xlsx", "--wait", stdout=io.StringIO()
        )
    assert ReportExport.objects.get().status == "failed"
