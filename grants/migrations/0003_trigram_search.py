"""pg_trgm GIN indexes for the application list's text search (PostgreSQL only).

The search matches ``ILIKE '%words%'`` on the application's title and portal reference and on
the organisation's name (:func:`grants.filters.text_search`); a trigram GIN index serves such a
pattern instead of a sequential scan of every application. SQLite has no such index: the
operation does nothing there, and the indexes are not part of the model state (a table rebuilt
by a later migration on SQLite must not try to create a GIN index).
"""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

TRIGRAM_INDEXES = [
    ("Application", "title", "grants_app_title_trgm"),
    ("Application", "external_ref", "grants_app_extref_trgm"),
    ("Organisation", "name", "grants_org_name_trgm"),
]


def _index(field: str, name: str) -> GinIndex:
    return GinIndex(fields=[field], name=name, opclasses=["gin_trgm_ops"])


class PostgresOnly(migrations.operations.base.Operation):
    """Run ``operation``'s database part on PostgreSQL only; no change to the model state."""

    reduces_to_sql = False
    reversible = True

    def __init__(self, operation):
        self.operation = operation

    def deconstruct(self):
        return (self.__class__.__name__, [self.operation], {})

    def state_forwards(self, app_label, state):
        pass

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            self.operation.database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            self.operation.database_backwards(app_label, schema_editor, from_state, to_state)

    def describe(self):
        return f"On PostgreSQL only: {self.operation.describe()}"


def add_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for model, field, name in TRIGRAM_INDEXES:
        schema_editor.add_index(apps.get_model("grants", model), _index(field, name))


def remove_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for model, field, name in TRIGRAM_INDEXES:
        schema_editor.remove_index(apps.get_model("grants", model), _index(field, name))


class Migration(migrations.Migration):
    dependencies = [("grants", "0002_indexes_for_lists")]

    operations = [
        PostgresOnly(TrigramExtension()),
        migrations.RunPython(add_indexes, remove_indexes),
    ]
