"""The sum granted per scheme and year never exceeds the budget (tilsagnsramme)."""

import threading
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.db.models import Sum

from grants import services
from grants.models import Decision, Status
from tests.grants import factories

pytestmark = pytest.mark.django_db


def _decide(approver, application, amount=None, outcome="granted"):
    return services.decision_create(
        user=approver,
        application_id=application.pk,
        outcome=outcome,
        amount=amount,
        reasons="Oppfyller kriteriene.",
    )


def test_decision_within_budget_and_refused_beyond(officer, approver, org):
    s = factories.scheme(budget=Decimal("500000"))
    first = factories.application(officer, scheme_obj=s, org=org, amount=Decimal("300000"))
    second = factories.application(officer, scheme_obj=s, org=org, amount=Decimal("250000"))
    factories.ready_for_decision(first, officer)
    factories.ready_for_decision(second, officer)
    _decide(approver, first)
    with pytest.raises(ValidationError, match="overstige") as exc:
        _decide(approver, second)
    # 500 000 - 300 000 = 200 000 kr left, said the Norwegian way.
    assert "200\xa0000\xa0kr" in exc.value.messages[0]
    second.refresh_from_db()
    assert second.status == Status.READY_FOR_DECISION
    assert not second.decisions.exists()
    # A partial grant that fits is accepted: the budget is then used exactly.
    _decide(approver, second, amount=Decimal("200000"), outcome="partly_granted")
    assert services.granted_sum(s.pk, 2025) == Decimal("500000")


def test_rejections_do_not_use_the_budget(officer, approver, org):
    s = factories.scheme(budget=Decimal("100000"))
    a = factories.application(officer, scheme_obj=s, org=org, amount=Decimal("100000"))
    b = factories.application(officer, scheme_obj=s, org=org, amount=Decimal("100000"))
    factories.decided(a, officer, approver, outcome="rejected", amount=Decimal(0))
    factories.decided(b, officer, approver)
    assert services.granted_sum(s.pk, 2025) == Decimal("100000")


def test_new_decision_after_appeal_replaces_the_old_amount_in_the_budget(officer, approver, org):
    s = factories.scheme(budget=Decimal("300000"))
    a = factories.application(officer, scheme_obj=s, org=org, amount=Decimal("300000"))
    factories.decided(a, officer, approver, outcome="partly_granted", amount=Decimal("200000"))
    services.appeal_register(
        user=officer, application_id=a.pk, received_on=a.current_decision.decided_on, summary="x"
    )
    services.application_transition(user=officer, application_id=a.pk, name="reassess")
    services.application_transition(user=officer, application_id=a.pk, name="send_to_decision")
    # The full 300 000 kr fits, because the appealed decision's 200 000 kr no longer counts.
    _decide(approver, a)
    assert services.granted_sum(s.pk, 2025) == Decimal("300000")


def test_no_budget_for_the_year_refuses_a_grant(officer, approver, org):
    s = factories.scheme()
    s.budgets.all().delete()
    a = factories.application(officer, scheme_obj=s, org=org)
    factories.ready_for_decision(a, officer)
    with pytest.raises(ValidationError, match="ingen tilsagnsramme"):
        _decide(approver, a)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_decisions_cannot_overspend_the_budget(personas):
    """Two approvers decide at the same moment, each in its own transaction and connection.
    Each grant fits the budget alone, both together do not: exactly one must succeed."""
    officer, approver = personas["grant_officer"], personas["grant_approver"]
    second_approver = factories.approver_like(approver)
    s = factories.scheme(budget=Decimal("500000"))
    org = factories.organisation()
    apps = [
        factories.application(officer, scheme_obj=s, org=org, amount=Decimal("300000"))
        for _ in range(2)
    ]
    for a in apps:
        factories.ready_for_decision(a, officer)

    barrier = threading.Barrier(2)
    results: list[str] = []
    lock = threading.Lock()

    def decide(user, application):
        try:
            barrier.wait(timeout=10)
            _decide(user, application)
            outcome = "ok"
        except ValidationError as exc:
            outcome = "refused: " + exc.messages[0]
        finally:
            connections.close_all()
        with lock:
            results.append(outcome)

    threads = [
        threading.Thread(target=decide, args=(approver, apps[0])),
        threading.Thread(target=decide, args=(second_approver, apps[1])),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert sorted(r[:2] for r in results) == ["ok", "re"], results
    granted = Decision.objects.filter(
        is_current=True, outcome__in=Decision.GRANTING, application__scheme=s
    ).aggregate(total=Sum("amount"))["total"]
    assert granted == Decimal("300000")
    assert connection.vendor == "postgresql"


def test_directorate_grants_from_its_own_part_where_municipalities_grant_locally(
    officer, approver, org
):
    from grants.models import MunicipalAllocation
    from tests.factories import municipality

    s = factories.scheme("frivillige", budget=Decimal("900000"), has_local_allocation=True)
    MunicipalAllocation.objects.create(
        budget=s.budgets.get(), municipality=municipality("0301"), amount=Decimal("600000")
    )
    a = factories.application(officer, scheme_obj=s, org=org, amount=Decimal("300001"))
    factories.ready_for_decision(a, officer)
    with pytest.raises(ValidationError) as exc:
        _decide(approver, a)
    assert "300\xa0000\xa0kr gjenstår av 300\xa0000\xa0kr" in exc.value.messages[0]
    _decide(approver, a, amount=Decimal("300000"), outcome="partly_granted")
