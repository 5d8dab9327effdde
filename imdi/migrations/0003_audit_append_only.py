"""On PostgreSQL the database itself refuses to change or delete an audit entry.

TRUNCATE is left to the table's owner (the operators, and the test runner's flush); the
portal never issues it."""

from django.db import migrations

FORWARD = """
CREATE OR REPLACE FUNCTION imdi_audit_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'the audit trail is append-only';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER imdi_audit_append_only
    BEFORE UPDATE OR DELETE ON imdi_auditevent
    FOR EACH ROW EXECUTE FUNCTION imdi_audit_append_only();
"""
BACKWARD = """
DROP TRIGGER IF EXISTS imdi_audit_append_only ON imdi_auditevent;
DROP FUNCTION IF EXISTS imdi_audit_append_only();
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD)


class Migration(migrations.Migration):
    dependencies = [("imdi", "0002_reference_data")]
    operations = [migrations.RunPython(forward, backward)]
