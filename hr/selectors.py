"""Reads for the HR pages, commands and report.

All HR data is visible to the HR officer; the report reader sees aggregates only, and only
through the public form of the table (``public=True``). The figures are computed in Python
with Decimal arithmetic, rounded half up, so that a page, the command and the report agree
to the krone.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import NamedTuple

from django.conf import settings
from django.db import connection
from django.db.models import (
    BigIntegerField,
    Count,
    F,
    Q,
    QuerySet,
    Sum,
)
from django.db.models.functions import Cast, Round

from hr.models import (
    EmployeeRecord,
    EqualityWork,
    Gender,
    ImmigrantBackground,
    Measure,
    PositionCategory,
)
from imdi import datacache
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


# The figures are computed from aggregates that the database groups, never from the rows
# themselves: one query groups a set of years by gender, category and every mark the table
# counts (a few hundred groups at most, however many employees), one computes the medians
# and one the pay quartiles. The Python below only adds groups up, with the same Decimal
# arithmetic as before, so the figures are exactly those of the plain computation over the
# rows (the tests compare the two on random data).


class Group(NamedTuple):
    """The records of a year that share a gender, a category and the marks "left" and
    "hired", with the counts and sums of those among them who work part time, are temporary,
    involuntarily part time or took parental leave."""

    gender: str
    category: str
    left: bool
    hired: bool
    count: int
    salary: int  # sum of annual salaries, kroner
    part_time: tuple[int, int]  # (count, salary sum) of those under 100 % of full time
    temporary: tuple[int, int]
    involuntary: tuple[int, int]
    on_leave: tuple[int, int]  # (count, hundredths of weeks) of those with leave weeks > 0
    sick_cents: int  # sum of sick leave days, in hundredths
    agreed_cents: int  # sum of agreed work days, in hundredths


class PayGapData(NamedTuple):
    """What the pay gap needs beyond the groups: medians and pay quartiles of the stayers."""

    # {(category or "total", gender): median annual salary}
    medians: dict
    # [(quartile 0-3, count, men, min salary, max salary)] for the non-empty quartiles
    quartiles: list


def _hundredths_sum(field: str, condition: Q | None = None):
    if connection.vendor == "postgresql":
        return Sum(field, filter=condition)  # numeric: exact
    # Hundredths as whole numbers: SQLite keeps decimals as floating point, and a sum of
    # floats would not be exact.
    return Sum(Cast(Round(F(field) * 100), BigIntegerField()), filter=condition)


def _as_hundredths(value) -> int:
    # An exact numeric sum (2 decimals) or already whole hundredths.
    return 0 if value is None else int(Decimal(value) * 100)


def year_groups(years) -> dict[int, list[Group]]:
    """The groups of each of the years, in one query (years without records: [])."""
    years = sorted(set(years))
    result: dict[int, list[Group]] = {y: [] for y in years}
    if not years:
        return result
    marks = {
        "pt": Q(fte_percent__lt=100),
        "temp": Q(temporary=True),
        "inv": Q(involuntary_part_time=True),
    }
    on_leave = Q(parental_leave_weeks__gt=0)
    aggregates: dict = {"n": Count("id"), "salary": Sum("annual_salary")}
    for name, condition in marks.items():
        aggregates[f"{name}_n"] = Count("id", filter=condition)
        aggregates[f"{name}_salary"] = Sum("annual_salary", filter=condition)
    aggregates["leave_n"] = Count("id", filter=on_leave)
    aggregates["leave"] = _hundredths_sum("parental_leave_weeks", on_leave)
    aggregates["sick"] = _hundredths_sum("sick_leave_days")
    aggregates["agreed"] = _hundredths_sum("agreed_work_days")
    rows = (
        EmployeeRecord.objects.filter(year__in=years)
        .order_by()
        .values("year", "gender", "position_category", "left_in_year", "hired_in_year")
        .annotate(**aggregates)
    )
    # PostgreSQL sums the decimals exactly (numeric); SQLite sums whole hundredths.
    hundredths = _as_hundredths if connection.vendor == "postgresql" else int
    for r in rows:
        result[r["year"]].append(
            Group(
                r["gender"],
                r["position_category"],
                bool(r["left_in_year"]),
                bool(r["hired_in_year"]),
                r["n"],
                int(r["salary"] or 0),
                *((r[f"{m}_n"], int(r[f"{m}_salary"] or 0)) for m in marks),
                (r["leave_n"], hundredths(r["leave"] or 0)),
                hundredths(r["sick"] or 0),
                hundredths(r["agreed"] or 0),
            )
        )
    return result


def _hundredths(cents: int) -> Decimal:
    return Decimal(cents) / HUNDRED


def _mean_of(total, count: int) -> Decimal | None:
    """The mean of values whose exact sum is ``total``: the sum divided by their number, in
    Decimal, as it was computed over the values themselves."""
    if not count:
        return None
    return Decimal(total) / Decimal(count)


class YearSums(NamedTuple):
    """A year's groups added up into what the table and the pay gap read: per row of the
    table and per gender the number of people and their salaries' sum; per gender the
    parental leave (people on leave and their weeks, in hundredths) and the sick leave
    (days and agreed days, in hundredths). Some fifty numbers a year, whatever the size."""

    rows: dict  # {row: {gender: (count, salary sum)}}
    leave: dict  # {gender: (count, hundredths of weeks)}
    sick: dict  # {gender: (hundredths of sick days, hundredths of agreed days)}


def _add(into: dict, key, *values: int) -> None:
    before = into.get(key)
    into[key] = (
        values if before is None else tuple(a + b for a, b in zip(before, values, strict=True))
    )


def sums_from_groups(groups: list[Group]) -> YearSums:
    rows: dict[str, dict] = {name: {} for name in ROW_ORDER}
    leave: dict[str, tuple] = {}
    sick: dict[str, tuple] = {}
    for g in groups:
        if g.left:
            _add(rows["left"], g.gender, g.count, g.salary)
        else:
            _add(rows["total"], g.gender, g.count, g.salary)
            if g.category in rows:
                _add(rows[g.category], g.gender, g.count, g.salary)
            for name, (count, salary) in (
                ("part_time", g.part_time),
                ("temporary", g.temporary),
                ("involuntary_part_time", g.involuntary),
            ):
                if count:
                    _add(rows[name], g.gender, count, salary)
        if g.hired:
            _add(rows["hired"], g.gender, g.count, g.salary)
        if g.on_leave[0]:
            _add(leave, g.gender, *g.on_leave)
        _add(sick, g.gender, g.sick_cents, g.agreed_cents)
    return YearSums(rows, leave, sick)


def _row(name: str, by_gender: dict, *, limit: int | None) -> dict:
    """One row of the table; ``limit``: the publication rule's group size (None: internal)."""
    n_men, salary_men = by_gender.get(Gender.MAN.value, (0, 0))
    n_women, salary_women = by_gender.get(Gender.WOMAN.value, (0, 0))
    total = n_men + n_women
    mean_men = _mean_of(salary_men, n_men)
    mean_women = _mean_of(salary_women, n_women)
    ratio = None
    if mean_men and mean_women is not None:
        # From the unrounded means: the ratio is not skewed by rounding the averages first.
        ratio = _round2(mean_women * HUNDRED / mean_men)
    row = {
        "row": name,
        "men": n_men,
        "women": n_women,
        "total": total,
        "men_pct": _pct(n_men, total),
        "women_pct": _pct(n_women, total),
        "avg_salary_men": _kroner(mean_men),
        "avg_salary_women": _kroner(mean_women),
        "women_pct_of_men": ratio,
    }
    if limit is not None:
        for count_key, pay_key in (("men", "avg_salary_men"), ("women", "avg_salary_women")):
            if row[count_key] < limit:
                row[pay_key] = None
                row["women_pct_of_men"] = None
    return row


