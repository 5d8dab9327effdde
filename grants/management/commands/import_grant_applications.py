"""``manage.py import_grant_applications FILE --user USERNAME``: the application portal's
spreadsheet (CSV or XLSX), all or nothing, as the import page does it."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand, CommandError

from grants import services
from grants.imports import ImportFailed


class Command(BaseCommand):
    help = "Import applications from the external application portal's spreadsheet."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--user", required=True, help="The grant officer who imports.")

    def handle(self, *args, file: Path, user: str, **options):
        try:
            importer = get_user_model().objects.get(username=user)
        except get_user_model().DoesNotExist:
            raise CommandError(f"No user {user!r}.") from None
        uploaded = SimpleUploadedFile(file.name, file.read_bytes())
        try:
            created = services.applications_import(user=importer, uploaded=uploaded)
        except ImportFailed as exc:
            for problem in exc.problems:
                self.stderr.write(str(problem))
            raise CommandError(f"Nothing imported: {len(exc.problems)} problems.") from None
        self.stdout.write(self.style.SUCCESS(f"{len(created)} applications imported."))
