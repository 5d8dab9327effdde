"""Two coordinators moving the same case at the same moment: the row lock serialises them, so
the second transfer starts from the first one's new owner and no transfer is lost."""

import threading

import pytest
from django.db import connection

from casework import services
from casework.models import Advisor, CaseTransfer, Kind, WorkplaceKind
from tests.casework.conftest import make_case, municipality
from tests.factories import UserFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_concurrent_transfers_chain_instead_of_overwriting(placements, personas):
    third = Advisor.objects.create(
        user=UserFactory(username="radgiver3"),
        kind=Kind.ADVISOR,
        workplace="Stavanger katedralskole",
        workplace_kind=WorkplaceKind.UPPER_SECONDARY,
        municipality=municipality("1103", "Stavanger", "Rogaland"),
    )
    case = make_case(placements["advisor"])
    targets = [placements["advisor2"], third]
    barrier = threading.Barrier(2)
    errors = []

    def move(target):
        try:
            barrier.wait(timeout=10)
            services.case_transfer(
                case=case, to_owner=target, reason="Ny skole", by=personas["coordinator"]
            )
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=move, args=(t,)) for t in targets]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert errors == []
    transfers = list(CaseTransfer.objects.filter(case=case).order_by("pk"))
    assert len(transfers) == 2
    first, second = transfers
    assert first.from_owner == placements["advisor"]
    assert second.from_owner == first.to_owner
    case.refresh_from_db()
    assert case.owner == second.to_owner
