"""HR test set-up.

On PostgreSQL the audit table refuses TRUNCATE (imdi/migrations/0003), so the flush that
ends a ``transaction=True`` test fails. Around the teardown of such a test, this session's
triggers are switched off (``session_replication_role = replica``) and switched back on
after the flush, so the append-only rule stays in force for every other test.
"""

import pytest
from django.db import connection
from pytest_django.plugin import blocking_manager_key


def _transactional(item) -> bool:
    marker = item.get_closest_marker("django_db")
    return bool(marker and marker.kwargs.get("transaction"))


def _set_role(item, role: str) -> None:
    with item.config.stash[blocking_manager_key].unblock(), connection.cursor() as cursor:
        cursor.execute(f"SET session_replication_role = {role}")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item, nextitem):
    active = connection.vendor == "postgresql" and _transactional(item)
    if active:
        _set_role(item, "replica")
    yield
    if active:
        _set_role(item, "origin")