def table_from_sums(year: int, sums: YearSums, *, public: bool = False) -> dict:
    """The equality table of ``year`` from its sums (see :func:`equality_table`)."""
    limit = min_group_size() if public else None
    rows = [_row(name, sums.rows[name], limit=limit) for name in ROW_ORDER]

    n_men, cents_men = sums.leave.get(Gender.MAN.value, (0, 0))
    n_women, cents_women = sums.leave.get(Gender.WOMAN.value, (0, 0))
    weeks_men, weeks_women = _hundredths(cents_men), _hundredths(cents_women)
    parental_leave = {
        "persons": sum(n for n, _ in sums.leave.values()),
        "men": n_men,
        "women": n_women,
        "men_share_of_weeks_pct": _pct(weeks_men, weeks_men + weeks_women),
        "avg_weeks_men": _round2(_mean_of(weeks_men, n_men)),
        "avg_weeks_women": _round2(_mean_of(weeks_women, n_women)),
    }

    def sick(pairs) -> Decimal | None:
        pairs = list(pairs)
        agreed = _hundredths(sum(a for _, a in pairs))
        return _pct(_hundredths(sum(d for d, _ in pairs)), agreed)

    sick_leave = {
        "men_pct": sick([sums.sick.get(Gender.MAN.value, (0, 0))]),
        "women_pct": sick([sums.sick.get(Gender.WOMAN.value, (0, 0))]),
        "total_pct": sick(sums.sick.values()),
    }
    return {
        "year": year,
        "rows": rows,
        "parental_leave": parental_leave,
        "sick_leave": sick_leave,
    }


