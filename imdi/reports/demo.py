"""Demo data for the reports page: last year's statement, produced once."""

from django.utils import timezone

from imdi.reports.models import ReportExport


def seed(*, users, scale, stdout) -> None:
    if ReportExport.objects.exists():
        stdout.write("reports: demo exports already there, skipped")
        return
    from imdi.reports import services

    year = timezone.localdate().year - 1
    export = services.export_request(year=year, formats=services.ALL_FORMATS, user=users.get("hr"))
    stdout.write(f"reports: statement for {year} queued (export {export.pk})")
