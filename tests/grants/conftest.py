import pytest

from tests.grants import factories


@pytest.fixture
def officer(personas):
    return personas["grant_officer"]


@pytest.fixture
def officer2(personas):
    return personas["grant_officer2"]


@pytest.fixture
def approver(personas):
    return personas["grant_approver"]


@pytest.fixture
def scheme(db):
    return factories.scheme()


@pytest.fixture
def org(db):
    return factories.organisation()


@pytest.fixture
def app(officer, scheme, org):
    return factories.application(officer, scheme_obj=scheme, org=org)


AUDIT_TABLE = "imdi_auditevent"


@pytest.fixture(scope="module")
def _audit_triggers_restored(django_db_blocker):
    """Runs after the last flush of the module: the append-only triggers are on again."""
    yield
    from django.db import connection

    if connection.vendor == "postgresql":
        with django_db_blocker.unblock(), connection.cursor() as cursor:
            cursor.execute(f"ALTER TABLE {AUDIT_TABLE} ENABLE TRIGGER USER")


@pytest.fixture
def flushable_audit(_audit_triggers_restored, transactional_db):
    """A transactional test on PostgreSQL ends with a flush (TRUNCATE) of every table, which
    the audit trail's append-only trigger refuses. The trigger is switched off only for that
    flush, after the test body, and on again when the module ends."""
    yield
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"ALTER TABLE {AUDIT_TABLE} DISABLE TRIGGER USER")
