"""The HR figures come from GROUP BY queries (medians by percentile_cont on PostgreSQL, by
window functions on SQLite); here they are compared with a plain computation over the rows
in exact fractions, on random data that hypothesis varies: ties in pay (the quartiles rank
ties by employee number, compared as a Python sort compares strings), one gender only,
empty categories, odd decimals, and the publication rule for any group size limit. The
suite runs on SQLite and, in CI, on PostgreSQL."""

from decimal import Decimal
from fractions import Fraction
from statistics import median

import pytest
from django.test import override_settings
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hr import selectors
from hr.models import EmployeeRecord
from tests.hr.factories import CATEGORIES
from tests.hr.test_equality_table import expected_table, half_up

pytestmark = pytest.mark.django_db

YEAR = 2023


def expected_public(table: dict, limit: int) -> dict:
    """The publication rule by hand: a gender with fewer than ``limit`` in a row has no
    average pay, and the row no ratio."""
    rows = []
    for row in table["rows"]:
        row = dict(row)
        for count, pay in (("men", "avg_salary_men"), ("women", "avg_salary_women")):
            if row[count] < limit:
                row[pay] = None
                row["women_pct_of_men"] = None
        rows.append(row)
    return {**table, "rows": rows}


def half_up_signed(value: Fraction, places: int) -> Decimal:
    """Half away from zero, as Decimal's ROUND_HALF_UP rounds a negative gap: -0,125 -> -0,13."""
    rounded = half_up(abs(value), places)
    return -rounded if value < 0 else rounded


def expected_gap_item(key, group, *, public, limit):
    men = [Fraction(r.annual_salary) for r in group if r.gender == "M"]
    women = [Fraction(r.annual_salary) for r in group if r.gender == "K"]
    hidden = public and (len(men) < limit or len(women) < limit)
    mean_gap = median_gap = None
    if not hidden and men and women:
        mean_m, mean_w = sum(men) / len(men), sum(women) / len(women)
        mean_gap = half_up_signed((mean_m - mean_w) / mean_m * 100, 2)
        median_gap = half_up_signed((median(men) - median(women)) / median(men) * 100, 2)
    return {
        "key": key,
        "men": len(men),
        "women": len(women),
        "mean_gap_pct": mean_gap,
        "median_gap_pct": median_gap,
        "suppressed": bool(hidden and (men or women)),
        "flagged": mean_gap is not None and abs(mean_gap) >= 5,
    }


