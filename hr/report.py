"""The HR part of the annual equality statement, as a :class:`Section` for the renderers.

Published figures: the publication rule applies (pay hidden as "*" where a gender has fewer
than ``HR_MIN_GROUP_SIZE`` people in a group).
"""

from __future__ import annotations

from django.utils import formats
from django.utils.translation import gettext as _

from hr import selectors
from hr.presentation import gender_balance_chart, pay_ratio_chart, row_labels
from imdi import formatting
from imdi.reports.sections import Chart, Column, Section, Suppressed, Table

STAR = Suppressed("*")
TREND_YEARS = 5


def _pay_cells(row: dict) -> list[object]:
    hidden = selectors.suppressed_cells(row)

    def cell(key):
        return STAR if key in hidden else row[key]

    return [
        row["men_pct"],
        row["women_pct"],
        row["total"],
        cell("avg_salary_men"),
        cell("avg_salary_women"),
        cell("women_pct_of_men"),
    ]


def equality_tables(year: int) -> tuple[list[Table], dict]:
    table = selectors.equality_table(year, public=True)
    previous = selectors.equality_table(year - 1, public=True)
    labels = row_labels()
    limit = selectors.min_group_size()
    star_note = _("* Not published: fewer than %(n)s of this gender in the group.") % {"n": limit}
    rows = []
    any_hidden = False
    for now, before in zip(table["rows"], previous["rows"], strict=True):
        for t, r in ((table, now), (previous, before)):
            any_hidden = any_hidden or bool(selectors.suppressed_cells(r))
            rows.append([labels[r["row"]], str(t["year"]), *_pay_cells(r)])
    footnotes = [
        _(
            "Groups count the year's employees who did not leave during the year; new hires "
            "and leavers count every record of the year with that mark. Salaries are annual "
            "salaries converted to full time."
        )
    ]
    if any_hidden:
        footnotes.insert(0, star_note)
    main = Table(
        key="hr_equality",
        caption=_("Gender balance and pay, %(year)s and %(previous)s")
        % {"year": year, "previous": year - 1},
        columns=[
            Column(_("Group")),
            Column(_("Year")),
            Column(_("Share of men"), "pct"),
            Column(_("Share of women"), "pct"),
            Column(_("Total (N)"), "int"),
            Column(_("Average salary, men"), "nok"),
            Column(_("Average salary, women"), "nok"),
            Column(_("Women's pay as a share of men's"), "pct"),
        ],
        rows=rows,
        footnotes=footnotes,
    )
    parental = Table(
        key="hr_parental_leave",
        caption=_("Parental leave (birth, care and paternity leave)"),
        columns=[
            Column(_("Year")),
            Column(_("Persons"), "int"),
            Column(_("Men"), "int"),
            Column(_("Women"), "int"),
            Column(_("Men's share of the weeks"), "pct"),
            Column(_("Average weeks, men"), "decimal"),
            Column(_("Average weeks, women"), "decimal"),
        ],
        rows=[
            [
                str(t["year"]),
                p["persons"],
                p["men"],
                p["women"],
                p["men_share_of_weeks_pct"],
                p["avg_weeks_men"],
                p["avg_weeks_women"],
            ]
            for t in (table, previous)
            for p in [t["parental_leave"]]
        ],
    )
    sick = Table(
        key="hr_sick_leave",
        caption=_("Certified sick leave, percent of agreed work days"),
        columns=[
            Column(_("Year")),
            Column(_("Men"), "pct"),
            Column(_("Women"), "pct"),
            Column(_("All"), "pct"),
        ],
        rows=[
            [
                str(t["year"]),
                t["sick_leave"]["men_pct"],
                t["sick_leave"]["women_pct"],
                t["sick_leave"]["total_pct"],
            ]
            for t in (table, previous)
        ],
    )
    return [main, parental, sick], table


def immigrant_table(year: int) -> Table | None:
    rows = [r for r in selectors.immigrant_background_rows() if r["year"] <= year]
    if not rows:
        return None
    goal = rows[-1]["goal_pct"]
    return Table(
        key="hr_immigrant_background",
        caption=_("Employees by country background, annual average (SSB table 12625)"),
        columns=[
            Column(_("Year")),
            Column(_("Total employees"), "int"),
            Column(_("Group 1"), "int"),
            Column(_("Group 2"), "int"),
            Column(_("Share with immigrant background"), "pct"),
            Column(_("Goal"), "pct"),
        ],
        rows=[
            [
                str(r["year"]),
                r["total_employees"],
                r["group1"],
                r["group2"],
                r["share_pct"],
                r["goal_pct"],
            ]
            for r in rows
        ],
        footnotes=[
            _(
                "Group 1: EU/EFTA, North America, Australia and New Zealand. Group 2: Asia, "
                "Turkey, Africa, Latin America, Europe outside the EU/EFTA, Oceania outside "
                "Australia and New Zealand. Immigrants and Norwegian-born to immigrant parents."
            ),
            _("The goal: at least %(goal)s of the employees with immigrant background.")
            % {"goal": formatting.percent(goal, 0)},
        ],
    )