def table_from_groups(year: int, groups: list[Group], *, public: bool = False) -> dict:
    return table_from_sums(year, sums_from_groups(groups), public=public)


def ratios_from_sums(sums: YearSums, *, public: bool = False) -> dict[str, Decimal | None]:
    """Women's pay as % of men's in total and per category (the trend's figures)."""
    limit = min_group_size() if public else None
    return {
        key: _row(key, sums.rows[key], limit=limit)["women_pct_of_men"]
        for key in ["total", *CATEGORY_ROWS]
    }


def equality_tables(years, *, public: bool = False) -> dict[int, dict]:
    """The equality tables of several years, from one query."""
    return {
        year: table_from_groups(year, groups, public=public)
        for year, groups in year_groups(years).items()
    }


def equality_table(year: int, *, public: bool = False) -> dict:
    """The equality table of one year, by the definitions of issue 5.

    ``{"year", "rows": [...], "parental_leave": {...}, "sick_leave": {...}}``; rows in the
    order of ``ROW_ORDER``. Percentages are Decimals with 2 decimals, salaries whole kroner,
    a figure with nobody behind it is None. ``public`` applies the publication rule: a
    gender with fewer than ``HR_MIN_GROUP_SIZE`` people in a row has no average salary, and
    the row no pay ratio.
    """
    return equality_tables([year], public=public)[year]


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


def _record_table() -> str:
    return connection.ops.quote_name(EmployeeRecord._meta.db_table)


# The medians of the stayers' salaries per category and gender and per gender. PostgreSQL
# has percentile_cont (the mean of the two middle values for an even count, as a float: exact
# for whole kroner and halves); elsewhere the one or two middle salaries of each group are
# picked by window functions and averaged here.
MEDIANS_POSTGRESQL = """
SELECT CASE WHEN GROUPING(position_category) = 1 THEN 'total' ELSE position_category END,
       gender, percentile_cont(0.5) WITHIN GROUP (ORDER BY annual_salary)
FROM {table} WHERE year = %s AND NOT left_in_year
GROUP BY GROUPING SETS ((position_category, gender), (gender))
"""
MIDDLE_VALUES = """
SELECT grp, gender, annual_salary FROM (
  SELECT {grp} AS grp, gender, annual_salary,
    ROW_NUMBER() OVER (PARTITION BY {partition} ORDER BY annual_salary) AS i,
    COUNT(*) OVER (PARTITION BY {partition}) AS n
  FROM {table} WHERE year = %s AND NOT left_in_year
) ranked WHERE i IN ((n + 1) / 2, (n + 2) / 2)
"""
# The stayers ranked by salary (ties by employee number, compared as bytes: the order of a
# Python sort of the strings) in quartiles as equal as the count allows, the larger ones
# last: the record at 0-based rank i of n is in quartile q when q*n//4 <= i < (q+1)*n//4,
# that is q = (4*i + 3) // n.
QUARTILES = """
SELECT (4 * (i - 1) + 3) / n AS q, COUNT(*),
  SUM(CASE WHEN gender = %s THEN 1 ELSE 0 END), MIN(annual_salary), MAX(annual_salary)
FROM (
  SELECT gender, annual_salary,
    ROW_NUMBER() OVER (ORDER BY annual_salary, employee_id{collate}) AS i,
    COUNT(*) OVER () AS n
  FROM {table} WHERE year = %s AND NOT left_in_year
) ranked GROUP BY (4 * (i - 1) + 3) / n ORDER BY 1
"""


