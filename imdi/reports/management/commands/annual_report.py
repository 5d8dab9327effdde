"""``manage.py annual_report --year 2023 --format pdf,docx,xlsx [--wait]``

Queues the statement and prints where each file is (or will be) written: the names are
fixed per export, so they are known before the run. With ``--wait`` the command waits for
the run to finish and fails if it fails.
"""

import time

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import storages
from django.core.management.base import BaseCommand, CommandError

from imdi.reports import services
from imdi.reports.models import ReportExport


class Command(BaseCommand):
    help = "Produce the annual equality statement for a year and print the file paths."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument(
            "--format",
            default=",".join(services.ALL_FORMATS),
            help="Comma-separated: pdf,docx,xlsx (default: all three).",
        )
        parser.add_argument("--wait", action="store_true", help="Wait until the files exist.")
        parser.add_argument(
            "--timeout",
            type=int,
            default=None,
            help="Seconds to wait with --wait (default: the export time limit).",
        )

    def handle(self, *args, year, format, wait, timeout, **options):
        formats = [f.strip().lower() for f in format.split(",") if f.strip()]
        try:
            export = services.export_request(year=year, formats=formats)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        self.stderr.write(f"Export {export.pk}: {year} {','.join(export.formats)}")
        if wait:
            deadline = time.monotonic() + (timeout or settings.REPORT_EXPORT_TIME_LIMIT)
            while True:
                export.refresh_from_db()
                if export.status in (ReportExport.Status.DONE, ReportExport.Status.FAILED):
                    break
                if time.monotonic() > deadline:
                    raise CommandError(f"Export {export.pk} is still {export.status}.")
                time.sleep(0.5)
            if export.status == ReportExport.Status.FAILED:
                raise CommandError(f"Export {export.pk} failed: {export.error}")
        storage = storages["private"]
        for fmt in export.formats:
            self.stdout.write(storage.path(services.export_file_name(export, fmt)))
