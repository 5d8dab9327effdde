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
    assert gaps[0][5] == "ikke publisert"
    # Nor does the prose give the hidden ratio (580 000 / 700 000 = 82,86 %).
    pay = section.paragraphs[1]
    assert pay == "Lønn for hele virksomheten publiseres ikke: færre enn 5 av ett av kjønnene."
    assert not any("82,86" in p for p in section.paragraphs)


def test_every_pay_gap_row_has_an_assessment(settings):
    settings.HR_MIN_GROUP_SIZE = 2
    # Saksbehandler: men 600 000 x2, women 580 000 x2 -> gap 3,33 %, under 5 %.
    # Toppleder: men 1 000 000 x2, women 900 000 x2 -> gap 10 %, assessment needed.
    # Mellomleder: women 800 000 x2, one man 700 000 -> fewer than 2 men: not published.
    for i in range(2):
        record(employee_id=f"sm{i}", gender="M", annual_salary=600_000)
        record(employee_id=f"sk{i}", gender="K", annual_salary=580_000)
        record(
            employee_id=f"tm{i}", gender="M", position_category="toppleder", annual_salary=1_000_000
        )
        record(
            employee_id=f"tk{i}", gender="K", position_category="toppleder", annual_salary=900_000
        )
        record(
            employee_id=f"mk{i}", gender="K", position_category="mellomleder", annual_salary=800_000
        )
    record(employee_id="mm", gender="M", position_category="mellomleder", annual_salary=700_000)
    rows = {row[0]: row for row in table(report.section(2023), "hr_pay_gap").rows}
    assert rows["Saksbehandler"][3] == Decimal("3.33") and rows["Saksbehandler"][5] == "under 5 %"
    assert rows["Toppleder"][3] == Decimal("10.00")
    assert rows["Toppleder"][5] == "krever felles lønnsvurdering"
    assert rows["Mellomleder"][3] == Suppressed("*")
    assert rows["Mellomleder"][5] == "ikke publisert"
    assert rows["Lærling"][5] == "ingen sammenligning"
    assert all(row[5] for row in rows.values())


def test_pay_gap_indicators_against_hand_calculation(settings):
    settings.HR_MIN_GROUP_SIZE = 1
    for i, pay in enumerate([800_000, 700_000, 600_000]):
        record(employee_id=f"m{i}", gender="M", annual_salary=pay)
    for i, pay in enumerate([560_000, 600_000]):
        record(employee_id=f"k{i}", gender="K", annual_salary=pay)
    gaps = table(report.section(2023), "hr_pay_gap").rows
    # Mean: men 700 000, women 580 000 -> 17,14 %; median: 700 000 vs 580 000 -> 17,14 %.
    assert gaps[0][3] == Decimal("17.14") and gaps[0][4] == Decimal("17.14")
    assert gaps[0][5] == "krever felles lønnsvurdering"
    # Saksbehandler is the only category with people: the others have no one to compare.
    assert gaps[4][0] == "Saksbehandler" and gaps[4][5] == "krever felles lønnsvurdering"
    assert {row[5] for i, row in enumerate(gaps) if i not in (0, 4)} == {"ingen sammenligning"}
    quartiles = table(report.section(2023), "hr_pay_quartiles").rows
    # Ranked: 560k K, 600k K (k1), 600k M (m2), 700k M, 800k M -> bands of 1, 1, 1, 2.
    assert [q[1] for q in quartiles] == [1, 1, 1, 2]
    assert [q[2] for q in quartiles] == [
        Decimal("100.00"),
        Decimal("100.00"),
        Decimal("0.00"),
        Decimal("0.00"),
    ]


def test_equality_work_text_and_measures_after_the_four_steps():
    work = EqualityWork.objects.create(
        year=2023, risks="Skjev kjønnsbalanse.\n\nLønnsgap.", causes="Rekruttering."
    )
    Measure.objects.create(
        work=work, description="Mangfoldspolicy", owner="HR", deadline="2023-06-30", status="done"
    )
    sub = next(s for s in report.section(2023).subsections if s.key == "hr_equality_work")
    assert [s.title for s in sub.subsections] == [
        "1. Avdekkede risikoer for diskriminering",
        sub.subsections[1].title,
        sub.subsections[2].title,
        sub.subsections[3].title,
        "Tiltak for 2023",
    ]
    assert sub.subsections[3].title.startswith("4. ")
    assert sub.subsections[0].paragraphs == ["Skjev kjønnsbalanse.", "Lønnsgap."]
    assert sub.subsections[2].paragraphs == ["Ikke skrevet."]
    # The measures come after step 4, not before the steps (a section's own tables are
    # rendered before its subsections).
    assert sub.tables == []
    plans = sub.subsections[4]
    assert plans.key == "hr_measures_plan" and plans.tables[0].key == "hr_measures"
    assert plans.tables[0].caption == "Tiltak for 2023"
    assert plans.tables[0].rows == [["Mangfoldspolicy", "HR", "30.06.2023", "Gjennomført"]]


