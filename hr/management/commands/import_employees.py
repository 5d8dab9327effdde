"""``manage.py import_employees PATH``: load an employee file (CSV or XLSX), all or nothing."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

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
            raise CommandError(f"Cannot read {path}: {exc.strerror}") from exc
        result = parse_file(data, path.name)
        if not result.ok:
            for p in result.problems:
                column = p.column or "-"
                self.stderr.write(f"rad {p.row}, kolonne {column}: {p.message}")
            raise CommandError(f"{len(result.problems)} feil: ingenting er lagret.", returncode=1)
        outcome = employee_records_replace(records=result.records)
        years = ", ".join(map(str, outcome["years"]))
        self.stdout.write(
            self.style.SUCCESS(
                f"Importerte {outcome['created']} poster for {years} "
                f"(erstattet {outcome['replaced']})."
            )
        )
