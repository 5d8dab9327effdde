"""Suppression as a property: for random data every shown count is 0, at least 5 or hidden,
and no hidden count can be worked out from the totals.

The check of recoverability is written independently of the code under test: it enumerates
every value a hidden cell could take and asks, by a subset-sum over the other hidden cells,
whether the rest of what the reader sees still fits.
"""

import datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from casework.models import AgeGroup, Case, CaseTheme, Country, Exposure, Gender, Theme
from casework.selectors import DATA, case_statistics
from casework.suppression import PRIMARY, SECONDARY, suppress
from imdi import datacache

MIN = 5


def reader_bounds(marker, cap):
    # What a reader knows of a hidden cell from its marker.
    return (1, MIN - 1) if marker == PRIMARY else (MIN, cap)


def reachable_sums(ranges, cap):
    sums = {0}
    for lo, hi in ranges:
        sums = {s + v for s in sums for v in range(lo, hi + 1) if s + v <= cap}
    return sums


def recoverable(cells, total, partition):
    """Indexes of hidden cells that can take only one value given what is shown."""
    shown = sum(c.count for c in cells if not c.hidden)
    rest = total - shown
    cap = total + 10
    hidden = [i for i, c in enumerate(cells) if c.hidden]
    found = []
    for i in hidden:
        lo, hi = reader_bounds(cells[i].marker, cap)
        others = [reader_bounds(cells[j].marker, cap) for j in hidden if j != i]
        sums = reachable_sums(others, cap * 2)
        possible = []
        for v in range(lo, hi + 1):
            if (
                partition
                and (rest - v) in sums
                or not partition
                and any(s >= rest - v for s in sums)
            ):
                possible.append(v)
        assert cells[i].count in possible  # the truth is always consistent
        if len(possible) == 1:
            found.append(i)
    return found


counts_strategy = st.lists(
    st.one_of(st.integers(0, 4), st.integers(0, 12), st.integers(5, 40)), min_size=2, max_size=7
)


@settings(max_examples=200, deadline=None)
@given(counts=counts_strategy)
def test_partition_tables_never_reveal_a_small_count(counts):
    total = sum(counts)
    cells = suppress([(str(i), c) for i, c in enumerate(counts)], total, min_cell=MIN)
    if cells is None:
        return  # withheld as a whole
    for cell, count in zip(cells, counts, strict=True):
        assert cell.count == count
        if not cell.hidden:
            assert count == 0 or count >= MIN
        elif cell.marker == PRIMARY:
            assert 1 <= count < MIN
        else:
            assert cell.marker == SECONDARY and count >= MIN
        if 1 <= count < MIN:
            assert cell.marker == PRIMARY
    assert recoverable(cells, total, partition=True) == []


@settings(max_examples=200, deadline=None)
@given(counts=counts_strategy, data=st.data())
def test_multiple_response_tables_never_reveal_a_small_count(counts, data):
    # Themes: each case has at least one, so the cells add up to at least the total.
    total = data.draw(st.integers(max(counts), max(sum(counts), max(counts))))
    cells = suppress([(str(i), c) for i, c in enumerate(counts)], total, partition=False)
    if cells is None:
        return
    for cell in cells:
        assert cell.hidden or cell.count == 0 or cell.count >= MIN
    assert recoverable(cells, total, partition=False) == []


def test_a_lone_small_count_takes_the_next_smallest_with_it():
    cells = suppress([("a", 7), ("b", 3), ("c", 0), ("d", 20)], 30)
    assert [c.marker for c in cells] == ["x", "<5", "", ""]


def test_two_ones_that_add_up_to_two_are_protected_by_a_third_cell():
    # Hiding only the two ones would show that they add up to 2, so each is 1.
    cells = suppress([("a", 1), ("b", 1), ("c", 9), ("d", 12)], 23)
    assert [c.marker for c in cells] == ["<5", "<5", "x", ""]


def test_a_table_that_cannot_be_protected_is_withheld():
    # 1 + 5 = 6: with "<5" and "x" the reader would know they are 1 and 5.
    assert suppress([("a", 1), ("b", 5)], 6) is None


# --- The whole statistics page, on random data in the database ------------------------------

case_rows = st.lists(
    st.tuples(
        st.sampled_from(["advisor", "envoy"]),
        st.sampled_from([g.value for g in Gender]),
        st.sampled_from([a.value for a in AgeGroup]),
        st.sampled_from([e.value for e in Exposure]),
        st.sampled_from(["IQ", "SO", "AF", "PK", "SY", "RU", "ER", "ZZ"]),
        st.sets(st.sampled_from([t.value for t in Theme]), min_size=1, max_size=3),
    ),
    min_size=0,
    max_size=60,
)


@pytest.mark.django_db
@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(rows=case_rows)
def test_statistics_page_never_reveals_a_small_count(
    rows, placements, django_capture_on_commit_callbacks
):
    # The writes raise the version of the cached figures when they commit, as in production.
    with django_capture_on_commit_callbacks(execute=True):
        _replace_cases(rows, placements)
    _check_statistics(rows)


def _replace_cases(rows, placements):
    Case.objects.all().delete()
    owners = {"advisor": placements["advisor"], "envoy": placements["envoy"]}
    made = Case.objects.bulk_create(
        Case(reference=f"T-{i}", kind=kind, owner=owners[kind], registered_by=owners[kind].user,
             county=owners[kind].county, opened_on=datetime.date(2024, 5, 1), gender=gender,
             age_group=age, exposure=exposure, country_of_origin=country,
             contact_channel="phone")
        for i, (kind, gender, age, exposure, country, _themes) in enumerate(rows)
    )  # fmt: skip
    CaseTheme.objects.bulk_create(
        CaseTheme(case=case, theme=t) for case, row in zip(made, rows, strict=True) for t in row[5]
    )
    datacache.bump(DATA)  # bulk_create sends no signal


def _check_statistics(rows):
    for group in case_statistics(2024, min_cell=MIN):
        n = sum(1 for r in rows if r[0] == group.kind)
        assert group.total.count == n
        assert group.total.marker == (PRIMARY if 0 < n < MIN else "")
        if n < MIN:
            assert group.breakdowns == []
            continue
        for breakdown in group.breakdowns:
            if breakdown.cells is None:
                continue
            for cell in breakdown.cells:
                assert cell.hidden or cell.count == 0 or cell.count >= MIN
            assert recoverable(breakdown.cells, n, breakdown.partition) == []
            if breakdown.partition:
                assert sum(c.count for c in breakdown.cells) == n
        # The country table: five named countries at most (never "other or unknown"), then other.
        country = group.breakdown("country")
        if country.cells is not None:
            assert country.cells[-1].label == "andre land"
            assert str(Country.ZZ.label) not in [c.label for c in country.cells]
