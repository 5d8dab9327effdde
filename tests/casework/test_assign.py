"""The coordinator assigns the cases of an advisor who has left to someone who can work on them."""

import datetime

import pytest
from django.urls import reverse

from casework import services
from casework.forms import owner_key
from casework.models import Case, CaseTransfer
from imdi.models import AuditEvent
from tests.casework.conftest import make_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def leaving(cases, placements):
    """The first advisor has left: two open cases and one closed, visible to no advisor now."""
    owner = placements["advisor"]
    second_open = make_case(owner)
    closed = make_case(owner)
    services.case_update(
        case=closed, by=owner.user, themes=["social_control"], status=Case.Status.CLOSED
    )
    owner.active = False
    owner.save()
    return {"owner": owner, "open": [cases["advisor"], second_open], "closed": closed}


def test_overview_names_the_owner_who_left_and_links_to_assignment(client_for, leaving):
    page = client_for("coordinator").get(reverse("casework:overview")).content.decode()
    assert "Saker uten aktiv eier" in page
    assert f"{reverse('casework:cases_assign')}?fra={leaving['owner'].pk}" in page
    assert "2 åpne saker" in page


def test_coordinator_assigns_open_cases_of_a_leaver(client_for, leaving, placements):
    form = client_for("coordinator").get(
        reverse("casework:cases_assign"), {"fra": leaving["owner"].pk}
    )
    assert form.status_code == 200
    assert f'value="{owner_key(leaving["owner"])}"' in form.content.decode()
    assert "(har sluttet eller mangler konto)" in form.content.decode()
    response = client_for("coordinator").post(
        reverse("casework:cases_assign"),
        {
            "from_owner": owner_key(leaving["owner"]),
            "to_owner": owner_key(placements["advisor2"]),
            "reason": "Rådgiveren har sluttet",
        },
    )
    assert response.status_code == 302
    for case in leaving["open"]:
        case.refresh_from_db()
        assert case.owner == placements["advisor2"]
        detail = client_for("advisor2").get(reverse("casework:case_detail", args=[case.pk]))
        assert detail.status_code == 200
    leaving["closed"].refresh_from_db()
    assert leaving["closed"].owner == leaving["owner"]  # closed cases stay unless asked
    transfers = CaseTransfer.objects.filter(from_owner=leaving["owner"])
    assert sorted(t.case_id for t in transfers) == sorted(c.pk for c in leaving["open"])
    assert {t.reason for t in transfers} == {"Rådgiveren har sluttet"}
    events = AuditEvent.objects.filter(action="transfer", username="koordinator")
    assert sorted(int(e.object_id) for e in events) == sorted(c.pk for c in leaving["open"])
    after = client_for("coordinator").get(reverse("casework:overview")).content.decode()
    assert "Saker uten aktiv eier" not in after


def test_closed_cases_move_too_when_asked(client_for, leaving, placements):
    client_for("coordinator").post(
        reverse("casework:cases_assign"),
        {
            "from_owner": owner_key(leaving["owner"]),
            "to_owner": owner_key(placements["advisor2"]),
            "include_closed": "on",
            "reason": "Rådgiveren har sluttet",
        },
    )
    assert not Case.objects.filter(owner=leaving["owner"]).exists()
    assert Case.objects.filter(owner=placements["advisor2"]).count() == 4


@pytest.mark.parametrize(
    "target,message",
    [("envoy", "kan bare gå til en rådgiver"), ("advisor", "Velg en annen")],
)
def test_bad_assignment_is_explained_and_moves_nothing(
    client_for, leaving, placements, target, message
):
    # The leaver's own record is inactive, so it is not even offered as a target.
    owner = placements["advisor2"]
    make_case(owner, opened_on=datetime.date(2024, 5, 1))
    to = placements[target] if target == "envoy" else owner
    response = client_for("coordinator").post(
        reverse("casework:cases_assign"),
        {"from_owner": owner_key(owner), "to_owner": owner_key(to), "reason": "Omfordeling"},
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not CaseTransfer.objects.exists()


@pytest.mark.parametrize("who", ["advisor", "admin", "reader"])
def test_only_the_coordinator_assigns(client_for, leaving, placements, who):
    response = client_for(who).post(
        reverse("casework:cases_assign"),
        {
            "from_owner": owner_key(leaving["owner"]),
            "to_owner": owner_key(placements["advisor2"]),
            "reason": "x",
        },
    )
    assert response.status_code == 403
    assert not CaseTransfer.objects.exists()
