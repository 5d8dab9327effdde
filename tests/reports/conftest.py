import pytest

from imdi.celery import app as celery_app

SAMPLE = "tests.reports.sample.sample_provider"
AUDIT_TABLE = "imdi_auditevent"


@pytest.fixture(autouse=True)
def _eager_celery(request):
    """Tasks run in process, except in the tests that start a real worker."""
    if request.node.get_closest_marker("services"):
        yield
        return
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = previous


@pytest.fixture
def sample_providers(settings):
    """The statement built from the hand-made sample section (no app data needed)."""
    settings.REPORT_SECTION_PROVIDERS = (SAMPLE,)


@pytest.fixture(scope="module")
def _audit_triggers_restored(django_db_blocker):
    """Runs after the module's last flush: the append-only triggers are on again."""
    yield
    from django.db import connection

    if connection.vendor == "postgresql":
        with django_db_blocker.unblock(), connection.cursor() as cursor:
            cursor.execute(f"ALTER TABLE {AUDIT_TABLE} ENABLE TRIGGER USER")


@pytest.fixture(autouse=True)
def _flushable_audit(request):
    """A transactional test on PostgreSQL ends with a flush (TRUNCATE) of every table, which
    the audit trail's append-only trigger refuses. The trigger is switched off only for that
    flush, after the test body, and is on during every test."""
    marker = request.node.get_closest_marker("django_db")
    transactional = bool(marker and marker.kwargs.get("transaction"))
    if not transactional:
        yield
        return
    request.getfixturevalue("_audit_triggers_restored")
    request.getfixturevalue("transactional_db")  # set up first, so torn down (flushed) after
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"ALTER TABLE {AUDIT_TABLE} ENABLE TRIGGER USER")
    yield
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"ALTER TABLE {AUDIT_TABLE} DISABLE TRIGGER USER")
