"""The casework section's prose: figures against independent counts, nothing suppressed told."""

import datetime
import random
import re
from collections import Counter

import pytest
from django.urls import reverse

from casework import report
from casework.models import Case, CaseTheme, Kind
from imdi.reports.sections import Section, Suppressed
from tests.casework.conftest import make_case

pytestmark = pytest.mark.django_db

ADVISOR_OPENING = (
    "I {year} ga mangfoldsrådgiverne råd og veiledning i {count} saker der barn, unge eller "
    "voksne sto i fare for eller var utsatt for negativ sosial kontroll og/eller æresrelatert "
    "vold."
)
ENVOY_OPENING = "I {year} ga spesialutsendingene råd og veiledning i {count} saker."
GENDER_WORDS = {"female": "jenter og kvinner", "male": "gutter og menn"}
GENDER_LABELS = {"female": "jente eller kvinne", "male": "gutt eller mann"}
THEME_LABELS = {
    "social_control": "negativ sosial kontroll",
    "honour_violence": "æresrelatert vold",
    "forced_marriage": "tvangsekteskap",
    "fgm": "kjønnslemlestelse",
    "psychological": "psykisk vold",
    "stay_abroad": "ufrivillig opphold i utlandet",
}
COUNTRY_LABELS = {"IQ": "Irak", "SO": "Somalia", "AF": "Afghanistan", "PK": "Pakistan"}
COUNTRY_LABELS |= {"SY": "Syria", "ER": "Eritrea", "IR": "Iran", "TR": "Tyrkia"}


def _table(section: Section, key: str) -> dict:
    table = next((t for t in section.tables if t.key == key), None)
    return {} if table is None else {row[0]: row[1] for row in table.rows}


def _paragraph(section: Section, opening: str) -> str:
    return next(p for p in section.paragraphs if p.startswith(opening))


def test_prose_as_the_source_writes_it(placements):
    # Advisors: 40 cases, 30 girls; Iraq 10, Somalia 8, Afghanistan 6, Pakistan 5, Syria 5,
    # Eritrea 3 and Iran 3 (Eritrea and Iran are among "other countries").
    countries = ["IQ"] * 10 + ["SO"] * 8 + ["AF"] * 6 + ["PK"] * 5 + ["SY"] * 5
    countries += ["ER"] * 3 + ["IR"] * 3
    for i, country in enumerate(countries):
        make_case(
            placements["advisor"],
            country_of_origin=country,
            gender="female" if i < 30 else "male",
            themes=["social_control", "fgm"] if i < 4 else ["social_control"],
        )
    # Envoys: 12 cases, 8 boys, 2 girls, 2 other; 7 about involuntary stay abroad, 3 about
    # forced marriage and 2 about female genital mutilation.
    for i in range(12):
        make_case(
            placements["envoy"],
            gender="male" if i < 8 else "female" if i < 10 else "other",
            country_of_origin="SO",
            themes=["stay_abroad"] if i < 7 else ["forced_marriage"] if i < 10 else ["fgm"],
        )
    section = report.section(2024)
    assert section.paragraphs[0] == (
        ADVISOR_OPENING.format(year=2024, count=40)
        + " De fleste sakene handlet om negativ sosial kontroll."
        + " De fleste sakene gjaldt jenter og kvinner."
        + " Sakene har i størst grad involvert personer med opprinnelse fra Irak, Somalia,"
        " Afghanistan, Pakistan og Syria."
    )
    # 8 boys of 12: a majority, shown (the two "<5" beside them can each be 1 to 3). 7 of 12
    # about staying abroad: a majority too.
    assert section.paragraphs[1] == (
        ENVOY_OPENING.format(year=2024, count=12)
        + " De fleste sakene handlet om ufrivillig opphold i utlandet."
        + " De fleste sakene gjaldt gutter og menn."
        + " Sakene har i størst grad involvert personer med opprinnelse fra Somalia."
    )


def test_plurality_is_named_only_when_the_tables_prove_it(placements):
    # 20 girls, 15 boys, 15 other: girls are the most, but not a majority.
    for i in range(50):
        make_case(
            placements["advisor"], gender="female" if i < 20 else "male" if i < 35 else "other"
        )
    paragraph = report.section(2024).paragraphs[0]
    assert "Flest saker gjaldt jenter og kvinner." in paragraph
    assert "De fleste sakene gjaldt" not in paragraph