def _medians(cursor, year: int) -> dict:
    table = _record_table()
    if connection.vendor == "postgresql":
        cursor.execute(MEDIANS_POSTGRESQL.format(table=table), [year])
        return {(key, gender): Decimal(value) for key, gender, value in cursor.fetchall()}
    middles: dict[tuple[str, str], list[int]] = {}
    for grp, partition in (
        ("position_category", "position_category, gender"),
        ("'total'", "gender"),
    ):
        cursor.execute(MIDDLE_VALUES.format(table=table, grp=grp, partition=partition), [year])
        for key, gender, salary in cursor.fetchall():
            middles.setdefault((key, gender), []).append(salary)
    return {key: _median(values) for key, values in middles.items()}


def pay_gap_data(year: int) -> PayGapData:
    """The medians and quartiles of ``year`` (two or three queries, whatever the size)."""
    collate = ' COLLATE "C"' if connection.vendor == "postgresql" else ""
    with connection.cursor() as cursor:
        medians = _medians(cursor, year)
        cursor.execute(
            QUARTILES.format(table=_record_table(), collate=collate), [Gender.MAN.value, year]
        )
        quartiles = [tuple(int(v) for v in row) for row in cursor.fetchall()]
    return PayGapData(medians, quartiles)


def _gap(mean_or_median_men, mean_or_median_women) -> Decimal | None:
    m, w = mean_or_median_men, mean_or_median_women
    if not m or w is None:
        return None
    return _round2((m - w) * HUNDRED / m)


def pay_gap_from(year: int, sums: YearSums, data: PayGapData, *, public: bool = False) -> dict:
    """The pay gap of ``year`` from its sums and medians (see :func:`pay_gap`)."""
    limit = min_group_size()

    def indicators(key: str) -> dict:
        n_men, salary_men = sums.rows[key].get(Gender.MAN.value, (0, 0))
        n_women, salary_women = sums.rows[key].get(Gender.WOMAN.value, (0, 0))
        hidden = public and (n_men < limit or n_women < limit)
        mean_gap = median_gap = None
        if not hidden:
            mean_gap = _gap(_mean_of(salary_men, n_men), _mean_of(salary_women, n_women))
            median_gap = _gap(
                data.medians.get((key, Gender.MAN.value)),
                data.medians.get((key, Gender.WOMAN.value)),
            )
        return {
            "key": key,
            "men": n_men,
            "women": n_women,
            "mean_gap_pct": mean_gap,
            "median_gap_pct": median_gap,
            "suppressed": bool(hidden and (n_men or n_women)),
            "flagged": mean_gap is not None and abs(mean_gap) >= PAY_GAP_FLAG_PCT,
        }

    overall = indicators("total")
    categories = [indicators(c) for c in CATEGORY_ROWS]
    bands = {q: (count, men, low, high) for q, count, men, low, high in data.quartiles}
    quartiles = []
    for q in range(4):
        count, men, low, high = bands.get(q, (0, 0, None, None))
        women = count - men
        quartiles.append(
            {
                "quartile": q + 1,
                "count": count,
                "men": men,
                "women": women,
                "men_pct": _pct(men, count),
                "women_pct": _pct(women, count),
                "min_salary": low if count and not public else None,
                "max_salary": high if count and not public else None,
            }
        )
    return {"year": year, "overall": overall, "categories": categories, "quartiles": quartiles}


def pay_gap(year: int, *, public: bool = False) -> dict:
    """Pay-gap indicators (EU directive 2023/970 art. 9, UK regulations) for the year's
    employees who did not leave: the mean and median gap as % of men's pay, overall and per
    category (flagged at 5 % or more either way), and women's and men's shares of each pay
    quartile (ranked by full-time salary; ties by employee number; quartiles as equal as
    the count allows). ``public`` hides a gap where a gender has fewer than
    ``HR_MIN_GROUP_SIZE`` people."""
    sums = sums_from_groups(year_groups([year])[year])
    return pay_gap_from(year, sums, pay_gap_data(year), public=public)


