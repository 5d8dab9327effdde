from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from casework import services
from casework.models import Case


class Command(BaseCommand):
    help = "Anonymise closed cases past the retention period (CASEWORK_RETENTION_YEARS)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="List what would be anonymised; change nothing."
        )

    def handle(self, *args, dry_run=False, **options):
        ids = services.cases_anonymise(dry_run=dry_run)
        if dry_run:
            for case in Case.objects.filter(pk__in=ids).order_by("closed_on", "pk"):
                # Reference and closing date only: nothing about the person.
                self.stdout.write(f"{case.reference}\t{case.closed_on:%d.%m.%Y}")
            self.stdout.write(_("%(count)d cases would be anonymised.") % {"count": len(ids)})
        else:
            self.stdout.write(_("%(count)d cases anonymised.") % {"count": len(ids)})
