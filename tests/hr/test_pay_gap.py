"""Pay-gap indicators (EU directive 2023/970 art. 9, UK regulations) against an independent
calculation in exact fractions: mean and median gap overall and per category, the 5 % flag,
and the pay quartiles."""

from fractions import Fraction
from statistics import median

import pytest

from hr.selectors import pay_gap
from tests.hr.factories import CATEGORIES, random_records, record
from tests.hr.test_equality_table import half_up

pytestmark = pytest.mark.django_db


def expected_gap(group):
    men = [Fraction(r.annual_salary) for r in group if r.gender == "M"]
    women = [Fraction(r.annual_salary) for r in group if r.gender == "K"]
    if not men or not women:
        return None, None, False
    mean_m, mean_w = sum(men) / len(men), sum(women) / len(women)
    mean_gap = half_up((mean_m - mean_w) / mean_m * 100, 2)
    median_gap = half_up((median(men) - median(women)) / median(men) * 100, 2)
    return mean_gap, median_gap, abs(mean_gap) >= 5


@pytest.mark.parametrize("seed", [31, 32])
def test_gaps_overall_and_per_category(seed):
    # An even number of people in some groups, so the median is the mean of the middle two.
    records = random_records(2023, 160, seed=seed)
    staying = [r for r in records if not r.left_in_year]
    got = pay_gap(2023)
    groups = [("total", staying)] + [
        (c, [r for r in staying if r.position_category == c]) for c in CATEGORIES
    ]
    items = [got["overall"], *got["categories"]]
    assert [i["key"] for i in items] == [key for key, _ in groups]
    for item, (key, group) in zip(items, groups, strict=True):
        mean_gap, median_gap, flagged = expected_gap(group)
        assert item["men"] == sum(r.gender == "M" for r in group), key
        assert item["women"] == sum(r.gender == "K" for r in group), key
        assert (item["mean_gap_pct"], item["median_gap_pct"], item["flagged"]) == (
            mean_gap,
            median_gap,
            flagged,
        ), key


def test_flag_at_five_percent_either_way():
    # Caseworkers: men 700 000, women 665 000 -> 5,00 %: flagged. Middle managers: men
    # 700 000, women 665 700 -> 4,90 %: not flagged. Top managers: women paid 10 % more.
    for i in range(2):
        record(employee_id=f"sm{i}", gender="M", annual_salary=700_000)
        record(employee_id=f"sk{i}", gender="K", annual_salary=665_000)
        record(
            employee_id=f"mm{i}", gender="M", position_category="mellomleder", annual_salary=700_000
        )
        record(
            employee_id=f"mk{i}", gender="K", position_category="mellomleder", annual_salary=665_700
        )
        record(
            employee_id=f"tm{i}", gender="M", position_category="toppleder", annual_salary=1_000_000
        )
        record(
            employee_id=f"tk{i}", gender="K", position_category="toppleder", annual_salary=1_100_000
        )
    by_key = {i["key"]: i for i in pay_gap(2023)["categories"]}
    assert str(by_key["saksbehandler"]["mean_gap_pct"]) == "5.00"
    assert by_key["saksbehandler"]["flagged"] is True
    assert str(by_key["mellomleder"]["mean_gap_pct"]) == "4.90"
    assert by_key["mellomleder"]["flagged"] is False
    assert str(by_key["toppleder"]["mean_gap_pct"]) == "-10.00"
    assert by_key["toppleder"]["flagged"] is True
    assert by_key["laerling"]["mean_gap_pct"] is None and by_key["laerling"]["flagged"] is False


def test_quartiles_of_a_count_divisible_by_four():
    records = random_records(2023, 150, seed=33)
    staying = [r for r in records if not r.left_in_year]
    # Leave a multiple of four so that the bands are exactly equal.
    for r in staying[: len(staying) % 4]:
        r.left_in_year = True
        r.save()
    staying = staying[len(staying) % 4 :]
    ranked = sorted(staying, key=lambda r: (r.annual_salary, r.employee_id))
    size = len(ranked) // 4
    got = pay_gap(2023)["quartiles"]
    for q in range(4):
        band = ranked[q * size : (q + 1) * size]
        women = sum(r.gender == "K" for r in band)
        assert got[q]["count"] == size
        assert got[q]["women"] == women and got[q]["men"] == size - women
        assert got[q]["women_pct"] == half_up(Fraction(women * 100, size), 2)
        assert got[q]["min_salary"] == band[0].annual_salary
        assert got[q]["max_salary"] == band[-1].annual_salary


@pytest.mark.parametrize("n", [1, 2, 3, 5, 6, 7])
def test_quartiles_are_as_equal_as_the_count_allows(n):
    for i in range(n):
        record(employee_id=f"e{i}", annual_salary=500_000 + i)
    counts = [q["count"] for q in pay_gap(2023)["quartiles"]]
    assert sum(counts) == n and max(counts) - min(counts) <= 1
