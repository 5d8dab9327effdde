"""The equality table against an independent calculation (exact fractions, rounded half up
by hand), on generated data and on the edge cases the issue names."""

import json
from decimal import Decimal
from fractions import Fraction
from io import StringIO
from math import floor

import pytest
from django.core.management import call_command

from hr.selectors import equality_table
from tests.hr.factories import CATEGORIES, random_records, record

pytestmark = pytest.mark.django_db

ORDER = ["total", *CATEGORIES, "part_time", "temporary", "involuntary_part_time", "hired", "left"]


def half_up(value: Fraction, places: int) -> Decimal:
    scaled = value * 10**places
    n = floor(scaled + Fraction(1, 2))
    return Decimal(n).scaleb(-places)


def expected_row(name, group):
    men = [Fraction(r.annual_salary) for r in group if r.gender == "M"]
    women = [Fraction(r.annual_salary) for r in group if r.gender == "K"]
    total = len(men) + len(women)
    mean_m = sum(men) / len(men) if men else None
    mean_w = sum(women) / len(women) if women else None
    return {
        "row": name,
        "men": len(men),
        "women": len(women),
        "total": total,
        "men_pct": half_up(Fraction(len(men) * 100, total), 2) if total else None,
        "women_pct": half_up(Fraction(len(women) * 100, total), 2) if total else None,
        "avg_salary_men": int(half_up(mean_m, 0)) if men else None,
        "avg_salary_women": int(half_up(mean_w, 0)) if women else None,
        "women_pct_of_men": half_up(mean_w / mean_m * 100, 2) if men and women else None,
    }


def expected_table(records, year):
    rs = [r for r in records if r.year == year]
    staying = [r for r in rs if not r.left_in_year]
    groups = {"total": staying}
    for c in CATEGORIES:
        groups[c] = [r for r in staying if r.position_category == c]
    groups["part_time"] = [r for r in staying if Fraction(str(r.fte_percent)) < 100]
    groups["temporary"] = [r for r in staying if r.temporary]
    groups["involuntary_part_time"] = [r for r in staying if r.involuntary_part_time]
    groups["hired"] = [r for r in rs if r.hired_in_year]
    groups["left"] = [r for r in rs if r.left_in_year]
    leave = [r for r in rs if Fraction(str(r.parental_leave_weeks)) > 0]
    wm = [Fraction(str(r.parental_leave_weeks)) for r in leave if r.gender == "M"]
    ww = [Fraction(str(r.parental_leave_weeks)) for r in leave if r.gender == "K"]

    def sick(sel):
        agreed = sum(Fraction(str(r.agreed_work_days)) for r in sel)
        days = sum(Fraction(str(r.sick_leave_days)) for r in sel)
        return half_up(days / agreed * 100, 2) if agreed else None

    return {
        "year": year,
        "rows": [expected_row(name, groups[name]) for name in ORDER],
        "parental_leave": {
            "persons": len(leave),
            "men": len(wm),
            "women": len(ww),
            "men_share_of_weeks_pct": half_up(sum(wm) / (sum(wm) + sum(ww)) * 100, 2)
            if leave
            else None,
            "avg_weeks_men": half_up(sum(wm) / len(wm), 2) if wm else None,
            "avg_weeks_women": half_up(sum(ww) / len(ww), 2) if ww else None,
        },
        "sick_leave": {
            "men_pct": sick([r for r in rs if r.gender == "M"]),
            "women_pct": sick([r for r in rs if r.gender == "K"]),
            "total_pct": sick(rs),
        },
    }


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_table_matches_an_independent_calculation(seed):
    records = random_records(2023, 180, seed=seed) + random_records(2022, 40, seed=seed + 10)
    assert equality_table(2023) == expected_table(records, 2023)
    assert equality_table(2022) == expected_table(records, 2022)


def test_rows_come_in_the_issue_order():
    random_records(2023, 30, seed=5)
    assert [r["row"] for r in equality_table(2023)["rows"]] == ORDER