def test_a_majority_hidden_by_secondary_suppression_is_not_told(placements):
    # 9 envoy cases, 6 boys and 3 girls: the 3 is "<5", so the 6 is hidden as "x"; 5 about
    # staying abroad and 4 about forced marriage: the 4 is "<5" and would follow from the
    # total, so the 5 is hidden too. Both are majorities, and the prose tells neither.
    for i in range(9):
        make_case(
            placements["envoy"],
            gender="male" if i < 6 else "female",
            themes=["stay_abroad"] if i < 5 else ["forced_marriage"],
        )
    section = report.section(2024)
    assert _table(section, "envoy_gender")["gutt eller mann"] == Suppressed("x")
    assert _table(section, "envoy_theme")["ufrivillig opphold i utlandet"] == Suppressed("x")
    assert section.paragraphs[1] == (
        ENVOY_OPENING.format(year=2024, count=9)
        + " Sakene har i størst grad involvert personer med opprinnelse fra Irak."
    )


def test_hidden_neighbour_is_never_named(placements):
    # 7 girls and 3 boys: the 3 is "<5" and the 7 is hidden as "x" (10 - 3 would give it
    # away). The prose may not say that most cases concerned girls.
    for i in range(10):
        make_case(placements["advisor"], gender="female" if i < 7 else "male")
    section = report.section(2024)
    assert _table(section, "advisor_gender")["jente eller kvinne"] == Suppressed("x")
    paragraph = section.paragraphs[0]
    assert paragraph.startswith(ADVISOR_OPENING.format(year=2024, count=10))
    assert "jenter" not in paragraph and "gutter" not in paragraph
    assert "7" not in paragraph and "3" not in paragraph


def test_small_and_empty_groups(placements):
    for _i in range(3):
        make_case(placements["envoy"])
    section = report.section(2024)
    assert section.paragraphs == [
        "I 2024 ble det ikke registrert noen saker for mangfoldsrådgiverne.",
        ENVOY_OPENING.format(year=2024, count="færre enn 5"),
    ]


def test_a_zero_is_shown_as_zero_in_the_report_and_on_the_page(placements, client_for):
    # Eight envoy cases, none about female genital mutilation: 0 is no case, shown as 0.
    for _i in range(8):
        make_case(placements["envoy"], themes=["stay_abroad"])
    section = report.section(2024)
    themes = _table(section, "envoy_theme")
    assert themes["kjønnslemlestelse"] == 0
    assert _table(section, "envoy_gender")["annet eller ukjent"] == 0
    assert any("Et antall på 0 vises som 0" in note for note in section.footnotes)
    html = client_for("coordinator").get(reverse("casework:statistics"), {"year": "2024"})
    html = html.content.decode()
    assert re.search(r'<th scope="row">kjønnslemlestelse</th><td class="text-end">0</td>', html)


# --- Property: generated cases, counted independently -----------------------------------------


