"""``manage.py import_employees PATH``: load an employee file (CSV or XLSX), all or nothing."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from hr.importing import parse_file
from hr.services import employee_records_replace


class Command(BaseCommand):
    help = "Import employee records from a CSV or XLSX file, replacing the years it holds."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)

    def handle(self, *args, path: Path, **options):
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(
                _("Cannot read %(path)s: %(reason)s") % {"path": path, "reason": exc.strerror}
            ) from exc
        result = parse_file(data, path.name)
        if not result.ok:
            for p in result.problems:
                column = p.column or "-"
                self.stderr.write(
                    _("row %(row)s, column %(column)s: %(message)s")
                    % {"row": p.row, "column": column, "message": p.message}
                )
            raise CommandError(
                _("%(count)s problems: nothing was stored.") % {"count": len(result.problems)},
                returncode=1,
            )
        outcome = employee_records_replace(records=result.records)
        years = ", ".join(map(str, outcome["years"]))
        self.stdout.write(
            self.style.SUCCESS(
                _("Imported %(created)s records for %(years)s (replaced %(replaced)s).")
                % {"created": outcome["created"], "years": years, "replaced": outcome["replaced"]}
            )
        )
