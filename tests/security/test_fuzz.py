"""Property-based fuzzing of every form and every import: never a server error, never a
partial save.

Every URL that takes a POST is sent random form data by the role that may use it. A request
that does not succeed (the form shown again with its errors) must leave every table as it
was. Every import is sent random files mixing good and bad rows: either all the rows are
stored, or none.
"""

import csv
import io

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from grants.models import Application, Participant
from hr.importing import COLUMNS as HR_COLUMNS
from hr.models import EmployeeRecord
from tests.conftest import verified_login
from tests.security.test_access_matrix import POST_ONLY, ROUTES
from tests.security.world import build_world

pytestmark = pytest.mark.django_db

# Tables a request may touch whatever it does: the audit trail, sessions, login bookkeeping.
# Tables a request may write whatever it does: the audit trail, sessions, login attempts,
# devices, and the data cache's version rows (imdi.datacache creates one on its first read).
BOOKKEEPING = {
    "imdi.auditevent",
    "imdi.dataversion",
    "sessions.session",
    "axes.accesslog",
    "otp_totp.totpdevice",
}
SKIP = {
    # account pages whose success ends or changes the login the fuzzer relies on
    "logout",
    "login",
    "set_language",
    "password_change",
    "otp_verify",
    "otp_setup",
    "password_reset",
    "password_reset_confirm",
}
PREFERRED = ["grant_officer", "grant_approver", "advisor", "coordinator", "hr", "reader", "admin"]

FIELD_NAMES = sorted(
    {
        field
        for app in ("grants", "casework", "hr", "reports")
        for model in apps.get_app_config(app).get_models()
        for field in (f.name for f in model._meta.fields)
    }
    | {"themes", "token", "name", "file", "formats", "to_owner", "reason", "next", "outcome"}
)

NASTY = st.sampled_from(
    [
        "",
        " ",
        "0",
        "-1",
        "1e309",
        "NaN",
        "99999999999999999999",
        "31.02.2024",
        "2024-13-01",
        "<script>alert(1)</script>",
        "' OR 1=1 --",
        "\x00",
        "ø" * 500,
        "12345678901",
        "974760673",
        "true",
        "ja",
    ]
)
VALUES = st.one_of(NASTY, st.text(max_size=40), st.integers().map(str), st.dates().map(str))
FORM_DATA = st.dictionaries(st.sampled_from(FIELD_NAMES), VALUES, max_size=12)


def _counts() -> dict[str, int]:
    return {
        model._meta.label_lower: model.objects.count()
        for model in apps.get_models()
        if model._meta.label_lower not in BOOKKEEPING and model._meta.managed
    }


def _form_routes():
    for name, rule in sorted(ROUTES.items()):
        if rule.public or name in SKIP:
            continue
        persona = next(p for p in PREFERRED + sorted(rule.allowed) if p in rule.allowed)
        yield name, persona, rule


FORM_ROUTES = list(_form_routes())


@pytest.fixture
def world(personas):
    return build_world(personas)


@pytest.mark.parametrize("name,persona,rule", FORM_ROUTES, ids=[r[0] for r in FORM_ROUTES])
@settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=FORM_DATA)
def test_random_form_data_never_breaks_a_page_or_half_saves(
    name, persona, rule, data, personas, world
):
    url = reverse(name, kwargs={arg: world.ids.get(key, key) for arg, key in rule.kwargs.items()})
    client = verified_login(Client(), personas[persona])
    with transaction.atomic():
        before = _counts()
        response = client.post(url, data)
        assert response.status_code < 500, (name, data)
        if response.status_code not in (301, 302) and rule.get != POST_ONLY:
            # Not accepted: the page is shown again, and nothing was stored.
            assert _counts() == before, (name, data)
        transaction.set_rollback(True)


def _csv(header, rows) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


