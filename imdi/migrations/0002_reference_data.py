"""Norway's counties and municipalities valid from 1 January 2024 (SSB classifications 104
and 131), from the checked list in imdi/data/norway_2024.csv."""

import csv
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data" / "norway_2024.csv"


def load(apps, schema_editor):
    County = apps.get_model("imdi", "County")
    Municipality = apps.get_model("imdi", "Municipality")
    with DATA.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    counties = {}
    for row in rows:
        if row["kind"] == "county":
            counties[row["number"]], _ = County.objects.update_or_create(
                number=row["number"], defaults={"name": row["name"]}
            )
    for row in rows:
        if row["kind"] == "municipality":
            Municipality.objects.update_or_create(
                number=row["number"],
                defaults={"name": row["name"], "county": counties[row["county_number"]]},
            )


class Migration(migrations.Migration):
    dependencies = [("imdi", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
