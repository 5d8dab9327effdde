"""``manage.py equality_table --year 2023 [--format json|csv] [--public]``."""

import csv
import json
from decimal import Decimal

from django.core.management.base import BaseCommand

from hr.selectors import ROW_KEYS, equality_table

CSV_HEADER = ["year", *ROW_KEYS]


def to_json(value) -> str:
    """JSON with the figures exactly as computed: a Decimal keeps its 2 decimals (50.00, not
    50.0, which ``float`` would give), None is null; keys keep their order."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        items = (f"{json.dumps(str(k))}: {to_json(v)}" for k, v in value.items())
        return "{" + ", ".join(items) + "}"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(to_json(v) for v in value) + "]"
    return json.dumps(value, ensure_ascii=False)


class Command(BaseCommand):
    help = "Print the equality table of a year as JSON or CSV."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--format", choices=["json", "csv"], default="json")
        parser.add_argument(
            "--public", action="store_true", help="Apply the publication rule (HR_MIN_GROUP_SIZE)."
        )

    def handle(self, *args, year: int, format: str, public: bool, **options):
        table = equality_table(year, public=public)
        if format == "json":
            self.stdout.write(to_json(table))
            return
        writer = csv.writer(self.stdout, lineterminator="\n")
        writer.writerow(CSV_HEADER)
        for row in table["rows"]:
            writer.writerow([year, *("" if row[k] is None else row[k] for k in ROW_KEYS)])