GOOD_EMPLOYEE = [
    "2024",
    "E1",
    "K",
    "saksbehandler",
    "650000",
    "100",
    "false",
    "nei",
    "0",
    "false",
    "0",
    "2,5",
    "230",
]


@st.composite
def employee_rows(draw):
    rows = []
    for i in range(draw(st.integers(1, 6))):
        row = list(GOOD_EMPLOYEE)
        row[1] = f"E{i}"
        row[11] = "2.5"
        for _ in range(draw(st.integers(0, 2))):
            row[draw(st.integers(0, len(row) - 1))] = draw(VALUES)
        rows.append(row)
    return rows


@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(rows=employee_rows())
def test_employee_import_stores_all_rows_or_none(rows, personas):
    client = verified_login(Client(), personas["hr"])
    with transaction.atomic():
        upload = SimpleUploadedFile("ansatte.csv", _csv(HR_COLUMNS, rows), content_type="text/csv")
        response = client.post(reverse("hr:import"), {"file": upload})
        assert response.status_code < 500
        if response.status_code == 302:
            event("file accepted")
            confirmed = client.post(response["Location"], {"confirm": "1"})
            assert confirmed.status_code < 500
            assert EmployeeRecord.objects.count() == len(rows)
        else:
            assert EmployeeRecord.objects.count() == 0
        transaction.set_rollback(True)


@st.composite
def participant_rows(draw, project_ref):
    good = [project_ref, "P1", "1990", "Somalia", "01.02.2025", "01.10.2025", "arbeid"]
    rows = []
    for i in range(draw(st.integers(1, 5))):
        row = list(good)
        row[1] = f"P{i}"
        for _ in range(draw(st.integers(0, 2))):
            row[draw(st.integers(0, len(row) - 1))] = draw(VALUES)
        rows.append(row)
    return rows


@settings(max_examples=20, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_participant_import_stores_all_rows_or_none(data, personas, world):
    from grants.imports import PARTICIPANT_COLUMNS

    application = Application.objects.get(pk=world.ids["application"])
    rows = data.draw(participant_rows(application.reference))
    client = verified_login(Client(), personas["grant_officer"])
    with transaction.atomic():
        before = Participant.objects.count()
        upload = SimpleUploadedFile(
            "deltakere.csv", _csv(PARTICIPANT_COLUMNS, rows), content_type="text/csv"
        )
        response = client.post(reverse("grants:participant_import"), {"file": upload})
        assert response.status_code < 500
        assert Participant.objects.count() in (before, before + len(rows))
        if response.status_code == 200:
            assert Participant.objects.count() == before
        else:
            event("file accepted")
        transaction.set_rollback(True)


@settings(max_examples=20, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_application_import_stores_all_rows_or_none(data, personas, world):
    from grants.imports import APPLICATION_COLUMNS

    good = [
        "",
        "974760673",
        "Oslo kommune",
        "kommune",
        "0301",
        "jobbsjansen",
        "2025",
        "Kvalifisering",
        "",
        "01.01.2025",
        "31.12.2025",
        "150000",
        "10",
        "",
        "",
    ]
    rows = []
    for i in range(data.draw(st.integers(1, 4))):
        row = list(good)
        row[7] = f"Prosjekt {i}"
        for _ in range(data.draw(st.integers(0, 2))):
            row[data.draw(st.integers(0, len(row) - 1))] = data.draw(VALUES)
        rows.append(row)
    client = verified_login(Client(), personas["grant_officer"])
    with transaction.atomic():
        before = _counts()
        upload = SimpleUploadedFile(
            "soknader.csv", _csv(APPLICATION_COLUMNS, rows), content_type="text/csv"
        )
        response = client.post(reverse("grants:application_import"), {"file": upload})
        assert response.status_code < 500
        after = _counts()
        if response.status_code == 200:
            assert after == before
        else:
            event("file accepted")
            assert after["grants.application"] == before["grants.application"] + len(rows)
        transaction.set_rollback(True)