def test_hand_checked_figures():
    # 2 men 700 000 and 800 001, 1 woman 700 000: mean men 750 000,5 -> 750 001 kroner;
    # 700 000 / 750 000,5 = 93,33329... % -> 93,33 %.
    record(employee_id="m1", gender="M", annual_salary=700_000, sick_leave_days=Decimal("10"))
    record(employee_id="m2", gender="M", annual_salary=800_001, parental_leave_weeks=Decimal("5.5"))
    record(employee_id="k1", gender="K", annual_salary=700_000, parental_leave_weeks=Decimal("14"))
    # A leaver counts in "left" and in sick leave, not in the total.
    record(
        employee_id="k2",
        gender="K",
        annual_salary=600_000,
        left_in_year=True,
        sick_leave_days=Decimal("20"),
        agreed_work_days=Decimal("100"),
    )
    table = equality_table(2023)
    total = table["rows"][0]
    assert (total["men"], total["women"], total["total"]) == (2, 1, 3)
    assert total["men_pct"] == Decimal("66.67") and total["women_pct"] == Decimal("33.33")
    assert total["avg_salary_men"] == 750_001 and total["avg_salary_women"] == 700_000
    assert total["women_pct_of_men"] == Decimal("93.33")
    left = table["rows"][-1]
    assert (left["row"], left["women"], left["avg_salary_women"]) == ("left", 1, 600_000)
    # Parental leave: men's weeks 5,5 of 19,5 -> 28,205... % -> 28,21 %.
    assert table["parental_leave"] == {
        "persons": 2,
        "men": 1,
        "women": 1,
        "men_share_of_weeks_pct": Decimal("28.21"),
        "avg_weeks_men": Decimal("5.50"),
        "avg_weeks_women": Decimal("14.00"),
    }
    # Sick leave: men 10/460 = 2,17 %; women 20/330 = 6,06 %; all 30/790 = 3,80 %.
    assert table["sick_leave"] == {
        "men_pct": Decimal("2.17"),
        "women_pct": Decimal("6.06"),
        "total_pct": Decimal("3.80"),
    }


def test_one_gender_only_and_empty_category():
    record(
        employee_id="a", position_category="konsulent_sekretaer", gender="M", annual_salary=466_600
    )
    table = equality_table(2023)
    rows = {r["row"]: r for r in table["rows"]}
    consultant = rows["konsulent_sekretaer"]
    assert consultant["men_pct"] == Decimal("100.00") and consultant["women_pct"] == Decimal("0.00")
    assert consultant["avg_salary_men"] == 466_600
    assert consultant["avg_salary_women"] is None and consultant["women_pct_of_men"] is None
    empty = rows["laerling"]
    assert (empty["men"], empty["women"], empty["total"]) == (0, 0, 0)
    assert empty["men_pct"] is None and empty["avg_salary_men"] is None


def test_nobody_on_leave():
    record(employee_id="a")
    leave = equality_table(2023)["parental_leave"]
    assert leave == {
        "persons": 0,
        "men": 0,
        "women": 0,
        "men_share_of_weeks_pct": None,
        "avg_weeks_men": None,
        "avg_weeks_women": None,
    }


def test_year_without_records():
    table = equality_table(1999)
    assert all(r["total"] == 0 and r["men_pct"] is None for r in table["rows"])
    assert table["sick_leave"] == {"men_pct": None, "women_pct": None, "total_pct": None}
    assert table["parental_leave"]["persons"] == 0


def test_public_rule_hides_pay_of_small_groups(settings):
    settings.HR_MIN_GROUP_SIZE = 5
    for i in range(5):
        record(
            employee_id=f"k{i}",
            gender="K",
            position_category="toppleder",
            annual_salary=1_000_000 + i,
        )
    for i in range(4):
        record(
            employee_id=f"m{i}", gender="M", position_category="toppleder", annual_salary=1_200_000
        )
    internal = {r["row"]: r for r in equality_table(2023)["rows"]}["toppleder"]
    public = {r["row"]: r for r in equality_table(2023, public=True)["rows"]}["toppleder"]
    assert internal["avg_salary_men"] == 1_200_000 and internal["women_pct_of_men"] is not None
    assert public["avg_salary_men"] is None and public["women_pct_of_men"] is None
    assert public["avg_salary_women"] == 1_000_002  # five women: shown
    # Counts and shares stay.
    assert (public["men"], public["women"], public["men_pct"]) == (4, 5, Decimal("44.44"))
    settings.HR_MIN_GROUP_SIZE = 4
    public = {r["row"]: r for r in equality_table(2023, public=True)["rows"]}["toppleder"]
    assert public["avg_salary_men"] == 1_200_000


