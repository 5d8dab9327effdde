from django.db import migrations

from imdi.refdata import load_reference_data


def load(apps, schema_editor):
    load_reference_data(apps.get_model("imdi", "County"), apps.get_model("imdi", "Municipality"))


class Migration(migrations.Migration):
    dependencies = [("imdi", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
