"""Reads for the HR pages, commands and report.

All HR data is visible to the HR officer; the report reader sees aggregates only, and only
through the public form of the table (``public=True``). The figures are computed in Python
with Decimal arithmetic, rounded half up, so that a page, the command and the report agree
to the krone.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db.models import QuerySet

from hr.models import (
    RECORD_FIGURES,
    EmployeeRecord,
    EqualityWork,
    Gender,
    ImmigrantBackground,
    Measure,
    PositionCategory,
)
from imdi.roles import Role, has_role

TWO = Decimal("0.01")
ONE = Decimal("1")
HUNDRED = Decimal("100")

CATEGORY_ROWS = [c.value for c in PositionCategory]
EXTRA_ROWS = ["part_time", "temporary", "involuntary_part_time", "hired", "left"]
ROW_ORDER = ["total", *CATEGORY_ROWS, *EXTRA_ROWS]
ROW_KEYS = [
    "row",
    "men",
    "women",
    "total",
    "men_pct",
    "women_pct",
    "avg_salary_men",
    "avg_salary_women",
    "women_pct_of_men",
]
PAY_GAP_FLAG_PCT = Decimal("5")


def min_group_size() -> int:
    return int(settings.HR_MIN_GROUP_SIZE)


def _pct(part, whole) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) * HUNDRED / Decimal(whole)).quantize(TWO, rounding=ROUND_HALF_UP)


def _mean(values: list) -> Decimal | None:
    if not values:
        return None
    return sum((Decimal(v) for v in values), Decimal(0)) / Decimal(len(values))


def _median(values: list) -> Decimal | None:
    if not values:
        return None
    ordered = sorted(Decimal(v) for v in values)
    mid = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[mid]
    return (ordered[mid - 1] + ordered[mid]) / 2


def _kroner(value: Decimal | None) -> int | None:
    return None if value is None else int(value.quantize(ONE, rounding=ROUND_HALF_UP))


def _round2(value: Decimal | None) -> Decimal | None:
    return None if value is None else value.quantize(TWO, rounding=ROUND_HALF_UP)


def _row(name: str, records: list[EmployeeRecord], *, public: bool) -> dict:
    men = [r.annual_salary for r in records if r.gender == Gender.MAN]
    women = [r.annual_salary for r in records if r.gender == Gender.WOMAN]
    total = len(men) + len(women)
    mean_men, mean_women = _mean(men), _mean(women)
    ratio = None
    if mean_men and mean_women is not None:
        # From the unrounded means: the ratio is not skewed by rounding the averages first.
        ratio = _round2(mean_women * HUNDRED / mean_men)
    row = {
        "row": name,
        "men": len(men),
        "women": len(women),
        "total": total,
        "men_pct": _pct(len(men), total),
        "women_pct": _pct(len(women), total),
        "avg_salary_men": _kroner(mean_men),
        "avg_salary_women": _kroner(mean_women),
        "women_pct_of_men": ratio,
    }
    if public:
        limit = min_group_size()
        for count_key, pay_key in (("men", "avg_salary_men"), ("women", "avg_salary_women")):
            if row[count_key] < limit:
                row[pay_key] = None
                row["women_pct_of_men"] = None
    return row


def year_records(year: int) -> QuerySet[EmployeeRecord]:
    return EmployeeRecord.objects.filter(year=year)


def equality_table(year: int, *, public: bool = False) -> dict:
    """The equality table of one year, by the definitions of issue 5.

    ``{"year", "rows": [...], "parental_leave": {...}, "sick_leave": {...}}``; rows in the
    order of ``ROW_ORDER``. Percentages are Decimals with 2 decimals, salaries whole kroner,
    a figure with nobody behind it is None. ``public`` applies the publication rule: a
    gender with fewer than ``HR_MIN_GROUP_SIZE`` people in a row has no average salary, and
    the row no pay ratio.
    """
    # Plain rows (named tuples), not model instances: the figures only read attributes, and
    # building a model per employee was most of the cost at scale.
    records = list(year_records(year).values_list(*RECORD_FIGURES, named=True))
    staying = [r for r in records if not r.left_in_year]
    groups: dict[str, list[EmployeeRecord]] = {"total": staying}
    for category in CATEGORY_ROWS:
        groups[category] = [r for r in staying if r.position_category == category]
    groups["part_time"] = [r for r in staying if r.fte_percent < HUNDRED]
    groups["temporary"] = [r for r in staying if r.temporary]
    groups["involuntary_part_time"] = [r for r in staying if r.involuntary_part_time]
    groups["hired"] = [r for r in records if r.hired_in_year]
    groups["left"] = [r for r in records if r.left_in_year]
    rows = [_row(name, groups[name], public=public) for name in ROW_ORDER]

    on_leave = [r for r in records if r.parental_leave_weeks > 0]
    weeks_men = [r.parental_leave_weeks for r in on_leave if r.gender == Gender.MAN]
    weeks_women = [r.parental_leave_weeks for r in on_leave if r.gender == Gender.WOMAN]
    all_weeks = sum(weeks_men, Decimal(0)) + sum(weeks_women, Decimal(0))
    parental_leave = {
        "persons": len(on_leave),
        "men": len(weeks_men),
        "women": len(weeks_women),
        "men_share_of_weeks_pct": _pct(sum(weeks_men, Decimal(0)), all_weeks),
        "avg_weeks_men": _round2(_mean(weeks_men)),
        "avg_weeks_women": _round2(_mean(weeks_women)),
    }

    def sick(rs: list[EmployeeRecord]) -> Decimal | None:
        agreed = sum((r.agreed_work_days for r in rs), Decimal(0))
        return _pct(sum((r.sick_leave_days for r in rs), Decimal(0)), agreed)

    sick_leave = {
        "men_pct": sick([r for r in records if r.gender == Gender.MAN]),
        "women_pct": sick([r for r in records if r.gender == Gender.WOMAN]),
        "total_pct": sick(records),
    }
    return {
        "year": year,
        "rows": rows,
        "parental_leave": parental_leave,
        "sick_leave": sick_leave,
    }


def suppressed_cells(row: dict) -> set[str]:
    """The pay cells of a public row that the publication rule hid (shown as "*")."""
    limit = min_group_size()
    hidden = set()
    if 0 < row["men"] < limit:
        hidden.add("avg_salary_men")
    if 0 < row["women"] < limit:
        hidden.add("avg_salary_women")
    if hidden and row["men"] and row["women"]:
        hidden.add("women_pct_of_men")
    return hidden


def _gap(men: list, women: list, measure) -> Decimal | None:
    m, w = measure(men), measure(women)
    if not m or w is None:
        return None
    return _round2((m - w) * HUNDRED / m)


def pay_gap(year: int, *, public: bool = False) -> dict:
    """Pay-gap indicators (EU directive 2023/970 art. 9, UK regulations) for the year's
    employees who did not leave: the mean and median gap as % of men's pay, overall and per
    category (flagged at 5 % or more either way), and women's and men's shares of each pay
    quartile (ranked by full-time salary; ties by employee number; quartiles as equal as
    the count allows). ``public`` hides a gap where a gender has fewer than
    ``HR_MIN_GROUP_SIZE`` people."""
    staying = list(
        year_records(year)
        .filter(left_in_year=False)
        .values_list("employee_id", "gender", "position_category", "annual_salary", named=True)
    )
    limit = min_group_size()

    def indicators(key: str, rs: list[EmployeeRecord]) -> dict:
        men = [r.annual_salary for r in rs if r.gender == Gender.MAN]
        women = [r.annual_salary for r in rs if r.gender == Gender.WOMAN]
        hidden = public and (len(men) < limit or len(women) < limit)
        mean_gap = None if hidden else _gap(men, women, _mean)
        median_gap = None if hidden else _gap(men, women, _median)
        return {
            "key": key,
            "men": len(men),
            "women": len(women),
            "mean_gap_pct": mean_gap,
            "median_gap_pct": median_gap,
            "suppressed": bool(hidden and (men or women)),
            "flagged": mean_gap is not None and abs(mean_gap) >= PAY_GAP_FLAG_PCT,
        }

    overall = indicators("total", staying)
    categories = [
        indicators(c, [r for r in staying if r.position_category == c]) for c in CATEGORY_ROWS
    ]
    ranked = sorted(staying, key=lambda r: (r.annual_salary, r.employee_id))
    n = len(ranked)
    quartiles = []
    for q in range(4):
        band = ranked[q * n // 4 : (q + 1) * n // 4]
        men = sum(1 for r in band if r.gender == Gender.MAN)
        women = len(band) - men
        quartiles.append(
            {
                "quartile": q + 1,
                "count": len(band),
                "men": men,
                "women": women,
                "men_pct": _pct(men, len(band)),
                "women_pct": _pct(women, len(band)),
                "min_salary": band[0].annual_salary if band and not public else None,
                "max_salary": band[-1].annual_salary if band and not public else None,
            }
        )
    return {"year": year, "overall": overall, "categories": categories, "quartiles": quartiles}


def years_with_records() -> list[int]:
    return list(EmployeeRecord.objects.order_by("-year").values_list("year", flat=True).distinct())


def record_counts_by_year(years) -> dict[int, int]:
    from django.db.models import Count

    rows = (
        EmployeeRecord.objects.filter(year__in=list(years))
        .values("year")
        .annotate(n=Count("id"))
        .order_by()
    )
    return {row["year"]: row["n"] for row in rows}


def immigrant_background_rows() -> list[dict]:
    """SSB table 12625 counts per year with the share and the goal, oldest first."""
    rows = []
    for item in ImmigrantBackground.objects.order_by("year"):
        with_background = item.group1 + item.group2
        share = _pct(with_background, item.total_employees)
        rows.append(
            {
                "object": item,
                "year": item.year,
                "total_employees": item.total_employees,
                "group1": item.group1,
                "group2": item.group2,
                "with_background": with_background,
                "share_pct": share,
                "goal_pct": item.goal_pct,
                "goal_met": share is not None and share >= item.goal_pct,
            }
        )
    return rows


def equality_work_years() -> list[int]:
    """The years with written equality work or employee records, newest first."""
    written = EqualityWork.objects.values_list("year", flat=True)
    return sorted({*written, *years_with_records()}, reverse=True)


def equality_work_for_year(year: int) -> EqualityWork | None:
    return EqualityWork.objects.filter(year=year).first()


def measures_for_year(year: int) -> QuerySet[Measure]:
    return Measure.objects.filter(work__year=year).order_by("deadline", "pk")


def measure_for_user(user, pk: int) -> Measure:
    """One measure, for the HR officer only (the same rule as the list)."""
    queryset = Measure.objects.select_related("work")
    if not has_role(user, Role.HR_OFFICER):
        queryset = queryset.none()
    return queryset.get(pk=pk)


def records_for_user(user) -> QuerySet[EmployeeRecord]:
    """Employee records: the HR officer only; everyone else sees none."""
    if not has_role(user, Role.HR_OFFICER):
        return EmployeeRecord.objects.none()
    return EmployeeRecord.objects.all()


def record_for_user(user, pk: int) -> EmployeeRecord:
    """One record, by the same rule as the list (raises DoesNotExist otherwise)."""
    return records_for_user(user).get(pk=pk)


def salary_ratio_trend(
    years: list[int], *, public: bool = False
) -> dict[str, list[Decimal | None]]:
    """Women's pay as % of men's per category (and in total), for each of the years."""
    tables = [equality_table(y, public=public) for y in years]
    trend: dict[str, list[Decimal | None]] = {}
    for key in ["total", *CATEGORY_ROWS]:
        trend[key] = [
            next(r for r in t["rows"] if r["row"] == key)["women_pct_of_men"] for t in tables
        ]
    return trend
