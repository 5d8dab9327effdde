"""The casework part of the annual equality statement, built on the statistics selector."""

from __future__ import annotations

from django.utils.translation import gettext as _

from casework import selectors
from casework.models import Kind, Theme
from imdi import formatting
from imdi.charts import bar_chart
from imdi.reports.sections import Chart, Column, Section, Suppressed, Table

BREAKDOWNS = ("gender", "theme", "country")


def _value(cell):
    return Suppressed(cell.marker) if cell.hidden else cell.count


def section(year: int) -> Section:
    groups = selectors.case_statistics(year)
    per_year = {row["year"]: row for row in selectors.cases_per_year()}
    tables: list[Table] = [
        Table(
            key="cases",
            caption=_("Cases for diversity advisors and special envoys, %(previous)s and %(year)s")
            % {"previous": year - 1, "year": year},
            columns=[Column(_("Group")), Column(str(year - 1), "int"), Column(str(year), "int")],
            rows=[
                [
                    str(selectors.KIND_PLURAL[kind]).capitalize(),
                    *(_value(per_year[y][kind]) if y in per_year else 0 for y in (year - 1, year)),
                ]
                for kind in (Kind.ADVISOR, Kind.ENVOY)
            ],
        )
    ]
    paragraphs = []
    for group in groups:
        total = group.total.marker if group.total.hidden else formatting.number(group.total.count)
        paragraphs.append(
            _("Cases for %(group)s in %(year)s: %(count)s.")
            % {"group": group.label, "year": year, "count": total}
        )
        for key in BREAKDOWNS:
            breakdown = next((b for b in group.breakdowns if b.key == key), None)
            if breakdown is None or breakdown.cells is None:
                continue
            rows = [[cell.label, _value(cell)] for cell in breakdown.cells]
            if breakdown.partition:
                rows.append([_("Total"), group.total.count])
            tables.append(
                Table(
                    key=f"{group.kind}_{key}",
                    caption=f"{breakdown.title}, {group.label} {year}",
                    columns=[Column(_("Category")), Column(_("Cases"), "int")],
                    rows=rows,
                )
            )
    charts = []
    theme_series = {}
    for group in groups:
        breakdown = next((b for b in group.breakdowns if b.key == "theme"), None)
        values = [None] * len(Theme)
        if breakdown is not None and breakdown.cells is not None:
            values = [None if c.hidden else c.count for c in breakdown.cells]
        theme_series[group.label] = values
    if any(v is not None for values in theme_series.values() for v in values):
        title = _("Cases per theme, %(year)s") % {"year": year}
        charts.append(
            Chart(
                key="casework_themes",
                title=title,
                svg=bar_chart(
                    [str(t.label) for t in Theme],
                    theme_series,
                    title=title,
                    horizontal=True,
                    description=_("Hidden counts are not drawn."),
                ),
                description=_(
                    "Cases per theme for diversity advisors and special envoys; a case may "
                    "have several themes."
                ),
            )
        )
    return Section(
        key="casework",
        title=_("Diversity advisors and special envoys"),
        paragraphs=paragraphs,
        tables=tables,
        charts=charts,
        footnotes=[
            _(
                'Counts from 1 to 4 are shown as "<5"; counts shown as "x" are 5 or more, '
                "hidden so that no small count can be worked out from the totals."
            ),
            _("A case may have several themes, so the themes add up to more than the cases."),
        ],
    )