def test_command_json_and_csv(settings):
    records = random_records(2023, 60, seed=9)
    expected = expected_table(records, 2023)
    out = StringIO()
    call_command("equality_table", "--year", "2023", "--format", "json", stdout=out)
    data = json.loads(out.getvalue())
    assert list(data) == ["year", "rows", "parental_leave", "sick_leave"]
    assert data["year"] == 2023
    assert [list(r) for r in data["rows"]] == [list(expected["rows"][0])] * len(ORDER)
    for got, want in zip(data["rows"], expected["rows"], strict=True):
        for key, value in want.items():
            assert got[key] == (float(value) if isinstance(value, Decimal) else value), key
    assert data["sick_leave"]["total_pct"] == float(expected["sick_leave"]["total_pct"])

    out = StringIO()
    call_command("equality_table", "--year", "2023", "--format", "csv", stdout=out)
    lines = out.getvalue().splitlines()
    assert (
        lines[0]
        == "year,row,men,women,total,men_pct,women_pct,avg_salary_men,avg_salary_women,women_pct_of_men"
    )
    assert [line.split(",")[1] for line in lines[1:]] == ORDER
    first = expected["rows"][0]
    assert lines[1] == ",".join(
        ["2023"] + ["" if first[k] is None else str(first[k]) for k in first]
    )


def test_command_public_flag(settings):
    settings.HR_MIN_GROUP_SIZE = 5
    record(employee_id="m", gender="M", position_category="toppleder", annual_salary=1_000_000)
    for i in range(6):
        record(employee_id=f"k{i}", gender="K", position_category="toppleder")
    out = StringIO()
    call_command("equality_table", "--year", "2023", "--public", stdout=out)
    top = json.loads(out.getvalue())["rows"][1]
    assert top["row"] == "toppleder" and top["avg_salary_men"] is None
    assert top["women_pct_of_men"] is None and top["avg_salary_women"] == 650_000


def test_command_json_keeps_two_decimals_and_nulls():
    # One man, one woman at the same pay: 50,00 % each and 100,00 % of men's pay; a float
    # would print 50.0 and 100.0. The empty categories print null.
    record(employee_id="m", gender="M", annual_salary=600_000, parental_leave_weeks=Decimal("6"))
    record(employee_id="k", gender="K", annual_salary=600_000)
    out = StringIO()
    call_command("equality_table", "--year", "2023", "--format", "json", stdout=out)
    text = out.getvalue()
    assert text.startswith(
        '{"year": 2023, "rows": [{"row": "total", "men": 1, "women": 1, "total": 2, '
        '"men_pct": 50.00, "women_pct": 50.00, "avg_salary_men": 600000, '
        '"avg_salary_women": 600000, "women_pct_of_men": 100.00}, '
        '{"row": "toppleder", "men": 0, "women": 0, "total": 0, "men_pct": null, '
        '"women_pct": null, "avg_salary_men": null, "avg_salary_women": null, '
        '"women_pct_of_men": null}'
    )
    assert text.rstrip().endswith(
        '"parental_leave": {"persons": 1, "men": 1, "women": 0, '
        '"men_share_of_weeks_pct": 100.00, "avg_weeks_men": 6.00, "avg_weeks_women": null}, '
        '"sick_leave": {"men_pct": 0.00, "women_pct": 0.00, "total_pct": 0.00}}'
    )
    assert json.loads(text)["rows"][0]["men_pct"] == 50
