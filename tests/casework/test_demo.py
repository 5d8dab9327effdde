import io

import pytest

from casework import demo
from casework.models import Advisor, Case, Outreach
from imdi.demo import demo_users

pytestmark = pytest.mark.django_db


def test_demo_seed_is_deterministic_and_skips_itself(roles):
    users = demo_users("riktig-hest-batteri-stift")
    demo.seed(users=users, scale=0.05, stdout=io.StringIO())
    assert Advisor.objects.filter(kind="advisor").count() == 59
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
    count = Case.objects.count()
    out = io.StringIO()
    demo.seed(users=users, scale=0.05, stdout=out)
    assert Case.objects.count() == count and "skipped" in out.getvalue()
