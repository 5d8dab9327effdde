"""The version row of the grant statistics' cached figures (imdi.datacache), created with the
app so that reading the statistics never writes it."""

from django.db import migrations


def create(apps, schema_editor):
    DataVersion = apps.get_model("imdi", "DataVersion")
    DataVersion.objects.get_or_create(name="grants")


class Migration(migrations.Migration):
    dependencies = [
        ("grants", "0004_unassigned_index"),
        ("imdi", "0004_data_version"),
    ]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
