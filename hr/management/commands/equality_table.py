"""``manage.py equality_table --year 2023 [--format json|csv] [--public]``."""

import csv
import json
from decimal import Decimal

from django.core.management.base import BaseCommand

from hr.selectors import ROW_KEYS, equality_table

CSV_HEADER = ["year", *ROW_KEYS]


def _plain(value):
    """Decimals as JSON numbers (33.83), None as null."""
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


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
            self.stdout.write(json.dumps(_plain(table), ensure_ascii=False))
            return
        writer = csv.writer(self.stdout, lineterminator="\n")
        writer.writerow(CSV_HEADER)
        for row in table["rows"]:
            writer.writerow([year, *("" if row[k] is None else row[k] for k in ROW_KEYS)])
