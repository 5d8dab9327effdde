"""The HR section of the annual report: figures checked against independent calculations,
the publication rule as Suppressed("*"), and the parts the statement needs."""

from decimal import Decimal
from fractions import Fraction

import pytest

from hr import report
from hr.models import EqualityWork, ImmigrantBackground, Measure
from imdi.reports.sections import Section, Suppressed
from tests.hr.factories import random_records, record
from tests.hr.test_equality_table import expected_table, half_up

pytestmark = pytest.mark.django_db


def table(section: Section, key: str):
    return next(t for t in section.tables if t.key == key)


def test_section_shape_and_equality_table_figures(settings):
    settings.HR_MIN_GROUP_SIZE = 5
    records = random_records(2023, 150, seed=21) + random_records(2022, 120, seed=22)
    section = report.section(2023)
    assert section.key == "hr" and isinstance(section, Section)
    main = table(section, "hr_equality")
    expected = {2023: expected_table(records, 2023), 2022: expected_table(records, 2022)}
    # Two lines per group: the year, then the year before.
    assert [row[1] for row in main.rows[:4]] == ["2023", "2022", "2023", "2022"]
    for index, row in enumerate(main.rows):
        year = 2023 if index % 2 == 0 else 2022
        want = expected[year]["rows"][index // 2]
        assert row[2:5] == [want["men_pct"], want["women_pct"], want["total"]]
        for value, key, count in (
            (row[5], "avg_salary_men", want["men"]),
            (row[6], "avg_salary_women", want["women"]),
        ):
            if 0 < count < 5:
                assert value == Suppressed("*")
            else:
                assert value == want[key]
        if 0 < min(want["men"], want["women"]) < 5:
            assert row[7] == Suppressed("*")
        elif want["men"] and want["women"]:
            assert row[7] == want["women_pct_of_men"]
    sick = table(section, "hr_sick_leave")
    assert sick.rows[0] == [
        "2023",
        expected[2023]["sick_leave"]["men_pct"],
        expected[2023]["sick_leave"]["women_pct"],
        expected[2023]["sick_leave"]["total_pct"],
    ]
    leave = table(section, "hr_parental_leave").rows[1]
    assert leave[1] == expected[2022]["parental_leave"]["persons"]
    assert leave[4] == expected[2022]["parental_leave"]["men_share_of_weeks_pct"]
    assert {c.key for c in section.charts} == {"hr_gender_balance", "hr_pay_ratio"}
    assert all("<title>" in c.svg for c in section.charts)


def test_suppressed_pay_has_a_footnote(settings):
    settings.HR_MIN_GROUP_SIZE = 5
    record(employee_id="m", gender="M", position_category="toppleder", annual_salary=1_238_300)
    for i in range(5):
        record(employee_id=f"k{i}", gender="K", position_category="toppleder")
    section = report.section(2023)
    top = table(section, "hr_equality").rows[2]
    assert top[0] == "Toppleder" and top[1] == "2023"
    assert top[5] == Suppressed("*") and top[7] == Suppressed("*") and top[6] == 650_000
    assert any(f.startswith("* Ikke publisert") for f in table(section, "hr_equality").footnotes)
    assert section.footnotes and "*" in section.footnotes[0]


def test_immigrant_background_table_with_goal():
    for year, total, g1, g2 in [
        (2020, 206, 10, 67),
        (2021, 221, 9, 62),
        (2022, 252, 12, 70),
        (2023, 264, 14, 67),
        (2024, 270, 15, 70),
    ]:
        ImmigrantBackground.objects.create(year=year, total_employees=total, group1=g1, group2=g2)
    rows = table(report.section(2023), "hr_immigrant_background").rows
    assert [r[0] for r in rows] == ["2020", "2021", "2022", "2023"]  # not the future year
    # (10 + 67) / 206, (9 + 62) / 221, (12 + 70) / 252, (14 + 67) / 264
    assert [r[4] for r in rows] == [
        half_up(Fraction(77 * 100, 206), 2),
        half_up(Fraction(71 * 100, 221), 2),
        half_up(Fraction(82 * 100, 252), 2),
        half_up(Fraction(81 * 100, 264), 2),
    ]
    assert rows[-1][4] == Decimal("30.68") and rows[-1][5] == Decimal("30")


def test_pay_gap_tables():
    # Men 800 000, 700 000, 600 000; women 560 000, 600 000 (saksbehandler: five people).
    for i, pay in enumerate([800_000, 700_000, 600_000]):
        record(employee_id=f"m{i}", gender="M", annual_salary=pay)
    for i, pay in enumerate([560_000, 600_000]):
        record(employee_id=f"k{i}", gender="K", annual_salary=pay)
    section = report.section(2023)
    gaps = table(section, "hr_pay_gap").rows
    # Public rule: fewer than five of each gender, so the gaps are not published.
    assert gaps[0][:3] == ["Hele virksomheten", 3, 2] and gaps[0][3] == Suppressed("*")


def test_pay_gap_indicators_against_hand_calculation(settings):
    settings.HR_MIN_GROUP_SIZE = 1
    for i, pay in enumerate([800_000, 700_000, 600_000]):
        record(employee_id=f"m{i}", gender="M", annual_salary=pay)
    for i, pay in enumerate([560_000, 600_000]):
        record(employee_id=f"k{i}", gender="K", annual_salary=pay)
    gaps = table(report.section(2023), "hr_pay_gap").rows
    # Mean: men 700 000, women 580 000 -> 17,14 %; median: 700 000 vs 580 000 -> 17,14 %.
    assert gaps[0][3] == Decimal("17.14") and gaps[0][4] == Decimal("17.14")
    assert gaps[0][5] == "5 % eller mer: vurderes"
    quartiles = table(report.section(2023), "hr_pay_quartiles").rows
    # Ranked: 560k K, 600k K (k1), 600k M (m2), 700k M, 800k M -> bands of 1, 1, 1, 2.
    assert [q[1] for q in quartiles] == [1, 1, 1, 2]
    assert [q[2] for q in quartiles] == [
        Decimal("100.00"),
        Decimal("100.00"),
        Decimal("0.00"),
        Decimal("0.00"),
    ]


def test_equality_work_text_and_measures():
    work = EqualityWork.objects.create(
        year=2023, risks="Skjev kjønnsbalanse.\n\nLønnsgap.", causes="Rekruttering."
    )
    Measure.objects.create(
        work=work, description="Mangfoldspolicy", owner="HR", deadline="2023-06-30", status="done"
    )
    sub = next(s for s in report.section(2023).subsections if s.key == "hr_equality_work")
    assert [s.title for s in sub.subsections][0] == "1. Avdekkede risikoer for diskriminering"
    assert sub.subsections[0].paragraphs == ["Skjev kjønnsbalanse.", "Lønnsgap."]
    assert sub.subsections[2].paragraphs == ["Ikke skrevet."]
    assert sub.tables[0].rows == [["Mangfoldspolicy", "HR", "30.06.2023", "Gjennomført"]]


def test_year_without_data():
    section = report.section(2031)
    assert section.paragraphs == ["Det finnes ingen ansattposter for 2031."]
    assert table(section, "hr_equality").rows[0][2:5] == [None, None, 0]
    assert not any(c.key == "hr_gender_balance" for c in section.charts)
