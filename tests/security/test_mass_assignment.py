"""Forms take only the fields the role may set. A field added to a POST by hand is ignored:
nobody makes themself staff, moves a case to themself, or approves their own preparation."""

import datetime as dt

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from casework.models import Case
from grants.models import Decision, Status
from imdi.roles import Role
from tests.conftest import verified_login
from tests.factories import UserFactory
from tests.grants import factories as grant_factories
from tests.security.world import build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(personas):
    return build_world(personas)


def test_a_user_cannot_make_themself_staff(personas):
    hr = personas["hr"]
    client = verified_login(Client(), hr)
    # The only form about the user's own account is the password change.
    client.post(
        reverse("password_change"),
        {
            "old_password": "riktig-hest-batteri-stift",
            "new_password1": "et-nytt-langt-passord-42",
            "new_password2": "et-nytt-langt-passord-42",
            "is_staff": "on",
            "is_superuser": "on",
            "groups": [Group.objects.get(name=str(Role.ADMINISTRATOR)).pk],
        },
    )
    hr.refresh_from_db()
    assert hr.check_password("et-nytt-langt-passord-42")
    assert not hr.is_staff and not hr.is_superuser
    assert list(hr.groups.values_list("name", flat=True)) == [str(Role.HR_OFFICER)]
    # And the admin, where users are edited, is closed to a user who is not staff.
    response = client.post(
        reverse("admin:auth_user_change", args=[hr.pk]), {"is_staff": "on", "username": "hr"}
    )
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    hr.refresh_from_db()
    assert not hr.is_staff


def test_an_advisor_cannot_move_a_case_to_anyone_by_editing_it(personas, world):
    case = Case.objects.get(pk=world.ids["case"])
    other_owner = Case.objects.get(pk=world.foreign["case"]).owner
    client = verified_login(Client(), personas["advisor"])
    page = client.get(reverse("casework:case_edit", args=[case.pk]))
    form = page.context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    data["themes"] = ["social_control"]
    data.update(
        {"owner": other_owner.pk, "registered_by": personas["advisor2"].pk, "summary": "Endret"}
    )
    for key in ("opened_on", "follow_up_on", "closed_on", "returned_on"):
        if isinstance(data.get(key), dt.date):
            data[key] = data[key].strftime("%d.%m.%Y")
    response = client.post(reverse("casework:case_edit", args=[case.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    case.refresh_from_db()
    assert case.summary == "Endret"
    assert case.owner.user == personas["advisor"]
    assert case.registered_by == personas["advisor"]


def test_an_advisor_cannot_transfer_a_case_to_themself(personas, world):
    foreign = Case.objects.get(pk=world.foreign["case"])
    own_owner = Case.objects.get(pk=world.ids["case"]).owner
    client = verified_login(Client(), personas["advisor"])
    response = client.post(
        reverse("casework:case_transfer", args=[foreign.pk]),
        {"to_owner": own_owner.pk, "reason": "Jeg tar den"},
    )
    assert response.status_code == 404
    foreign.refresh_from_db()
    assert foreign.owner.user == personas["advisor2"]


def test_nobody_approves_their_own_preparation(personas):
    both = UserFactory(username="begge")
    both.groups.add(
        Group.objects.get(name=str(Role.GRANT_OFFICER)),
        Group.objects.get(name=str(Role.GRANT_APPROVER)),
    )
    scheme = grant_factories.scheme("jobbsjansen", four_eyes=True)
    org = grant_factories.organisation()
    application = grant_factories.application(both, scheme_obj=scheme, org=org)
    grant_factories.ready_for_decision(application, both)

    client = verified_login(Client(), both)
    response = client.post(
        reverse("grants:decision_create", args=[application.pk]),
        {
            "outcome": "granted",
            "amount": "",
            "reasons": "Oppfyller kriteriene.",
            "conditions": "",
            "report_deadline": "",
            # fields a hand-made POST might add, to pass as someone else
            "decided_by": personas["grant_approver"].pk,
            "prepared_by": personas["grant_approver"].pk,
        },
    )
    assert response.status_code in (200, 302)
    assert not Decision.objects.filter(application=application).exists()
    application.refresh_from_db()
    assert application.status == Status.READY_FOR_DECISION

    # Another approver may decide it.
    other = verified_login(Client(), personas["grant_approver"])
    other.post(
        reverse("grants:decision_create", args=[application.pk]),
        {
            "outcome": "granted",
            "amount": "",
            "reasons": "Oppfyller kriteriene.",
            "conditions": "",
            "report_deadline": "",
        },
    )
    decision = Decision.objects.get(application=application)
    assert decision.decided_by == personas["grant_approver"]
    assert decision.prepared_by == both