def test_no_measures_no_plan_subsection():
    EqualityWork.objects.create(year=2023, risks="Risiko.")
    sub = next(s for s in report.section(2023).subsections if s.key == "hr_equality_work")
    assert [s.key for s in sub.subsections if s.key == "hr_measures_plan"] == []


def test_year_without_data():
    section = report.section(2031)
    assert section.paragraphs == ["Det finnes ingen ansattposter for 2031."]
    assert table(section, "hr_equality").rows[0][2:5] == [None, None, 0]
    assert not any(c.key == "hr_gender_balance" for c in section.charts)


# The prose, checked against figures computed here from the records (exact fractions).

NBSP = "\xa0"
LABELS = {
    "toppleder": "toppleder",
    "mellomleder": "mellomleder",
    "alternativ_karrierevei": "alternativ karrierevei",
    "saksbehandler": "saksbehandler",
    "konsulent_sekretaer": "konsulent/sekretær",
    "laerling": "lærling",
}


def no_pct(value: Fraction) -> str:
    return f"{half_up(value * 100, 2)}".replace(".", ",") + f"{NBSP}%"


def no_dec(value: Fraction) -> str:
    return f"{half_up(value, 2)}".replace(".", ",")


def mean(values):
    return sum(values, Fraction(0)) / len(values)


@pytest.mark.parametrize("seed", [31, 32])
def test_prose_figures_against_an_independent_calculation(settings, seed):
    settings.HR_MIN_GROUP_SIZE = 5
    records = random_records(2024, 220, seed=seed) + random_records(2023, 150, seed=seed + 100)
    ImmigrantBackground.objects.create(year=2023, total_employees=264, group1=14, group2=67)
    ImmigrantBackground.objects.create(year=2024, total_employees=270, group1=15, group2=64)
    paragraphs = report.section(2024).paragraphs
    assert len(paragraphs) == 7
    gender, pay, part_time, temporary, leave, sick, immigrant = paragraphs

    rs = [r for r in records if r.year == 2024]
    staying = [r for r in rs if not r.left_in_year]
    women = [r for r in staying if r.gender == "K"]
    men = [r for r in staying if r.gender == "M"]
    assert (
        f"hadde direktoratet {len(staying)} ansatte (kvinner: {len(women)}, menn: {len(men)})."
        in gender
    )
    assert f"Kvinner utgjorde {no_pct(Fraction(len(women), len(staying)))} av de ansatte." in gender
    before = [r for r in records if r.year == 2023 and not r.left_in_year]
    women_before = sum(1 for r in before if r.gender == "K")
    assert f"I 2023 var andelen {no_pct(Fraction(women_before, len(before)))}." in gender
    managers = [r for r in staying if r.position_category in ("toppleder", "mellomleder")]
    women_managers = sum(1 for r in managers if r.gender == "K")
    assert (
        f"Blant lederne (toppledere og mellomledere, {len(managers)} personer) var "
        f"{no_pct(Fraction(women_managers, len(managers)))} kvinner." in gender
    )

    def ratio(group):
        m = [Fraction(r.annual_salary) for r in group if r.gender == "M"]
        w = [Fraction(r.annual_salary) for r in group if r.gender == "K"]
        if len(m) < 5 or len(w) < 5:
            return None  # the publication rule
        return mean(w) / mean(m)

    assert pay.startswith(
        f"For hele virksomheten var kvinners gjennomsnittslønn {no_pct(ratio(staying))} av menns."
    )
    published = {c: ratio([r for r in staying if r.position_category == c]) for c in LABELS}
    published = {c: v for c, v in published.items() if v is not None}
    lowest = min(published, key=published.get)
    assert (
        f"Andelen var lavest i stillingsgruppen {LABELS[lowest]}, med "
        f"{no_pct(published[lowest])}." in pay
    )

    part = [r for r in staying if Fraction(str(r.fte_percent)) < 100]
    part_women = sum(1 for r in part if r.gender == "K")
    part_men = len(part) - part_women
    assert part_time.startswith(
        f"{len(part)} ansatte jobbet deltid ved utgangen av 2024 (kvinner: {part_women}, "
        f"menn: {part_men}): {no_pct(Fraction(part_women, len(women)))} av kvinnene og "
        f"{no_pct(Fraction(part_men, len(men)))} av mennene."
    )
    involuntary = [r for r in staying if r.involuntary_part_time]
    inv_women = sum(1 for r in involuntary if r.gender == "K")
    assert part_time.endswith(
        f" {len(involuntary)} ansatte jobbet ufrivillig deltid (kvinner: {inv_women}, "
        f"menn: {len(involuntary) - inv_women})."
    )

    temp = [r for r in staying if r.temporary]
    temp_women = sum(1 for r in temp if r.gender == "K")
    assert temporary == (
        f"{len(temp)} ansatte hadde midlertidig arbeidskontrakt; av dem var "
        f"{no_pct(Fraction(temp_women, len(temp)))} kvinner og "
        f"{no_pct(Fraction(len(temp) - temp_women, len(temp)))} menn."
    )

    on_leave = [r for r in rs if r.parental_leave_weeks > 0]
    wm = [Fraction(str(r.parental_leave_weeks)) for r in on_leave if r.gender == "M"]
    ww = [Fraction(str(r.parental_leave_weeks)) for r in on_leave if r.gender == "K"]
    assert leave == (
        f"{len(on_leave)} ansatte tok ut foreldrepermisjon i 2024; menn tok ut "
        f"{no_pct(sum(wm) / (sum(wm) + sum(ww)))} av ukene. Kvinner i permisjon tok i "
        f"gjennomsnitt ut {no_dec(mean(ww))} uker. Menn i permisjon tok i gjennomsnitt ut "
        f"{no_dec(mean(wm))} uker."
    )

    def sick_pct(group):
        days = sum(Fraction(str(r.sick_leave_days)) for r in group)
        return no_pct(days / sum(Fraction(str(r.agreed_work_days)) for r in group))

    assert sick == (
        f"Det legemeldte sykefraværet var {sick_pct(rs)} av de avtalte dagsverkene: "
        f"{sick_pct([r for r in rs if r.gender == 'K'])} for kvinner og "
        f"{sick_pct([r for r in rs if r.gender == 'M'])} for menn."
    )
    # (15 + 64) / 270 = 29,26 %, under the goal; 2023: (14 + 67) / 264 = 30,68 %.
    assert immigrant == (
        f"I 2024 hadde 29,26{NBSP}% av de ansatte innvandrerbakgrunn (SSB-tabell 12625), "
        f"under målet om minst 30{NBSP}%. I 2023 var andelen 30,68{NBSP}%."
    )