def pay_gap_tables(year: int) -> list[Table]:
    gap = selectors.pay_gap(year, public=True)
    labels = row_labels()
    limit = selectors.min_group_size()
    rows = []
    for item in [gap["overall"], *gap["categories"]]:
        if item["suppressed"]:
            mean, median, note = STAR, STAR, ""
        else:
            mean, median = item["mean_gap_pct"], item["median_gap_pct"]
            note = _("5 percent or more: assess") if item["flagged"] else ""
        rows.append([labels[item["key"]], item["men"], item["women"], mean, median, note])
    gaps = Table(
        key="hr_pay_gap",
        caption=_("Pay gap: men's pay minus women's pay, as a share of men's pay, %(year)s")
        % {"year": year},
        columns=[
            Column(_("Group")),
            Column(_("Men"), "int"),
            Column(_("Women"), "int"),
            Column(_("Mean gap"), "pct"),
            Column(_("Median gap"), "pct"),
            Column(_("Assessment")),
        ],
        rows=rows,
        footnotes=[
            _(
                "As in the EU Pay Transparency Directive (art. 9): a category with a gap of "
                "5 percent or more either way calls for a joint pay assessment."
            ),
            _("* Not published: fewer than %(n)s of a gender in the group.") % {"n": limit},
        ],
    )
    quartiles = Table(
        key="hr_pay_quartiles",
        caption=_("Women and men in each pay quartile, %(year)s (quartile 1 is the lowest paid)")
        % {"year": year},
        columns=[
            Column(_("Quartile"), "int"),
            Column(_("Employees"), "int"),
            Column(_("Women"), "pct"),
            Column(_("Men"), "pct"),
        ],
        rows=[[q["quartile"], q["count"], q["women_pct"], q["men_pct"]] for q in gap["quartiles"]],
    )
    return [gaps, quartiles]


def _summary(table: dict) -> list[str]:
    total = table["rows"][0]
    if not total["total"]:
        return [_("There are no employee records for %(year)s.") % {"year": table["year"]}]
    paragraphs = [
        _(
            "At the end of %(year)s the directorate had %(n)s employees, %(women)s of them "
            "women and %(men)s men."
        )
        % {
            "year": table["year"],
            "n": formatting.number(total["total"]),
            "women": formatting.percent(total["women_pct"]),
            "men": formatting.percent(total["men_pct"]),
        }
    ]
    if total["women_pct_of_men"] is not None:
        paragraphs.append(
            _("Across the whole organisation women's average pay was %(ratio)s of men's.")
            % {"ratio": formatting.percent(total["women_pct_of_men"])}
        )
    return paragraphs


def equality_work_section(year: int) -> Section:
    work = selectors.equality_work_for_year(year)
    section = Section(key="hr_equality_work", title=_("The work for equality in four steps"))
    if work is None:
        section.paragraphs.append(
            _("The equality work for %(year)s has not been written yet.") % {"year": year}
        )
    else:
        for label, text in (
            (_("1. Risks of discrimination found"), work.risks),
            (_("2. Causes of the risks"), work.causes),
            (_("3. Measures"), work.measures_summary),
            (_("4. Evaluation of the results"), work.evaluation),
        ):
            section.subsections.append(
                Section(
                    key=f"hr_step_{label[0]}",
                    title=label,
                    paragraphs=[p.strip() for p in text.split("\n\n") if p.strip()]
                    or [_("Not written.")],
                )
            )
    measures = list(selectors.measures_for_year(year))
    if measures:
        section.tables.append(
            Table(
                key="hr_measures",
                caption=_("Measures for %(year)s") % {"year": year},
                columns=[
                    Column(_("Measure")),
                    Column(_("Responsible")),
                    Column(_("Deadline")),
                    Column(_("Status")),
                ],
                rows=[
                    [
                        m.description,
                        m.owner,
                        formats.date_format(m.deadline, "SHORT_DATE_FORMAT"),
                        str(m.get_status_display()),
                    ]
                    for m in measures
                ],
            )
        )
    return section


def section(year: int) -> Section:
    """The HR part of the statement for ``year``: the tables with the year before, the
    immigrant-background table, the pay-gap indicators, the four-step work, and charts."""
    tables, table = equality_tables(year)
    result = Section(key="hr", title=_("Equality among the employees"))
    result.paragraphs = _summary(table)
    result.tables = tables
    immigrant = immigrant_table(year)
    if immigrant is not None:
        result.tables.append(immigrant)
    result.tables.extend(pay_gap_tables(year))
    if table["rows"][0]["total"]:
        result.charts.append(
            Chart(
                key="hr_gender_balance",
                title=_("Gender balance per position category, %(year)s") % {"year": year},
                svg=gender_balance_chart(table),
                description=_("Share of men and women in each position category."),
            )
        )
    years = [y for y in sorted(selectors.years_with_records()) if y <= year][-TREND_YEARS:]
    if years:
        trend = selectors.salary_ratio_trend(years, public=True)
        result.charts.append(
            Chart(
                key="hr_pay_ratio",
                title=_("Women's pay as a share of men's, per position category"),
                svg=pay_ratio_chart(years, trend),
                description=_("Women's average salary as a percentage of men's, per year."),
            )
        )
    result.subsections.append(equality_work_section(year))
    if any(isinstance(v, Suppressed) for t in result.tables for row in t.rows for v in row):
        result.footnotes.append(
            _("* Pay is not published for a gender with fewer than %(n)s people in a group.")
            % {"n": selectors.min_group_size()}
        )
    return result