def _generate(rng: random.Random, placements) -> dict:
    """Bulk-made cases for 2024 with skewed, often small, counts; the true counts back."""
    truth = {}
    reference = 0
    for kind, owner, n in (
        (Kind.ADVISOR, placements["advisor"], rng.choice([0, 3, 12, 25, 60, 90])),
        (Kind.ENVOY, placements["envoy"], rng.choice([0, 2, 6, 9, 14, 30])),
    ):
        genders = rng.choice([[0.7, 0.25, 0.05], [0.45, 0.45, 0.1], [0.2, 0.8, 0.0]])
        rows, themes = [], []
        for _i in range(n):
            reference += 1
            chosen = {rng.choices(list(THEME_LABELS), weights=[6, 3, 2, 1, 2, 4])[0]}
            if rng.random() < 0.4:
                chosen.add(rng.choice(list(THEME_LABELS)))
            rows.append(
                Case(
                    reference=f"T-{reference:05d}",
                    kind=kind,
                    owner=owner,
                    registered_by=owner.user,
                    opened_on=datetime.date(2024, rng.randint(1, 12), rng.randint(1, 28)),
                    gender=rng.choices(["female", "male", "other"], weights=genders)[0],
                    age_group="16-17",
                    country_of_origin=rng.choices(
                        list(COUNTRY_LABELS), weights=[9, 7, 5, 4, 4, 2, 1, 1]
                    )[0],
                    exposure="at_risk",
                    contact_channel="in_person",
                    country_of_stay="JO" if kind == Kind.ENVOY else "",
                )
            )
            themes.append(sorted(chosen))
        made = Case.objects.bulk_create(rows)
        made = Case.objects.filter(reference__in=[c.reference for c in made]).order_by("reference")
        CaseTheme.objects.bulk_create(
            CaseTheme(case=case, theme=t) for case, ts in zip(made, themes, strict=True) for t in ts
        )
        truth[kind] = {
            "total": n,
            "gender": Counter(c.gender for c in rows),
            "theme": Counter(t for ts in themes for t in ts),
            "country": Counter(c.country_of_origin for c in rows),
        }
    return truth


def _check_group(section: Section, kind: str, truth: dict) -> None:
    total = truth["total"]
    opening = ADVISOR_OPENING if kind == Kind.ADVISOR else ENVOY_OPENING
    if total == 0:
        name = "mangfoldsrådgiverne" if kind == Kind.ADVISOR else "spesialutsendingene"
        assert f"I 2024 ble det ikke registrert noen saker for {name}." in section.paragraphs
        return
    count = str(total) if total >= 5 else "færre enn 5"
    paragraph = _paragraph(section, opening.format(year=2024, count=count))
    # No figure in the prose but the year and the group's shown total.
    allowed = {"2024", str(total) if total >= 5 else "5"}
    assert set(re.findall(r"\d+", paragraph)) <= allowed

    gender_table = _table(section, f"{kind}_gender")
    for gender, words in GENDER_WORDS.items():
        n = truth["gender"][gender]
        shown = gender_table.get(GENDER_LABELS[gender])
        if f"De fleste sakene gjaldt {words}." in paragraph:
            assert shown == n and n >= 5 and 2 * n > total
        elif f"Flest saker gjaldt {words}." in paragraph:
            assert shown == n and n >= 5
            assert all(n > m for g, m in truth["gender"].items() if g != gender)
        else:
            assert words not in paragraph
            # A shown majority must be told.
            assert not (isinstance(shown, int) and shown >= 5 and 2 * shown > total)

    theme_table = _table(section, f"{kind}_theme")
    for theme, label in THEME_LABELS.items():
        n = truth["theme"][theme]
        shown = theme_table.get(label)
        if f"De fleste sakene handlet om {label}." in paragraph:
            assert shown == n and n >= 5 and 2 * n > total
        elif f"Det hyppigste temaet var {label}." in paragraph:
            assert shown == n and n >= 5
            assert all(n > m for t, m in truth["theme"].items() if t != theme)

    country_table = _table(section, f"{kind}_country")
    match = re.search(r"med opprinnelse fra (.*)\.$", paragraph)
    named = re.split(r", | og ", match.group(1)) if match else []
    # Exactly the countries shown with at least 5, most frequent first, their true counts.
    expected = [
        label
        for label, value in country_table.items()
        if label not in ("andre land", "Totalt") and isinstance(value, int) and value >= 5
    ]
    code = {label: c for c, label in COUNTRY_LABELS.items()}
    assert sorted(named) == sorted(expected)
    counts = [truth["country"][code[label]] for label in named]
    assert counts == sorted(counts, reverse=True)
    assert all(country_table[label] == truth["country"][code[label]] >= 5 for label in named)
    for label, value in country_table.items():
        if isinstance(value, Suppressed):
            assert label not in paragraph


@pytest.mark.parametrize("seed", range(8))
def test_prose_on_generated_cases(placements, seed):
    truth = _generate(random.Random(seed), placements)
    section = report.section(2024)
    _check_group(section, Kind.ADVISOR, truth[Kind.ADVISOR])
    _check_group(section, Kind.ENVOY, truth[Kind.ENVOY])
