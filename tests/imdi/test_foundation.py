"""Roles, menu, audit trail, health check, deploy check and demo command (issue 2)."""

import os
import subprocess
import sys
from decimal import Decimal

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.db import connection
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from imdi import audit, formatting
from imdi.models import AuditEvent
from imdi.roles import ROLE_PERMISSIONS, Role
from imdi.services import roles_sync

pytestmark = pytest.mark.django_db
BASE_DIR = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


# --- Roles and menu -------------------------------------------------------------------------


def test_sync_roles_is_idempotent():
    first = roles_sync()
    snapshot = {
        g.name: set(g.permissions.values_list("id", flat=True)) for g in Group.objects.all()
    }
    second = roles_sync()
    again = {g.name: set(g.permissions.values_list("id", flat=True)) for g in Group.objects.all()}
    assert snapshot == again
    assert set(snapshot) == {str(r) for r in Role}
    assert all(line.startswith("created") for line in first)
    assert all(line.startswith("updated") for line in second)


def test_sync_roles_finds_every_declared_permission():
    lines = roles_sync()
    assert not [line for line in lines if "not found" in line], lines


def test_no_role_may_touch_cases_in_the_admin():
    for role, specs in ROLE_PERMISSIONS.items():
        for spec in specs:
            assert not spec.startswith(("casework.case", "casework.journal", "casework.person")), (
                role,
                spec,
            )


# What each persona's menu links to, by URL name. Written out by hand from DOMAIN.md's table of roles.
EXPECTED_MENU = {
    "grant_officer": {
        "grants:worklist",
        "grants:application_list",
        "grants:organisation_list",
        "grants:participant_list",
        "grants:statistics",
    },
    "grant_approver": {
        "grants:worklist",
        "grants:application_list",
        "grants:organisation_list",
        "grants:statistics",
    },
    "advisor": {"casework:my_cases", "casework:outreach_list"},
    "envoy": {"casework:my_cases", "casework:outreach_list"},
    "coordinator": {"casework:overview", "casework:statistics"},
    "hr": {
        "hr:dashboard",
        "hr:import",
        "hr:immigrant_background",
        "hr:equality_work",
        "reports:list",
    },
    "reader": {"grants:statistics", "casework:statistics", "hr:dashboard", "reports:list"},
    "admin": {"reports:list"},
    "nobody": set(),
}


@pytest.mark.parametrize("persona", sorted(EXPECTED_MENU))
def test_menu_shows_each_role_what_it_may_use_and_nothing_else(persona, client_for):
    from imdi.navigation import NAV_ITEMS

    html = client_for(persona).get("/").content.decode()
    nav = html[html.index('aria-label="Hovedmeny"') :] if 'aria-label="Hovedmeny"' in html else ""
    nav = nav[: nav.index("</nav>")] if nav else ""
    for item in NAV_ITEMS:
        link = f'href="{reverse(item.url_name)}"'
        assert (link in nav) == (item.url_name in EXPECTED_MENU[persona]), (persona, item.url_name)


# --- Every page but a few requires login ------------------------------------------------------

PUBLIC = {
    "login",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
    "healthz",
    "set_language",
}


def _patterns(resolver, prefix=""):
    for p in resolver.url_patterns:
        if isinstance(p, URLResolver):
            yield from _patterns(p, prefix + str(p.pattern))
        elif isinstance(p, URLPattern):
            yield prefix + str(p.pattern), p.name


def _example_path(route: str) -> str:
    import re

    path = re.sub(
        r"<(?:(\w+):)?(\w+)>", lambda m: "1" if (m.group(1) or "str") == "int" else "x1", route
    )
    path = path.replace("^", "").replace("$", "").replace("\\Z", "")
    return "/" + re.sub(r"\(\?P<\w+>[^)]*\)", "1", path)


def test_anonymous_requests_to_every_page_but_the_public_ones_go_to_login(client):
    checked = 0
    for route, name in _patterns(get_resolver()):
        if route.startswith("admin/") or name in PUBLIC or "(?P" in route and "admin" in route:
            continue
        path = _example_path(route)
        response = client.get(path)
        assert response.status_code == 302, (route, response.status_code)
        assert response["Location"].startswith(reverse("login")), route
        checked += 1
    assert checked >= 3


