"""The statistics page's content: suppressed tables with a chart beside each."""

from __future__ import annotations

import re

from django.utils import timezone
from django.utils.translation import gettext as _

from casework import selectors
from casework.suppression import PRIMARY, SECONDARY
from imdi.charts import bar_chart

_SVG_ID = re.compile(r'\bid="([^"]+)"')


def scoped_svg(svg: str, prefix: str) -> str:
    """Prefix the chart's ids (and references to them) so several charts on a page never
    share an id."""
    ids = set(_SVG_ID.findall(svg))
    if not ids:
        return svg
    names = "|".join(re.escape(i) for i in sorted(ids, key=len, reverse=True))
    return re.sub(
        rf'(\bid="|href="#|url\(#)({names})("|\))',
        lambda m: f"{m.group(1)}{prefix}-{m.group(2)}{m.group(3)}",
        svg,
    )


def chart_values(cells) -> list[int | None]:
    """Only what the table shows: a hidden count draws no bar."""
    return [None if cell.hidden else cell.count for cell in cells]


def statistics_context(year_param: str | None) -> dict:
    # The years with cases are those of the counts per year (one cached figure for both).
    per_year = selectors.cases_per_year()
    years = [row["year"] for row in per_year]
    year = None
    if year_param and year_param.isdigit() and int(year_param) in years:
        year = int(year_param)
    elif years:
        # The last complete year by default (what leadership and the annual report ask for);
        # the year in progress only when it is the only one with cases.
        complete = [y for y in years if y < timezone.localdate().year]
        year = complete[-1] if complete else years[-1]
    figures = selectors.year_statistics(year) if year else {"groups": [], "outreach": []}
    groups = figures["groups"]
    charts = {}
    for group in groups:
        for breakdown in group.breakdowns:
            if breakdown.key == "theme" and breakdown.cells:
                charts[group.kind] = scoped_svg(
                    bar_chart(
                        [c.label for c in breakdown.cells],
                        {group.label: chart_values(breakdown.cells)},
                        title=_("Cases per theme, %(group)s, %(year)s")
                        % {"group": group.label, "year": year},
                        description=_("The same figures as in the table beside the chart."),
                        horizontal=True,
                    ),
                    f"theme-{group.kind}",
                )
    per_year_chart = ""
    if per_year:
        per_year_chart = scoped_svg(
            bar_chart(
                [str(row["year"]) for row in per_year],
                {
                    str(selectors.KIND_PLURAL[kind]).capitalize(): [
                        None if row[kind].hidden else row[kind].count for row in per_year
                    ]
                    for kind in ("advisor", "envoy")
                },
                title=_("Cases per year"),
                description=_("The same figures as in the table beside the chart."),
            ),
            "per-year",
        )
    return {
        "years": years,
        "year": year,
        "groups": groups,
        "theme_charts": charts,
        "per_year": per_year,
        "per_year_chart": per_year_chart,
        "outreach": figures["outreach"],
        "primary": PRIMARY,
        "secondary": SECONDARY,
    }
