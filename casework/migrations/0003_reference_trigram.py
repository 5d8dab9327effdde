"""A pg_trgm GIN index for the reference search (PostgreSQL only).

The case lists search the pseudonymous reference with ``icontains``, which Django writes as
``UPPER(reference::text) LIKE UPPER('%...%')`` on PostgreSQL; a trigram GIN index on that
expression serves it instead of a sequential scan of every case. SQLite has no such index:
the operation does nothing there, and the index is not part of the model state.
"""

from django.db import migrations

INDEX = "casework_case_reference_trgm"


def add_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON casework_case "
        "USING gin (UPPER(reference::text) gin_trgm_ops)"
    )
    # Statistics for the indexed expression, so the planner knows how selective a search is.
    schema_editor.execute("ANALYZE casework_case")


def remove_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("casework", "0002_list_indexes")]

    operations = [migrations.RunPython(add_index, remove_index, elidable=False)]
