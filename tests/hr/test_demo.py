import io

import pytest

from hr import demo
from hr.models import EmployeeRecord, EqualityWork, ImmigrantBackground
from hr.selectors import equality_table
from tests.hr.factories import CATEGORIES

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
    # The source's 2023 table (likestillingsredegjørelse 2023), as printed: N, men %, and the
    # mean salaries of men and women with women's pay as % of men's. Caseworkers are 217,
    # not the printed 219, so that the categories add up to the printed total of 266.
    source = {
        "total": (266, "33.83", None, None, None),
        "toppleder": (7, "42.86", 1_238_300, 1_215_029, "98.12"),
        "mellomleder": (15, "40.00", 992_987, 966_578, "97.34"),
        "alternativ_karrierevei": (24, "45.83", 855_846, 818_709, "95.66"),
        "saksbehandler": (217, "31.34", 691_746, 670_626, "96.95"),
        "konsulent_sekretaer": (1, "100.00", 466_600, None, None),
        "laerling": (2, "50.00", 125_550, 125_550, "100.00"),
        "part_time": (7, "14.29", None, None, None),
        "temporary": (49, "22.45", None, None, None),
        "left": (50, "30.00", None, None, None),
        "hired": (52, "28.85", None, None, None),
    }
    for key, (n, men_pct, pay_men, pay_women, ratio) in source.items():
        row = rows[key]
        assert (row["total"], str(row["men_pct"])) == (n, men_pct), key
        if pay_men:
            assert (row["avg_salary_men"], row["avg_salary_women"]) == (pay_men, pay_women), key
            assert str(row["women_pct_of_men"]) == str(ratio), key
    assert sum(rows[c]["total"] for c in CATEGORIES) == rows["total"]["total"]
    # The whole organisation: the source prints 740 766 and 705 774 kr, 95,28 %.
    assert abs(rows["total"]["avg_salary_men"] - 740_766) < 2_000
    assert abs(rows["total"]["avg_salary_women"] - 705_774) < 2_000
    assert rows["involuntary_part_time"]["total"] == 0
    # Parental leave: 15 people, 5,90 and 13,40 weeks; sick leave 1,70 % and 7,90 %.
    leave = table["parental_leave"]
    assert leave["persons"] == 15
    assert (str(leave["avg_weeks_men"]), str(leave["avg_weeks_women"])) == ("5.90", "13.40")
    assert 20 <= leave["men_share_of_weeks_pct"] <= 25
    sick = table["sick_leave"]
    assert (str(sick["men_pct"]), str(sick["women_pct"])) == ("1.70", "7.90")
    # 2022 as the source prints its categories (its alternative career pay line inverted).
    before = {r["row"]: r for r in equality_table(2022)["rows"]}
    assert [before[c]["total"] for c in CATEGORIES] == [6, 11, 25, 222, 0, 0]
    assert str(before["toppleder"]["women_pct_of_men"]) == "93.33"
    assert str(before["alternativ_karrierevei"]["women_pct_of_men"]) == "89.08"
    assert (before["hired"]["total"], before["left"]["total"]) == (62, 43)
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


def test_every_demo_record_passes_the_import_checks():
    """The demo data could have come through the import: exported as CSV, the importer
    finds no problem (sick days within agreed days, weeks within 0-52, and so on)."""
    from hr.importing import COLUMNS, parse_file

    demo.seed(users={}, scale=1, stdout=io.StringIO())
    lines = [",".join(COLUMNS)]
    for values in EmployeeRecord.objects.values_list(*COLUMNS):
        lines.append(",".join(str(v).lower() if isinstance(v, bool) else str(v) for v in values))
    result = parse_file("\n".join(lines).encode(), "demo.csv")
    assert result.problems == []
    assert len(result.records) == EmployeeRecord.objects.count() > 1400
