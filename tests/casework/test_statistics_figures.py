"""The statistics are counted in SQL and kept per version of the data: the figures equal a
plain count over the rows, they follow every write, the page's cost does not grow with the
register, and the cache holds counts only."""

import datetime
import random
from collections import Counter

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from casework import report, selectors, services
from casework.models import (
    AgeGroup,
    Case,
    CaseTheme,
    Country,
    Exposure,
    Gender,
    Kind,
    Outreach,
    Theme,
)
from imdi import datacache
from imdi.models import County
from imdi.reports.sections import Suppressed
from tests.casework.conftest import make_case

pytestmark = pytest.mark.django_db

COUNTRIES = [c.value for c in Country]


@pytest.fixture
def register(placements):
    """Random cases over three years, owners in two counties and none (envoys), with themes,
    and outreach: written in bulk as the benchmark generator and the demo do."""
    rng = random.Random(7)
    owners = [placements["advisor"], placements["advisor2"], placements["envoy"]]
    cases = []
    for i in range(400):
        owner = rng.choice(owners)
        cases.append(
            Case(
                reference=f"S-{i:05d}",
                kind=owner.kind,
                owner=owner,
                registered_by=owner.user,
                county=owner.county if rng.random() > 0.1 else None,
                opened_on=datetime.date(rng.choice([2022, 2023, 2024]), rng.randint(1, 12), 1),
                gender=rng.choice(list(Gender.values)),
                age_group=rng.choice(list(AgeGroup.values)),
                exposure=rng.choice(list(Exposure.values)),
                country_of_origin=rng.choice(COUNTRIES[:12]),
                contact_channel="phone",
                country_of_stay="JO" if owner.kind == Kind.ENVOY else "",
                name_encrypted="",
            )
        )
    made = Case.objects.bulk_create(cases)
    CaseTheme.objects.bulk_create(
        CaseTheme(case=case, theme=theme)
        for case in made
        for theme in rng.sample(list(Theme.values), rng.randint(1, 3))
    )
    Outreach.objects.bulk_create(
        Outreach(
            advisor=rng.choice(owners),
            date=datetime.date(rng.choice([2023, 2024]), rng.randint(1, 12), 2),
            outreach_kind=rng.choice(list(Outreach.OutreachKind.values)),
            audience="pupils",
            topic="Tema",
            reached=rng.randint(0, 300),
        )
        for _ in range(150)
    )
    return made


def _cells(group, key):
    return {c.label: c.count for c in group.breakdown(key).cells}


def test_sql_figures_equal_a_count_over_the_rows(register):
    year = 2024
    # min_cell 1: nothing is suppressed, so every cell shows its true count.
    groups = {g.kind: g for g in selectors.case_statistics(year, min_cell=1)}
    rows = list(Case.objects.filter(opened_on__year=year).prefetch_related("themes"))
    for kind in (Kind.ADVISOR, Kind.ENVOY):
        mine = [c for c in rows if c.kind == kind]
        group = groups[kind]
        assert group.total.count == len(mine) > 0
        assert _cells(group, "gender") == {
            str(g.label): sum(c.gender == g for c in mine) for g in Gender
        }
        assert _cells(group, "age_group") == {
            str(a.label): sum(c.age_group == a for c in mine) for a in AgeGroup
        }
        assert _cells(group, "exposure") == {
            str(e.label): sum(c.exposure == e for c in mine) for e in Exposure
        }
        themes = Counter(t.theme for c in mine for t in c.themes.all())
        assert _cells(group, "theme") == {str(t.label): themes[t] for t in Theme}
        countries = Counter(c.country_of_origin for c in mine)
        ranked = sorted(
            ((code, n) for code, n in countries.items() if code != Country.ZZ),
            key=lambda item: (-item[1], item[0]),
        )[:5]
        expected = {str(Country(code).label): n for code, n in ranked}
        expected["andre land"] = len(mine) - sum(n for _code, n in ranked)
        assert _cells(group, "country") == expected
        if kind == Kind.ADVISOR:
            counties = Counter(c.county_id for c in mine)
            expected = {c.name: counties[c.pk] for c in County.objects.all()}
            if counties[None]:
                expected["uten fylke"] = counties[None]
            assert _cells(group, "county") == expected
    per_year = {row["year"]: row for row in selectors.cases_per_year(min_cell=1)}
    all_rows = list(Case.objects.all())
    for y in (2022, 2023, 2024):
        for kind in (Kind.ADVISOR, Kind.ENVOY):
            n = sum(1 for c in all_rows if c.opened_on.year == y and c.kind == kind)
            assert per_year[y][kind].count == n
    assert selectors.case_years() == sorted({c.opened_on.year for c in all_rows})
    outreach = {row["label"]: row for row in selectors.outreach_totals(year)}
    items = [o for o in Outreach.objects.all() if o.date.year == year]
    for kind in Outreach.OutreachKind:
        of_kind = [o for o in items if o.outreach_kind == kind]
        assert outreach[str(kind.label)]["activities"] == len(of_kind)
        assert outreach[str(kind.label)]["reached"] == sum(o.reached for o in of_kind)


