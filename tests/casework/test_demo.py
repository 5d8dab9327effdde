import io

import pytest

from casework import demo, selectors
from casework.models import Advisor, Case, Outreach
from imdi.demo import demo_users

pytestmark = pytest.mark.django_db


def test_demo_seed_is_deterministic_and_skips_itself(roles):
    users = demo_users("riktig-hest-batteri-stift")
    demo.seed(users=users, scale=0.05, stdout=io.StringIO())
    assert Advisor.objects.filter(kind="advisor", active=True).count() == 59
    assert set(Advisor.objects.filter(kind="envoy").values_list("station", flat=True)) == {
        "amman", "ankara", "islamabad", "nairobi",
    }  # fmt: skip
    # Every county has an advisor.
    assert (
        Advisor.objects.filter(kind="advisor").values("municipality__county").distinct().count()
        == 15
    )
    for username in ("radgiver1", "radgiver2", "utsending1"):
        assert Case.objects.filter(owner__user__username=username).exists()
    assert Outreach.objects.exists()
    advisor_cases = Case.objects.filter(kind="advisor", opened_on__year=2023)
    assert advisor_cases.filter(gender="female").count() > advisor_cases.count() / 2
    # One advisor has left (placement inactive, account closed) and holds open cases: the
    # coordinator's box of cases without an active owner shows them.
    departed = Advisor.objects.get(active=False)
    assert departed.kind == "advisor" and not departed.user.is_active
    assert list(selectors.owners_needing_reassignment()) == [departed]
    assert departed.cases.filter(status="open").count() == demo.DEPARTED_CASES
    assert all(case.themes.exists() for case in departed.cases.all())
    count = Case.objects.count()
    out = io.StringIO()
    demo.seed(users=users, scale=0.05, stdout=out)
    assert Case.objects.count() == count and "skipped" in out.getvalue()


def test_the_demo_coordinator_sees_and_reassigns_the_departed_advisors_cases(roles):
    from django.test import Client
    from django.urls import reverse

    from casework.forms import owner_key
    from tests.conftest import verified_login

    users = demo_users("riktig-hest-batteri-stift")
    demo.seed(users=users, scale=0.05, stdout=io.StringIO())
    departed = Advisor.objects.get(active=False)
    coordinator = verified_login(Client(), users["koordinator"])
    page = coordinator.get(reverse("casework:overview")).content.decode()
    assert "Saker uten aktiv eier" in page and "Torill Sluttvik" in page
    # The assignment form suggests the colleague in the same municipality, a demo user.
    form = coordinator.get(reverse("casework:cases_assign"), {"fra": departed.pk})
    receiver = Advisor.objects.get(user=users["radgiver2"])
    assert receiver in form.context["form"].fields["to_owner"].widget.suggestions
    response = coordinator.post(
        reverse("casework:cases_assign"),
        {
            "from_owner": owner_key(departed),
            "to_owner": owner_key(receiver),
            "reason": "Rådgiveren har sluttet",
        },
    )
    assert response.status_code == 302
    assert not departed.cases.filter(status="open").exists()
    assert (
        "Saker uten aktiv eier"
        not in coordinator.get(reverse("casework:overview")).content.decode()
    )
