import io

import pytest

from hr import demo
from hr.models import EmployeeRecord, EqualityWork, ImmigrantBackground
from hr.selectors import equality_table

pytestmark = pytest.mark.django_db


def test_demo_is_shaped_like_the_source_and_runs_once():
    demo.seed(users={}, scale=1, stdout=io.StringIO())
    first = list(
        EmployeeRecord.objects.order_by("year", "employee_id").values_list(
            "employee_id", "annual_salary"
        )
    )
    assert set(EmployeeRecord.objects.values_list("year", flat=True)) == {
        2020,
        2021,
        2022,
        2023,
        2024,
    }
    table = equality_table(2023)
    rows = {r["row"]: r for r in table["rows"]}
    assert rows["total"]["total"] == 266
    assert 60 <= rows["total"]["women_pct"] <= 72
    assert rows["toppleder"]["total"] == 7 and rows["saksbehandler"]["total"] > 200
    assert 40 <= rows["left"]["total"] <= 60 and rows["hired"]["total"] > 30
    assert table["parental_leave"]["persons"] == 15
    assert ImmigrantBackground.objects.get(year=2023).total_employees == 264
    assert EqualityWork.objects.get(year=2024).measures.count() == 4
    out = io.StringIO()
    demo.seed(users={}, scale=1, stdout=out)
    assert "already" in out.getvalue()
    assert (
        list(
            EmployeeRecord.objects.order_by("year", "employee_id").values_list(
                "employee_id", "annual_salary"
            )
        )
        == first
    )