def test_suppressed_figures_are_the_same_as_suppressing_the_plain_count(register):
    from casework.suppression import suppress

    group = selectors.case_statistics(2023)[0]
    mine = list(Case.objects.filter(opened_on__year=2023, kind=Kind.ADVISOR))
    items = [(str(g.label), sum(c.gender == g for c in mine)) for g in Gender]
    assert group.breakdown("gender").cells == suppress(items, len(mine), min_cell=5)


def test_figures_are_computed_once_per_version(register):
    selectors.case_statistics(2024)
    selectors.cases_per_year()
    with CaptureQueriesContext(connection) as ctx:
        selectors.case_statistics(2024)
        selectors.cases_per_year()
        selectors.case_years()
    # Only the version of the data is read: one indexed query per cached figure.
    assert len(ctx.captured_queries) == 3
    assert all("imdi_dataversion" in q["sql"] for q in ctx.captured_queries)


def _advisor_total(year=2024):
    return selectors.case_statistics(year, min_cell=1)[0].total.count


def test_every_write_is_counted_at_once(placements, django_capture_on_commit_callbacks):
    owner = placements["advisor"]
    opened = datetime.date(2024, 4, 1)
    assert _advisor_total() == 0
    assert selectors.case_years() == []
    with django_capture_on_commit_callbacks(execute=True):
        case = make_case(owner, opened_on=opened, themes=["fgm"])
    assert _advisor_total() == 1
    assert selectors.case_years() == [2024]
    themes = lambda: _cells(selectors.case_statistics(2024, min_cell=1)[0], "theme")  # noqa: E731
    assert themes()["kjønnslemlestelse"] == 1
    # Themes changed (bulk_create and a queryset delete).
    with django_capture_on_commit_callbacks(execute=True):
        services.case_update(case=case, by=owner.user, themes=["social_control"])
    assert themes()["kjønnslemlestelse"] == 0
    assert themes()["negativ sosial kontroll"] == 1
    # A fact changed by a plain save.
    with django_capture_on_commit_callbacks(execute=True):
        case = Case.objects.get(pk=case.pk)
        case.gender = Gender.MALE
        case.save()
    assert _cells(selectors.case_statistics(2024, min_cell=1)[0], "gender")["gutt eller mann"] == 1
    # A county renamed.
    with django_capture_on_commit_callbacks(execute=True):
        county = County.objects.get(pk=case.county_id)
        county.name = "Oslo by"
        county.save()
    assert _cells(selectors.case_statistics(2024, min_cell=1)[0], "county")["Oslo by"] == 1
    # Outreach registered.
    with django_capture_on_commit_callbacks(execute=True):
        services.outreach_create(
            advisor=owner,
            by=owner.user,
            date=datetime.date(2024, 5, 1),
            outreach_kind="talk",
            audience="pupils",
            topic="Foredrag",
            reached=40,
        )
    talks = next(r for r in selectors.outreach_totals(2024) if r["label"] == "foredrag")
    assert (talks["activities"], talks["reached"]) == (1, 40)
    # A case deleted.
    with django_capture_on_commit_callbacks(execute=True):
        Case.objects.filter(pk=case.pk).delete()
    assert _advisor_total() == 0