def test_admin_sends_anonymous_users_to_a_login(client):
    response = client.get("/admin/")
    assert response.status_code == 302


def test_every_model_in_the_admin_has_search_and_filters():
    for model, model_admin in admin.site._registry.items():
        assert model_admin.search_fields, model._meta.label
        assert model_admin.list_filter, model._meta.label


# --- Audit trail ----------------------------------------------------------------------------


def test_audit_entries_cannot_be_changed_or_deleted(personas):
    event = audit.record(None, audit.Action.VIEW, personas["hr"], user=personas["admin"])
    event.detail = "forfalsket"
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()
    with pytest.raises(PermissionError):
        AuditEvent.objects.filter(pk=event.pk).update(detail="x")
    with pytest.raises(PermissionError):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.get(pk=event.pk).detail == ""


def test_audit_admin_is_read_only_even_for_superusers(client, personas):
    from django.test import RequestFactory

    model_admin = admin.site._registry[AuditEvent]
    request = RequestFactory().get("/admin/")
    request.user = personas["admin"]
    personas["admin"].is_superuser = True
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request)
    assert not model_admin.has_delete_permission(request)


@pytest.mark.postgres
def test_database_refuses_to_change_the_audit_trail(personas):
    from django.db import transaction
    from django.db.utils import DatabaseError

    event = audit.record(None, audit.Action.VIEW, personas["hr"], user=personas["admin"])
    for sql in (
        "UPDATE imdi_auditevent SET detail = 'x' WHERE id = %s",
        "DELETE FROM imdi_auditevent WHERE id = %s",
    ):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, [event.pk])
    assert AuditEvent.objects.filter(pk=event.pk, detail="").exists()


def test_audit_records_who_where_what_and_which_record(rf, personas):
    request = rf.get("/saker/7/", REMOTE_ADDR="192.0.2.10")
    request.user = personas["advisor"]
    event = audit.record(request, audit.Action.VIEW, object_type="casework.case", object_id=7)
    assert (
        event.username,
        event.ip_address,
        event.action,
        event.object_type,
        event.object_id,
        event.path,
    ) == (
        "radgiver1",
        "192.0.2.10",
        "view",
        "casework.case",
        "7",
        "/saker/7/",
    )
    assert event.at is not None


# --- Health check ---------------------------------------------------------------------------


def test_healthz_is_503_when_the_broker_is_unreachable(client, settings):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "ok", "broker": "unreachable"}


# --- Settings and commands ------------------------------------------------------------------


def _run_settings(env_extra, code="import django; django.setup(); print('started')"):
    env = {
        "PATH": os.environ["PATH"],
        "DJANGO_SETTINGS_MODULE": "imdi.settings",
        "IMDI_VAR_DIR": "/tmp/imdi-settings-test",
    }
    env.update(env_extra)
    return subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, cwd=BASE_DIR
    )


def test_production_refuses_to_start_without_secret_key_or_hosts():
    no_key = _run_settings({"DJANGO_ALLOWED_HOSTS": "portal.imdi.no"})
    assert no_key.returncode != 0 and "DJANGO_SECRET_KEY" in no_key.stderr
    no_hosts = _run_settings({"DJANGO_SECRET_KEY": "k" * 50})
    assert no_hosts.returncode != 0 and "DJANGO_ALLOWED_HOSTS" in no_hosts.stderr


