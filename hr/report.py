"""The HR part of the annual equality statement, as a :class:`Section` for the renderers.

Published figures: the publication rule applies (pay hidden as "*" where a gender has fewer
than ``HR_MIN_GROUP_SIZE`` people in a group).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from hr import selectors
from hr.models import PositionCategory
from hr.presentation import gender_balance_chart, pay_ratio_chart, row_labels
from hr.selectors import CATEGORY_ROWS
from imdi import formatting
from imdi.reports.sections import Chart, Column, Section, Suppressed, Table

STAR = Suppressed("*")
TREND_YEARS = 5
MANAGEMENT = [PositionCategory.TOP_MANAGER.value, PositionCategory.MIDDLE_MANAGER.value]


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


def equality_tables(
    year: int, figures: selectors.Figures | None = None
) -> tuple[list[Table], dict, dict]:
    figures = figures or selectors.figures(year, trend=TREND_YEARS)
    table = figures.table(year, public=True)
    previous = figures.table(year - 1, public=True)
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
    return [main, parental, sick], table, previous


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


def pay_gap_tables(year: int, figures: selectors.Figures | None = None) -> list[Table]:
    figures = figures or selectors.figures(year, trend=TREND_YEARS)
    gap = figures.pay_gap(year, public=True)
    labels = row_labels()
    limit = selectors.min_group_size()
    rows = []
    for item in [gap["overall"], *gap["categories"]]:
        if item["suppressed"]:
            mean, median = STAR, STAR
            note = _("not published")
        else:
            mean, median = item["mean_gap_pct"], item["median_gap_pct"]
            if mean is None:
                note = _("no comparison")
            elif item["flagged"]:
                note = _("calls for a joint pay assessment")
            else:
                note = _("under 5 percent")
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


def _lower_first(label: str) -> str:
    return label[:1].lower() + label[1:]


def _row(table: dict, key: str) -> dict:
    return next(r for r in table["rows"] if r["row"] == key)


def _share(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.01"), ROUND_HALF_UP)


def _gender_paragraph(table: dict, previous: dict) -> str:
    total = table["rows"][0]
    text = ngettext(
        "At the end of %(year)s the directorate had %(n)s employee (women: %(women)s, "
        "men: %(men)s). Women made up %(women_pct)s of the employees.",
        "At the end of %(year)s the directorate had %(n)s employees (women: %(women)s, "
        "men: %(men)s). Women made up %(women_pct)s of the employees.",
        total["total"],
    ) % {
        "year": table["year"],
        "n": formatting.number(total["total"]),
        "women": formatting.number(total["women"]),
        "men": formatting.number(total["men"]),
        "women_pct": formatting.percent(total["women_pct"]),
    }
    before = previous["rows"][0]
    if before["total"]:
        text += " " + _("In %(previous)s the share was %(pct)s.") % {
            "previous": previous["year"],
            "pct": formatting.percent(before["women_pct"]),
        }
    managers = [_row(table, c) for c in MANAGEMENT]
    women = sum(r["women"] for r in managers)
    everyone = sum(r["total"] for r in managers)
    if everyone:
        text += " " + _(
            "In management (top and middle managers, %(n)s people) %(pct)s were women."
        ) % {"n": formatting.number(everyone), "pct": formatting.percent(_share(women, everyone))}
    else:
        text += " " + _("No one was registered as a manager.")
    return text


def _pay_paragraph(table: dict) -> str:
    """Women's pay as a share of men's, from the public table only: a ratio the publication
    rule hid is None there, so it can never reach the prose."""
    total = table["rows"][0]
    labels = row_labels()
    if total["women_pct_of_men"] is None:
        if total["men"] and total["women"]:
            return _(
                "Pay for the whole organisation is not published: fewer than %(n)s of one gender."
            ) % {"n": selectors.min_group_size()}
        return _("Women's and men's pay cannot be compared: all the employees are of one gender.")
    text = _("Across the whole organisation women's average pay was %(ratio)s of men's.") % {
        "ratio": formatting.percent(total["women_pct_of_men"])
    }
    published = [
        r for r in table["rows"] if r["row"] in CATEGORY_ROWS and r["women_pct_of_men"] is not None
    ]
    if published:
        lowest = min(published, key=lambda r: r["women_pct_of_men"])
        text += " " + _("The share was lowest among %(category)s, at %(ratio)s.") % {
            "category": _lower_first(labels[lowest["row"]]),
            "ratio": formatting.percent(lowest["women_pct_of_men"]),
        }
    hidden = [
        r for r in table["rows"] if r["row"] in CATEGORY_ROWS and selectors.suppressed_cells(r)
    ]
    if hidden:
        text += " " + _(
            "Pay is not published for a category with fewer than %(n)s of one gender."
        ) % {"n": selectors.min_group_size()}
    return text


def _part_time_paragraph(table: dict) -> str:
    total = table["rows"][0]
    part = _row(table, "part_time")
    involuntary = _row(table, "involuntary_part_time")
    if part["total"]:
        text = ngettext(
            "%(n)s employee worked part time at the end of %(year)s (women: %(women)s, "
            "men: %(men)s): %(women_pct)s of the women and %(men_pct)s of the men.",
            "%(n)s employees worked part time at the end of %(year)s (women: %(women)s, "
            "men: %(men)s): %(women_pct)s of the women and %(men_pct)s of the men.",
            part["total"],
        ) % {
            "n": formatting.number(part["total"]),
            "year": table["year"],
            "women": formatting.number(part["women"]),
            "men": formatting.number(part["men"]),
            "women_pct": formatting.percent(_share(part["women"], total["women"])),
            "men_pct": formatting.percent(_share(part["men"], total["men"])),
        }
    else:
        text = _("No one worked part time at the end of %(year)s.") % {"year": table["year"]}
    if involuntary["total"]:
        text += " " + ngettext(
            "%(n)s employee worked involuntary part time (women: %(women)s, men: %(men)s).",
            "%(n)s employees worked involuntary part time (women: %(women)s, men: %(men)s).",
            involuntary["total"],
        ) % {
            "n": formatting.number(involuntary["total"]),
            "women": formatting.number(involuntary["women"]),
            "men": formatting.number(involuntary["men"]),
        }
    else:
        text += " " + _("No one was registered as working involuntary part time.")
    return text


def _temporary_paragraph(table: dict) -> str:
    temporary = _row(table, "temporary")
    if not temporary["total"]:
        return _("No one had a temporary contract at the end of %(year)s.") % {
            "year": table["year"]
        }
    return ngettext(
        "%(n)s employee had a temporary contract; %(women_pct)s of them were women and "
        "%(men_pct)s men.",
        "%(n)s employees had a temporary contract; %(women_pct)s of them were women and "
        "%(men_pct)s men.",
        temporary["total"],
    ) % {
        "n": formatting.number(temporary["total"]),
        "women_pct": formatting.percent(temporary["women_pct"]),
        "men_pct": formatting.percent(temporary["men_pct"]),
    }


def _parental_leave_paragraph(table: dict) -> str:
    leave = table["parental_leave"]
    if not leave["persons"]:
        return _("No one took parental leave in %(year)s.") % {"year": table["year"]}
    text = ngettext(
        "%(n)s employee took parental leave in %(year)s; men took %(share)s of the weeks.",
        "%(n)s employees took parental leave in %(year)s; men took %(share)s of the weeks.",
        leave["persons"],
    ) % {
        "n": formatting.number(leave["persons"]),
        "year": table["year"],
        "share": formatting.percent(leave["men_share_of_weeks_pct"]),
    }
    for average, message in (
        (leave["avg_weeks_women"], _("Women on leave took %(weeks)s weeks on average.")),
        (leave["avg_weeks_men"], _("Men on leave took %(weeks)s weeks on average.")),
    ):
        if average is not None:
            text += " " + message % {"weeks": formatting.number(average, 2)}
    return text


def _sick_leave_paragraph(table: dict) -> str | None:
    sick = table["sick_leave"]
    if sick["total_pct"] is None:
        return None
    return _(
        "Certified sick leave was %(total)s of the agreed work days: %(women)s for women and "
        "%(men)s for men."
    ) % {
        "total": formatting.percent(sick["total_pct"]),
        "women": formatting.percent(sick["women_pct"]),
        "men": formatting.percent(sick["men_pct"]),
    }


def _immigrant_paragraph(year: int) -> str:
    rows = {r["year"]: r for r in selectors.immigrant_background_rows()}
    row = rows.get(year)
    if row is None or row["share_pct"] is None:
        return _("The share with immigrant background for %(year)s has not been entered.") % {
            "year": year
        }
    values = {
        "year": year,
        "share": formatting.percent(row["share_pct"]),
        "goal": formatting.percent(row["goal_pct"], 0),
    }
    if row["goal_met"]:
        text = _(
            "In %(year)s %(share)s of the employees had an immigrant background (SSB table "
            "12625); the goal of at least %(goal)s was met."
        )
    else:
        text = _(
            "In %(year)s %(share)s of the employees had an immigrant background (SSB table "
            "12625), short of the goal of at least %(goal)s."
        )
    text %= values
    before = rows.get(year - 1)
    if before is not None and before["share_pct"] is not None:
        text += " " + _("In %(previous)s the share was %(pct)s.") % {
            "previous": year - 1,
            "pct": formatting.percent(before["share_pct"]),
        }
    return text


def _summary(table: dict, previous: dict) -> list[str]:
    """The statement's prose, one paragraph per subject, written from the figures."""
    total = table["rows"][0]
    if not total["total"]:
        return [_("There are no employee records for %(year)s.") % {"year": table["year"]}]
    paragraphs = [
        _gender_paragraph(table, previous),
        _pay_paragraph(table),
        _part_time_paragraph(table),
        _temporary_paragraph(table),
        _parental_leave_paragraph(table),
        _sick_leave_paragraph(table),
        _immigrant_paragraph(table["year"]),
    ]
    return [p for p in paragraphs if p]


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
        # The plans come after the four steps, as in the statement itself.
        title = _("Measures for %(year)s") % {"year": year}
        section.subsections.append(
            Section(
                key="hr_measures_plan",
                title=title,
                tables=[
                    Table(
                        key="hr_measures",
                        caption=title,
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
                ],
            )
        )
    return section


def section(year: int) -> Section:
    """The HR part of the statement for ``year``: the tables with the year before, the
    immigrant-background table, the pay-gap indicators, the four-step work, and charts."""
    # Every figure from one set of aggregates (a handful of GROUP BY queries).
    figures = selectors.figures(year, trend=TREND_YEARS)
    tables, table, previous = equality_tables(year, figures)
    result = Section(key="hr", title=_("Equality among the employees"))
    result.paragraphs = _summary(table, previous)
    result.tables = tables
    immigrant = immigrant_table(year)
    if immigrant is not None:
        result.tables.append(immigrant)
    result.tables.extend(pay_gap_tables(year, figures))
    if table["rows"][0]["total"]:
        result.charts.append(
            Chart(
                key="hr_gender_balance",
                title=_("Gender balance per position category, %(year)s") % {"year": year},
                svg=gender_balance_chart(table),
                description=_("Share of men and women in each position category."),
            )
        )
    years = figures.trend_years
    if years:
        trend = figures.trend(public=True)
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
