"""Every access to a case is in the audit trail; no entry carries the content."""

import re

import pytest
from django.urls import reverse

from casework.forms import owner_key
from imdi.models import AuditEvent

pytestmark = pytest.mark.django_db

CASE = "casework.case"
SECRETS = ["Fortrolig", "Aisha", "Testesen", "Hemmelig", "Ringte", "byttet skole"]


def _events(**filters):
    return AuditEvent.objects.filter(**filters)


def test_each_access_and_change_is_audited_without_content(client_for, cases, placements):
    case = cases["advisor"]
    pk = str(case.pk)
    owner = client_for("advisor")
    assert _events(action="create", object_type=CASE, object_id=pk, username="radgiver1").exists()

    owner.get(reverse("casework:case_detail", args=[case.pk]))
    assert _events(action="view", object_type=CASE, object_id=pk, username="radgiver1").exists()

    owner.get(reverse("casework:my_cases"))
    assert _events(action="list", object_type=CASE, object_id=pk).exists()

    owner.get(reverse("casework:my_cases"), {"q": case.reference[:4]})
    assert _events(action="search", object_type=CASE, object_id=pk).exists()

    owner.get(reverse("casework:case_export")).getvalue()  # the rows are audited as sent
    assert _events(action="export", object_type=CASE, object_id=pk).exists()

    owner.post(
        reverse("casework:journal_create", args=[case.pk]),
        {"date": "2024-03-04", "entry_kind": "action", "text": "Ringte barnevernet"},
    )
    entry = case.journal.get(text="Ringte barnevernet")
    assert _events(
        action="create", object_type="casework.journalentry", object_id=str(entry.pk)
    ).exists()

    owner.get(reverse("casework:journal_detail", args=[case.pk, entry.pk]))
    assert _events(
        action="view", object_type="casework.journalentry", object_id=str(entry.pk)
    ).exists()

    owner.post(
        reverse("casework:case_edit", args=[case.pk]),
        {"opened_on": "2024-03-01", "gender": "female", "age_group": "16-17",
         "country_of_origin": "IQ", "exposure": "exposed", "contact_channel": "phone",
         "themes": ["social_control"], "status": "open", "name": "Aisha Testesen"},
    )  # fmt: skip
    assert _events(action="update", object_type=CASE, object_id=pk).exists()

    coordinator = client_for("coordinator")
    coordinator.get(reverse("casework:overview"))
    assert _events(action="list", object_type=CASE, object_id=pk, username="koordinator").exists()
    coordinator.post(
        reverse("casework:case_transfer", args=[case.pk]),
        {"to_owner": owner_key(placements["advisor2"]), "reason": "Eleven har byttet skole"},
    )
    assert _events(action="transfer", object_type=CASE, object_id=pk).exists()

    # A refused attempt, by the former owner now.
    owner.get(reverse("casework:case_detail", args=[case.pk]))
    assert _events(action="access_refused", object_id=pk, username="radgiver1").exists()

    for event in AuditEvent.objects.all():
        text = f"{event.detail} {event.path} {event.object_id} {event.object_type}"
        for secret in SECRETS:
            assert secret not in text, (event.action, text)


def test_owner_sees_who_has_opened_the_case(client_for, cases, personas):
    case = cases["advisor"]
    client_for("coordinator").get(reverse("casework:case_detail", args=[case.pk]))
    body = (
        client_for("advisor").get(reverse("casework:case_detail", args=[case.pk])).content.decode()
    )
    history = body[body.index("Hvem som har åpnet saken") :]
    rows = re.findall(r"<tr><td>.*?</tr>", history)
    name = personas["coordinator"].get_full_name()
    assert any(name in row and "<td>åpnet</td>" in row for row in rows), rows


def test_outsider_attempts_are_audited(client_for, cases):
    case = cases["advisor"]
    client_for("hr").get(reverse("casework:case_detail", args=[case.pk]))
    client_for("admin").get(
        reverse("casework:journal_detail", args=[case.pk, case.journal.get().pk])
    )
    assert _events(action="access_refused", username="hr", object_id=str(case.pk)).exists()
    assert _events(action="access_refused", username="admin", object_type="casework.case").exists()
