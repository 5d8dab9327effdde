"""Statistics figures and the annual report section, against hand-counted data."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from casework import report
from imdi.models import AuditEvent
from imdi.reports.sections import Section, Suppressed
from tests.casework.conftest import make_case

pytestmark = pytest.mark.django_db

# 40 advisor cases in 2024: countries IQ 10, SO 8, AF 6, PK 5, SY 5, ER 3, NO 3;
# 30 girls, 10 boys; all about social control, four of them also about FGM.
COUNTRIES = (
    ["IQ"] * 10 + ["SO"] * 8 + ["AF"] * 6 + ["PK"] * 5 + ["SY"] * 5 + ["ER"] * 3 + ["NO"] * 3
)


@pytest.fixture
def year_2024(placements):
    for i, country in enumerate(COUNTRIES):
        make_case(
            placements["advisor"],
            country_of_origin=country,
            gender="female" if i < 30 else "male",
            themes=["social_control", "fgm"] if i < 4 else ["social_control"],
            exposure="exposed" if i % 4 else "at_risk",  # 10 at risk, 30 exposed
            opened_on=datetime.date(2024, 1 + i % 12, 3),
        )
    # Envoys: 7 cases, 3 girls and 4 boys, all about involuntary stay abroad.
    for i in range(7):
        make_case(
            placements["envoy"],
            gender="female" if i < 3 else "male",
            themes=["stay_abroad"],
            opened_on=datetime.date(2024, 6, 1 + i),
        )
    # One advisor case in 2023 that must not count in 2024.
    make_case(placements["advisor2"], opened_on=datetime.date(2023, 12, 31))


def _table(section: Section, key: str) -> dict:
    table = next(t for t in section.tables if t.key == key)
    return {row[0]: row[1] for row in table.rows}


def test_report_section_figures(year_2024):
    section = report.section(2024)
    assert section.key == "casework"
    assert _table(section, "advisor_gender") == {
        "jente eller kvinne": 30,
        "gutt eller mann": 10,
        "annet eller ukjent": 0,
        "Totalt": 40,
    }
    assert _table(section, "advisor_country") == {
        "Irak": 10,
        "Somalia": 8,
        "Afghanistan": 6,
        "Pakistan": 5,
        "Syria": 5,
        "andre land": 6,
        "Totalt": 40,
    }
    themes = _table(section, "advisor_theme")
    assert themes["negativ sosial kontroll"] == 40
    assert themes["kjønnslemlestelse"] == Suppressed("<5")
    assert "Totalt" not in themes  # a case may have several themes: no sum
    # Envoys: 3 girls and 4 boys, both "<5"; from the total 7 a reader learns only that
    # each is 3 or 4.
    envoy_gender = _table(section, "envoy_gender")
    assert envoy_gender["jente eller kvinne"] == Suppressed("<5")
    assert envoy_gender["gutt eller mann"] == Suppressed("<5")
    assert envoy_gender["Totalt"] == 7
    assert _table(section, "cases") == {
        "Mangfoldsrådgivere": Suppressed("<5"),  # one case in 2023, 40 in 2024
        "Spesialutsendinger": 0,
    }
    cases = next(t for t in section.tables if t.key == "cases")
    assert cases.rows == [
        ["Mangfoldsrådgivere", Suppressed("<5"), 40],
        ["Spesialutsendinger", 0, 7],
    ]
    assert section.charts and "<svg" in section.charts[0].svg
    assert "<title>" in section.charts[0].svg


def test_report_section_hides_a_small_count_and_its_neighbour(placements):
    # 7 girls and 3 boys: the 3 is "<5", and the 7 must go too or 10 - 7 would give it away.
    for i in range(10):
        make_case(placements["advisor"], gender="female" if i < 7 else "male")
    gender = _table(report.section(2024), "advisor_gender")
    assert gender["gutt eller mann"] == Suppressed("<5")
    assert gender["jente eller kvinne"] == Suppressed("x")
    assert gender["annet eller ukjent"] == 0
    assert gender["Totalt"] == 10


def test_report_section_without_cases_has_no_breakdowns(placements):
    section = report.section(2019)
    assert [t.key for t in section.tables] == ["cases"]
    assert section.tables[0].rows == [["Mangfoldsrådgivere", 0, 0], ["Spesialutsendinger", 0, 0]]
    assert section.charts == []


def test_statistics_page_shows_the_counts_and_audits(year_2024, placements, client_for):
    response = client_for("reader").get(reverse("casework:statistics"), {"year": "2024"})
    body = response.content.decode()
    assert response.status_code == 200
    groups = response.context["groups"]
    advisor = groups[0]
    assert advisor.total.count == 40
    assert {c.label: c.count for c in advisor.breakdown("exposure").cells} == {
        "i fare for": 10,
        "utsatt for": 30,
    }
    county = {c.label: c.count for c in advisor.breakdown("county").cells}
    assert county["Oslo"] == 40 and sum(county.values()) == 40
    per_year = {row["year"]: row for row in response.context["per_year"]}
    assert per_year[2024]["advisor"].count == 40 and per_year[2024]["envoy"].count == 7
    # 2023 has one advisor case: shown as "<5".
    assert per_year[2023]["advisor"].marker == "<5"
    assert body.count("<svg") == 3  # cases per year, and themes for each group
    # Each chart scales to the page (the portal's .chart rule): no sideways scrolling.
    assert body.count('<figure class="chart"><svg') == 3
    assert "<caption" in body
    ids = re.findall(r'\bid="([^"]+)"', body)
    assert len(ids) == len(set(ids)), "several charts on the page share an id"
    # Nothing per advisor, school or embassy.
    owner = placements["advisor"].user.get_full_name()
    for name in ("Oslo katedralskole", "Amman", "Bergen katedralskole", owner):
        assert name not in body
    assert AuditEvent.objects.filter(action="view", object_type="casework.statistics").exists()


def test_statistics_open_on_the_last_complete_year(placements, client_for):
    this_year = timezone.localdate().year
    make_case(placements["advisor"], opened_on=datetime.date(2023, 5, 1))
    make_case(placements["advisor"], opened_on=datetime.date(this_year, 1, 1))
    response = client_for("coordinator").get(reverse("casework:statistics"))
    assert response.context["year"] == 2023
    picked = client_for("coordinator").get(reverse("casework:statistics"), {"year": this_year})
    assert picked.context["year"] == this_year


def test_hidden_countries_are_not_placed_between_shown_counts():
    """Listed by true count, a hidden country between 12 and 9 would be known to be 9-12."""
    from casework.selectors import _shown_rank_first
    from casework.suppression import Cell

    cells = [
        Cell("Irak", 12),
        Cell("Somalia", 10, "x"),
        Cell("Syria", 9),
        Cell("Eritrea", 3, "<5"),
        Cell("Afghanistan", 6),
        Cell("andre land", 40),
    ]
    ordered = [c.label for c in _shown_rank_first(cells)]
    assert ordered == ["Irak", "Syria", "Afghanistan", "Eritrea", "Somalia", "andre land"]


def test_a_withheld_country_table_stays_withheld(placements):
    import datetime as dt

    from casework.selectors import case_statistics
    from tests.casework.conftest import make_case

    # Four cases from Iraq and four from Syria: both "<5", and the total (8) would give them
    # away, so the country table is withheld rather than ranked.
    for country in ["IQ"] * 4 + ["SY"] * 4:
        make_case(placements["advisor"], country_of_origin=country, opened_on=dt.date(2024, 5, 1))
    advisors = case_statistics(2024)[0]
    country = next(b for b in advisors.breakdowns if b.key == "country")
    assert country.cells is None