def expected_pay_gap(records, year, *, public, limit):
    staying = [r for r in records if r.year == year and not r.left_in_year]
    ranked = sorted(staying, key=lambda r: (r.annual_salary, r.employee_id))
    n = len(ranked)
    quartiles = []
    for q in range(4):
        band = ranked[q * n // 4 : (q + 1) * n // 4]
        men = sum(r.gender == "M" for r in band)
        women = len(band) - men
        quartiles.append(
            {
                "quartile": q + 1,
                "count": len(band),
                "men": men,
                "women": women,
                "men_pct": half_up(Fraction(men * 100, len(band)), 2) if band else None,
                "women_pct": half_up(Fraction(women * 100, len(band)), 2) if band else None,
                "min_salary": band[0].annual_salary if band and not public else None,
                "max_salary": band[-1].annual_salary if band and not public else None,
            }
        )
    return {
        "year": year,
        "overall": expected_gap_item("total", staying, public=public, limit=limit),
        "categories": [
            expected_gap_item(
                c, [r for r in staying if r.position_category == c], public=public, limit=limit
            )
            for c in CATEGORIES
        ],
        "quartiles": quartiles,
    }


hundredths = st.integers(min_value=0, max_value=40_000).map(lambda n: Decimal(n) / 100)
record_values = st.fixed_dictionaries(
    {
        "year": st.sampled_from([YEAR, YEAR, YEAR, YEAR - 1, YEAR - 3]),
        "gender": st.sampled_from("MK"),
        # Few categories, so that groups have several people and medians of even counts.
        "position_category": st.sampled_from(CATEGORIES[:3]),
        # Few distinct salaries, so that ties are common (the import refuses a salary of 0).
        "annual_salary": st.one_of(
            st.sampled_from([450_000, 450_001, 612_345, 700_000]),
            st.integers(min_value=1, max_value=2_500_000),
        ),
        "fte_percent": st.sampled_from(
            [Decimal("100"), Decimal("99.99"), Decimal("62.5"), Decimal("0.01")]
        ),
        "temporary": st.booleans(),
        "involuntary_part_time": st.booleans(),
        "hired_in_year": st.booleans(),
        "left_in_year": st.booleans(),
        "parental_leave_weeks": st.one_of(st.just(Decimal("0")), hundredths),
        "sick_leave_days": hundredths,
        "agreed_work_days": st.one_of(st.just(Decimal("0")), hundredths),
    }
)
# Employee numbers in mixed case and digits: a locale's collation would order them unlike
# a Python sort (which the quartiles follow).
employee_ids = st.text(alphabet="aAbB0_-z", min_size=1, max_size=5)


@st.composite
def employee_records(draw):
    values = draw(st.lists(record_values, max_size=60))
    ids = draw(st.lists(employee_ids, min_size=len(values), max_size=len(values), unique=True))
    return [EmployeeRecord(employee_id=i, **v) for i, v in zip(ids, values, strict=True)]


def store(records):
    EmployeeRecord.objects.all().delete()
    EmployeeRecord.objects.bulk_create(records)
    # As read back: the database's own values (e.g. 62.5 stored as 62.50).
    return list(EmployeeRecord.objects.all())


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(records=employee_records(), limit=st.integers(min_value=1, max_value=6))
def test_sql_figures_equal_a_plain_computation_over_the_rows(records, limit):
    records = store(records)
    with override_settings(HR_MIN_GROUP_SIZE=limit):
        for year in (YEAR, YEAR - 1, YEAR - 2):
            internal = expected_table(records, year)
            assert selectors.equality_table(year) == internal
            assert selectors.equality_table(year, public=True) == expected_public(internal, limit)
        for public in (False, True):
            assert selectors.pay_gap(YEAR, public=public) == expected_pay_gap(
                records, YEAR, public=public, limit=limit
            )


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(records=employee_records(), limit=st.integers(min_value=1, max_value=6))
def test_one_query_for_many_years_gives_each_years_own_figures(records, limit):
    records = store(records)
    years = [YEAR - 3, YEAR - 2, YEAR - 1, YEAR]
    with override_settings(HR_MIN_GROUP_SIZE=limit):
        tables = selectors.equality_tables(years, public=True)
        trend = selectors.salary_ratio_trend(years, public=True)
        for i, year in enumerate(years):
            expected = expected_public(expected_table(records, year), limit)
            assert tables[year] == expected
            for row in expected["rows"][: 1 + len(CATEGORIES)]:
                assert trend[row["row"]][i] == row["women_pct_of_men"]
    assert selectors.years_with_records() == sorted({r.year for r in records}, reverse=True)


def test_the_cached_figures_are_those_of_the_selectors(django_capture_on_commit_callbacks):
    rng_records = [
        EmployeeRecord(
            year=year,
            employee_id=f"E{year}-{i}",
            gender="MK"[i % 2],
            position_category=CATEGORIES[i % 4],
            annual_salary=400_000 + 7_919 * i + year,
            fte_percent=Decimal("100") if i % 3 else Decimal("80"),
            left_in_year=i % 7 == 0,
            parental_leave_weeks=Decimal(i % 5) / 2,
            sick_leave_days=Decimal(i) / 10,
            agreed_work_days=Decimal("230"),
        )
        for year in range(2017, 2025)
        for i in range(40)
    ]
    EmployeeRecord.objects.bulk_create(rng_records)
    figures = selectors.figures(2023)
    assert figures.years == list(range(2024, 2016, -1))
    assert figures.trend_years == [2019, 2020, 2021, 2022, 2023]
    for public in (False, True):
        for year in (2023, 2022):
            assert figures.table(year, public=public) == selectors.equality_table(
                year, public=public
            )
        assert figures.pay_gap(public=public) == selectors.pay_gap(2023, public=public)
        assert figures.trend(public=public) == selectors.salary_ratio_trend(
            figures.trend_years, public=public
        )
    newest = selectors.figures()
    assert newest.year == 2024 and newest.trend_years == [2020, 2021, 2022, 2023, 2024]


def test_no_records_at_all():
    figures = selectors.figures()
    assert figures.year is None and figures.years == [] and figures.trend_years == []
    assert figures.table(2025) == selectors.equality_table(2025)
    assert figures.pay_gap(2025) == selectors.pay_gap(2025)
    assert selectors.years_with_records() == []