def test_anonymising_raises_the_version(placements, django_capture_on_commit_callbacks):
    before = datacache.version(selectors.DATA)
    owner = placements["advisor"]
    with django_capture_on_commit_callbacks(execute=True):
        case = make_case(owner, opened_on=datetime.date(2015, 1, 5))
        Case.objects.filter(pk=case.pk).update(status="closed", closed_on=datetime.date(2015, 2, 1))
    middle = datacache.version(selectors.DATA)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.cases_anonymise() == [case.pk]
    assert before != middle != datacache.version(selectors.DATA)


def test_the_cache_holds_counts_only(register, placements):
    for case in register[:5]:
        case.name = "Aisha Testesen"
        case.summary = "Hemmelig sammendrag"
        case.save()
    for year in (2022, 2023, 2024):
        selectors.case_statistics(year)
        selectors.outreach_totals(year)
    selectors.cases_per_year()
    cache = caches["default"]
    stored = [cache.get(key.split(":", 2)[-1]) for key in list(cache._cache)]
    stored = [value for value in stored if value is not None]
    assert len(stored) == 4  # the counts per year, and each year's figures
    text = repr(stored)
    for secret in ("Aisha", "Hemmelig", "S-00", "Oslo katedralskole", "radgiver1"):
        assert secret not in text
    assert placements["advisor"].user.get_full_name() not in text
    # One-way counts per code only: never a combination of the statistical fields.
    codes = {
        "gender": set(Gender.values),
        "age_group": set(AgeGroup.values),
        "exposure": set(Exposure.values),
        "country_of_origin": set(Country.values),
        "county_id": {None, *County.objects.values_list("pk", flat=True)},
        "theme": set(Theme.values),
    }
    years = [value for value in stored if "kinds" in value]
    assert len(years) == 3
    for figures in years:
        for counts in figures["kinds"].values():
            assert set(counts) == {"total", *codes}
            assert isinstance(counts["total"], int)
            for field, allowed in codes.items():
                assert set(counts[field]) <= allowed
                assert all(isinstance(n, int) for n in counts[field].values())


def test_statistics_page_query_count_does_not_grow(register, placements, client_for):
    client = client_for("reader")
    url = reverse("casework:statistics")

    def count():
        caches["default"].clear()  # the first request after a write: everything computed
        with CaptureQueriesContext(connection) as cold:
            assert client.get(url, {"year": 2023}).status_code == 200
        with CaptureQueriesContext(connection) as warm:
            assert client.get(url, {"year": 2023}).status_code == 200
        return len(cold.captured_queries), len(warm.captured_queries)

    datacache.version(selectors.DATA)  # the version row exists (made by the first write)
    small = count()
    rng = random.Random(3)
    for _i in range(300):
        make_case(
            rng.choice([placements["advisor"], placements["advisor2"], placements["envoy"]]),
            opened_on=datetime.date(rng.choice([2019, 2020, 2023]), 3, 1),
            country_of_origin=rng.choice(COUNTRIES),
        )
    large = count()
    assert small == large
    cold, warm = large
    assert cold <= 15 and warm < cold


def test_report_section_reads_the_same_figures(register):
    section = report.section(2024)
    groups = selectors.case_statistics(2024)
    table = next(t for t in section.tables if t.key == "advisor_gender")
    shown = {row[0]: row[1] for row in table.rows}
    assert shown == {
        **{
            c.label: Suppressed(c.marker) if c.hidden else c.count
            for c in groups[0].breakdown("gender").cells
        },
        "Totalt": groups[0].total.count,
    }
