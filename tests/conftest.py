"""Shared fixtures: one persona per role, logged-in clients, and service detection.

Tests that need PostgreSQL or Redis carry the ``services`` or ``postgres`` marker. Without
the service they are skipped locally; CI sets IMDI_REQUIRE_SERVICES=1 and then a missing
service fails instead.
"""

import os
import shutil

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django_otp.plugins.otp_totp.models import TOTPDevice

from imdi.roles import Role
from tests.factories import UserFactory

pytest_plugins = ["tests.browser", "tests.worker"]

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
REQUIRE_SERVICES = os.environ.get("IMDI_REQUIRE_SERVICES") == "1"


def _on_postgres() -> bool:
    return settings.DATABASES["default"]["ENGINE"].endswith("postgresql")


def pytest_collection_modifyitems(config, items):
    if REQUIRE_SERVICES:
        return
    reasons = {
        "postgres": (not _on_postgres(), "needs PostgreSQL (set DATABASE_URL)"),
        "services": (
            not (_on_postgres() and settings.CELERY_BROKER_URL),
            "needs PostgreSQL and a broker (set DATABASE_URL and CELERY_BROKER_URL)",
        ),
        "browser": (shutil.which(CHROMIUM) is None, f"needs Chromium at {CHROMIUM}"),
    }
    for item in items:
        for marker, (missing, reason) in reasons.items():
            if missing and item.get_closest_marker(marker):
                item.add_marker(pytest.mark.skip(reason=reason))


@pytest.fixture(autouse=True)
def _private_storage(tmp_path, settings):
    """Each test writes attachments and report files to its own folder."""
    settings.PRIVATE_STORAGE_ROOT = tmp_path / "private"
    storages = dict(settings.STORAGES)
    for name in ("default", "private"):
        storages[name] = {**storages[name], "OPTIONS": {"location": tmp_path / "private"}}
    settings.STORAGES = storages


@pytest.fixture(autouse=True)
def _tasks_in_process(request):
    """Tasks run in process, as with no broker, except in the tests that start a real worker
    (marked ``services``): a test with CELERY_BROKER_URL set but no worker would wait forever."""
    from imdi.celery import app

    if request.node.get_closest_marker("services"):
        yield
        return
    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = previous


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with no cached figures or charts (the cache lives in the process)."""
    from django.core.cache import caches

    caches["default"].clear()


@pytest.fixture(autouse=True)
def _fast_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def roles(db):
    from imdi.services import roles_sync

    roles_sync()
    return {role: Group.objects.get(name=str(role)) for role in Role}


def make_persona(role: Role | None, username: str, **extra):
    user = UserFactory(username=username, **extra)
    if role is not None:
        user.groups.add(Group.objects.get(name=str(role)))
    return user


@pytest.fixture
def personas(roles):
    """One user per role, plus a second advisor and a user without any role."""
    return {
        "admin": make_persona(Role.ADMINISTRATOR, "admin", is_staff=True),
        "grant_officer": make_persona(Role.GRANT_OFFICER, "tilskudd"),
        "grant_officer2": make_persona(Role.GRANT_OFFICER, "tilskudd2"),
        "grant_approver": make_persona(Role.GRANT_APPROVER, "godkjenner"),
        "advisor": make_persona(Role.DIVERSITY_ADVISOR, "radgiver1"),
        "advisor2": make_persona(Role.DIVERSITY_ADVISOR, "radgiver2"),
        "envoy": make_persona(Role.SPECIAL_ENVOY, "utsending1"),
        "coordinator": make_persona(Role.CASEWORK_COORDINATOR, "koordinator"),
        "hr": make_persona(Role.HR_OFFICER, "hr"),
        "reader": make_persona(Role.REPORT_READER, "leder"),
        "nobody": make_persona(None, "ingen"),
    }


def verified_login(client, user):
    """Log the user in as if through the form and the second factor."""
    client.force_login(user)
    device, _ = TOTPDevice.objects.get_or_create(
        user=user, name="test", defaults={"confirmed": True}
    )
    session = client.session
    from django_otp import DEVICE_ID_SESSION_KEY

    from imdi.signals import SESSION_LOGIN_AT

    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    import time

    session[SESSION_LOGIN_AT] = int(time.time())
    session.save()
    return client


@pytest.fixture
def login(client):
    """login(user) -> a test client logged in with a verified second factor."""

    def _login(user, c=None):
        return verified_login(c or client, user)

    return _login


@pytest.fixture
def client_for(personas):
    """client_for("advisor") -> a fresh, verified client for that persona."""
    from django.test import Client

    def _client(name):
        return verified_login(Client(), personas[name])

    return _client