def test_secret_key_may_come_from_a_file(tmp_path):
    secret = tmp_path / "key"
    secret.write_text("s" * 60 + "\n")
    result = _run_settings(
        {"DJANGO_SECRET_KEY_FILE": str(secret), "DJANGO_ALLOWED_HOSTS": "portal.imdi.no"},
        "import django; django.setup(); from django.conf import settings; print(settings.SECRET_KEY)",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "s" * 60


def test_check_deploy_prints_no_warning_with_production_settings():
    result = _run_settings(
        {
            "DJANGO_SECRET_KEY": "Zq8-" + "v3ry-l0ng-r4nd0m-pr0duct10n-k3y-" * 2,
            "DJANGO_ALLOWED_HOSTS": "portal.imdi.no",
        },
        "import sys; from django.core.management import execute_from_command_line; "
        "execute_from_command_line(['manage.py', 'check', '--deploy', '--fail-level', 'WARNING'])",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_seed_demo_refuses_without_debug_unless_forced(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DJANGO_DEBUG"):
        call_command("seed_demo", password="demo-passord-123")
    call_command("seed_demo", password="demo-passord-123", force=True, users_only=True)
    from django.contrib.auth import get_user_model

    users = get_user_model().objects
    expected = {
        "admin": Role.ADMINISTRATOR,
        "tilskudd": Role.GRANT_OFFICER,
        "godkjenner": Role.GRANT_APPROVER,
        "radgiver1": Role.DIVERSITY_ADVISOR,
        "radgiver2": Role.DIVERSITY_ADVISOR,
        "utsending1": Role.SPECIAL_ENVOY,
        "koordinator": Role.CASEWORK_COORDINATOR,
        "hr": Role.HR_OFFICER,
        "leder": Role.REPORT_READER,
    }
    for username, role in expected.items():
        user = users.get(username=username)
        assert list(user.groups.values_list("name", flat=True)) == [str(role)]
        assert user.check_password("demo-passord-123")
    assert users.get(username="admin").is_superuser


def test_sync_schedules_creates_the_declared_tasks_and_keeps_changes():
    from django_celery_beat.models import PeriodicTask

    call_command("sync_schedules")
    task = PeriodicTask.objects.get(name="annual-equality-statement")
    assert (task.crontab.day_of_month, task.crontab.month_of_year) == ("15", "1")
    task.crontab.hour = "5"
    task.crontab.save()
    call_command("sync_schedules")
    assert PeriodicTask.objects.get(name="annual-equality-statement").crontab.hour == "5"


# --- Norwegian formatting -------------------------------------------------------------------


def test_numbers_money_and_percentages_are_written_the_norwegian_way():
    nbsp = "\xa0"
    assert formatting.nok(1238300) == f"1{nbsp}238{nbsp}300{nbsp}kr"
    assert formatting.percent(Decimal("98.125")) == f"98,13{nbsp}%"
    assert formatting.percent(98.12) == f"98,12{nbsp}%"
    assert formatting.number(None) == "–"


def test_dates_are_written_the_norwegian_way():
    import datetime

    from django.template import Context, Template

    rendered = Template('{{ d|date:"SHORT_DATE_FORMAT" }} {{ d }}').render(
        Context({"d": datetime.date(2026, 11, 25)})
    )
    assert rendered == "25.11.2026 25.11.2026"


def test_english_can_be_chosen(client, personas):
    from tests.conftest import verified_login

    verified_login(client, personas["hr"])
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    html = client.get("/").content.decode()
    assert 'lang="en"' in html and "Skip to main content" in html


def test_a_refused_page_is_recorded_once(client_for):
    client = client_for("hr")
    assert client.get("/tilskudd/soknader/").status_code == 403
    assert client.get("/tilskudd/soknader/999999/").status_code in (403, 404)
    refused = AuditEvent.objects.filter(action="access_refused", username="hr")
    assert refused.count() == 2
    assert {e.path for e in refused} == {"/tilskudd/soknader/", "/tilskudd/soknader/999999/"}


def test_a_missing_record_is_recorded_as_refused(client_for):
    client = client_for("grant_officer")
    assert client.get("/tilskudd/soknader/999999/").status_code == 404
    event = AuditEvent.objects.get(action="access_refused", username="tilskudd")
    assert event.object_id == "grants:application_detail" and event.detail == "404"


def test_the_browser_language_does_not_switch_the_portal_to_english(client):
    html = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert 'lang="nb"' in html and "Logg inn" in html