# The distinct years by a loose index scan: from the newest year, each step asks the index on
# year for the next lower one, so the cost is one index probe per year, not a read of every
# record (PostgreSQL has no skip scan of its own; SQLite runs the same statement).
YEARS = """
WITH RECURSIVE years(year) AS (
  SELECT MAX(year) FROM {table}
  UNION ALL
  SELECT (SELECT MAX(year) FROM {table} WHERE year < years.year) FROM years
  WHERE years.year IS NOT NULL
)
SELECT year FROM years WHERE year IS NOT NULL
"""


def years_with_records() -> list[int]:
    """The years with employee records, newest first."""
    with connection.cursor() as cursor:
        cursor.execute(YEARS.format(table=_record_table()))
        return [year for (year,) in cursor.fetchall()]


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


EMPTY_YEAR = sums_from_groups([])
# Part of the cache key: raise it when Figures changes shape, so that a shared cache never
# hands this code figures stored by an earlier version of it.
FIGURES_FORMAT = 3


class Figures(NamedTuple):
    """The aggregates behind a year's HR figures: its equality table and the year before's,
    its pay gap and the pay-ratio trend of the last years with records up to it. Plain
    aggregates (no person's data, no publication rule applied: the tables are built from
    them for the view asked for), so they can be cached; a few hundred numbers."""

    year: int | None  # None: there are no records at all (the caller picks the year)
    years: list[int]  # years with records, newest first
    trend_years: list[int]  # oldest first
    sums: dict[int, YearSums]
    gap: PayGapData

    def sums_of(self, year: int) -> YearSums:
        # Every year asked for is in ``sums``; without any records every year is empty.
        return self.sums[year] if self.years else EMPTY_YEAR

    def table(self, year: int, *, public: bool = False) -> dict:
        return table_from_sums(year, self.sums_of(year), public=public)

    def pay_gap(self, year: int | None = None, *, public: bool = False) -> dict:
        """The pay gap of ``self.year`` (or of ``year`` when there are no records at all)."""
        year = self.year if self.year is not None else year
        return pay_gap_from(year, self.sums_of(year), self.gap, public=public)

    def trend(self, *, public: bool = False) -> dict[str, list[Decimal | None]]:
        ratios = [ratios_from_sums(self.sums[y], public=public) for y in self.trend_years]
        return {key: [r[key] for r in ratios] for key in ["total", *CATEGORY_ROWS]}


def _figures(year: int | None, trend: int) -> Figures:
    years = years_with_records()
    if not years:
        return Figures(year, [], [], {}, PayGapData({}, []))
    if year is None:
        year = years[0]
    trend_years = [y for y in sorted(years) if y <= year][-trend:]
    groups = year_groups({year, year - 1, *trend_years})
    sums = {y: sums_from_groups(gs) for y, gs in groups.items()}
    return Figures(year, years, trend_years, sums, pay_gap_data(year))


def figures(year: int | None = None, *, trend: int = 5) -> Figures:
    """The aggregates for ``year`` (None: the newest year with records), computed once per
    version of the employee records (``datacache``: every write raises it) and read from
    the cache after that: at most five queries when the data has changed, one after."""
    key = ("figures", FIGURES_FORMAT, year, trend)
    return datacache.cached("hr", key, lambda: _figures(year, trend))


def trend_from_tables(tables: list[dict]) -> dict[str, list[Decimal | None]]:
    """Women's pay as % of men's per category (and in total), one value per table."""
    return {
        key: [next(r for r in t["rows"] if r["row"] == key)["women_pct_of_men"] for t in tables]
        for key in ["total", *CATEGORY_ROWS]
    }


def salary_ratio_trend(
    years: list[int], *, public: bool = False
) -> dict[str, list[Decimal | None]]:
    """Women's pay as % of men's per category (and in total), for each of the years."""
    tables = equality_tables(years, public=public)
    return trend_from_tables([tables[y] for y in years])
