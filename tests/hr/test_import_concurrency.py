"""Two imports of the same year at the same moment: both succeed, one after the other, and
the year holds exactly the records of the one that finished last."""

import threading
from decimal import Decimal

import pytest
from django.db import connection

from hr.models import EmployeeRecord
from hr.services import employee_records_replace

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def records(prefix: str, n: int) -> list[dict]:
    return [
        {
            "year": 2023,
            "employee_id": f"{prefix}{i}",
            "gender": "K",
            "position_category": "saksbehandler",
            "annual_salary": 600_000,
            "fte_percent": Decimal("100"),
            "temporary": False,
            "involuntary_part_time": False,
            "hired_in_year": False,
            "left_in_year": False,
            "parental_leave_weeks": Decimal("0"),
            "sick_leave_days": Decimal("0"),
            "agreed_work_days": Decimal("230"),
        }
        for i in range(n)
    ]


def test_concurrent_imports_of_the_same_year_do_not_collide():
    # The same employee numbers in both files: interleaved, the second insert would fail.
    batches = [records("E", 200), records("E", 150)]
    barrier = threading.Barrier(2)
    errors = []
    outcomes = []

    def run(batch):
        try:
            barrier.wait()
            outcomes.append(employee_records_replace(records=batch))
        except Exception as exc:  # collected and asserted below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(b,)) for b in batches]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert sorted(o["created"] for o in outcomes) == [150, 200]
    # One ran first and replaced nothing; the other waited for it, then replaced exactly its
    # records. (The order the threads report in is not the order they committed in.)
    first, last = sorted(outcomes, key=lambda o: o["replaced"])
    assert first["replaced"] == 0
    assert last["replaced"] == first["created"]
    assert EmployeeRecord.objects.filter(year=2023).count() == last["created"]
