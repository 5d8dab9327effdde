"""Fifty simultaneous decisions against one scheme's budget on PostgreSQL: the sum granted
never exceeds the tilsagnsramme, and exactly as many grants as fit are made."""

import threading
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connections
from django.db.models import Sum

from grants import services
from grants.models import Decision, Status
from tests.grants import factories

DECISIONS = 50
AMOUNT = Decimal("100000")
BUDGET = Decimal("2350000")  # room for 23 grants of 100 000 kr, and 50 000 kr to spare


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_fifty_simultaneous_decisions_never_exceed_the_budget(personas):
    officer, approver = personas["grant_officer"], personas["grant_approver"]
    scheme = factories.scheme(budget=BUDGET)
    org = factories.organisation()
    applications = []
    for _ in range(DECISIONS):
        application = factories.application(officer, scheme_obj=scheme, org=org, amount=AMOUNT)
        factories.ready_for_decision(application, officer)
        applications.append(application)

    barrier = threading.Barrier(DECISIONS)
    outcomes: list[str] = []
    lock = threading.Lock()

    def decide(application):
        try:
            barrier.wait(timeout=30)
            services.decision_create(
                user=approver,
                application_id=application.pk,
                outcome="granted",
                amount=None,
                reasons="Oppfyller kriteriene.",
            )
            outcome = "granted"
        except ValidationError:
            outcome = "refused"
        except Exception as exc:  # noqa: BLE001  any other failure is a finding
            outcome = f"error: {exc!r}"
        finally:
            connections.close_all()
        with lock:
            outcomes.append(outcome)

    threads = [threading.Thread(target=decide, args=(a,)) for a in applications]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert len(outcomes) == DECISIONS
    assert not [o for o in outcomes if o.startswith("error")], outcomes
    fits = int(BUDGET // AMOUNT)
    assert outcomes.count("granted") == fits
    granted = Decision.objects.filter(
        is_current=True, outcome__in=Decision.GRANTING, application__scheme=scheme
    ).aggregate(total=Sum("amount"))["total"]
    assert granted == fits * AMOUNT <= BUDGET
    # The refused ones are still waiting for a decision, with nothing half-made.
    waiting = [a for a in applications if not a.decisions.exists()]
    assert len(waiting) == DECISIONS - fits
    for application in waiting:
        application.refresh_from_db()
        assert application.status == Status.READY_FOR_DECISION
