"""The version row of the HR figures' cache (imdi.datacache "hr") exists from the start, so
that the first page reading the figures writes nothing (it would otherwise create it)."""

from django.db import migrations

NAME = "hr"


def create(apps, schema_editor):
    DataVersion = apps.get_model("imdi", "DataVersion")
    DataVersion.objects.using(schema_editor.connection.alias).get_or_create(name=NAME)


class Migration(migrations.Migration):
    dependencies = [
        ("hr", "0001_initial"),
        ("imdi", "0004_data_version"),
    ]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
