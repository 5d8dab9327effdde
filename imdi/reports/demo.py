"""Demo data for the reports page: the statement for the newest year with demo data,
produced once."""

from django.db.models import Max
from django.utils import timezone

from imdi.reports.models import ReportExport


def seed(*, users, scale, stdout) -> None:
    if ReportExport.objects.exists():
        stdout.write("reports: demo exports already there, skipped")
        return
    from hr.models import EmployeeRecord
    from imdi.reports import services

    # The demo's HR, casework and grant data end in an earlier year than last year.
    newest = EmployeeRecord.objects.aggregate(year=Max("year"))["year"]
    year = newest or timezone.localdate().year - 1
    export = services.export_request(year=year, formats=services.ALL_FORMATS, user=users.get("hr"))
    stdout.write(f"reports: statement for {year} queued (export {export.pk})")