def test_prose_never_states_a_hidden_pay_ratio(settings):
    settings.HR_MIN_GROUP_SIZE = 5
    # Toppleder: one man at 1 238 300 and five women at 650 000: the ratio (52,49 %) is hidden.
    record(employee_id="tm", gender="M", position_category="toppleder", annual_salary=1_238_300)
    for i in range(5):
        record(
            employee_id=f"tk{i}", gender="K", position_category="toppleder", annual_salary=650_000
        )
        record(employee_id=f"sm{i}", gender="M", annual_salary=700_000)
        record(employee_id=f"sk{i}", gender="K", annual_salary=665_000)
    ImmigrantBackground.objects.create(year=2023, total_employees=16, group1=2, group2=3)
    paragraphs = report.section(2023).paragraphs
    text = " ".join(paragraphs)
    assert "52,49" not in text
    # Overall: women 657 500 on average, men (1 238 300 + 5 x 700 000) / 6.
    overall = Fraction(657_500) / (Fraction(1_238_300 + 5 * 700_000) / 6)
    assert paragraphs[1] == (
        f"For hele virksomheten var kvinners gjennomsnittslønn {no_pct(overall)} av menns. "
        f"Andelen var lavest i stillingsgruppen saksbehandler, med 95,00{NBSP}%. "
        "Lønn publiseres ikke for en stillingsgruppe med færre enn 5 av ett av kjønnene."
    )
    # 16 employees, 10 women (62,50 %); managers: 5 women of 6 (83,33 %); no 2022 records.
    assert paragraphs[0] == (
        "Ved utgangen av 2023 hadde direktoratet 16 ansatte (kvinner: 10, menn: 6). Kvinner "
        f"utgjorde 62,50{NBSP}% av de ansatte. Blant lederne (toppledere og mellomledere, "
        f"6 personer) var 83,33{NBSP}% kvinner."
    )
    # No part-time, temporary or parental leave records: plain sentences.
    assert paragraphs[2] == (
        "Ingen jobbet deltid ved utgangen av 2023. "
        "Ingen ansatte var registrert med ufrivillig deltid."
    )
    assert paragraphs[3] == "Ingen hadde midlertidig arbeidskontrakt ved utgangen av 2023."
    assert paragraphs[4] == "Ingen tok ut foreldrepermisjon i 2023."
    # 5 / 16 = 31,25 %: the goal is met.
    assert paragraphs[6] == (
        f"I 2023 hadde 31,25{NBSP}% av de ansatte innvandrerbakgrunn (SSB-tabell 12625); "
        f"målet om minst 30{NBSP}% ble nådd."
    )
