"""Norway's counties and municipalities valid from 1 January 2024 (SSB classifications 104
and 131), from the checked list in imdi/data/norway_2024.csv."""

import csv
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data" / "norway_2024.csv"


def load_reference_data(County, Municipality) -> None:
    """Create or update every county and municipality. Takes the model classes so that the
    data migration can pass its historical models."""
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


def ensure_reference_data(sender, **kwargs) -> None:
    """post_migrate: put the reference data back after a database flush (which keeps the
    schema but empties every table, the migration's rows included)."""
    from imdi.models import County, Municipality

    using = kwargs.get("using", "default")
    if not County.objects.using(using).exists():
        load_reference_data(County, Municipality)
