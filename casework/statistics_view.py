"""The statistics page's content: suppressed tables with a chart beside each."""

from __future__ import annotations

from django.utils.translation import gettext as _

from casework import selectors
from casework.suppression import PRIMARY, SECONDARY
from imdi.charts import bar_chart


def chart_values(cells) -> list[int | None]:
    """Only what the table shows: a hidden count draws no bar."""
    return [None if cell.hidden else cell.count for cell in cells]


def statistics_context(year_param: str | None) -> dict:
    years = selectors.case_years()
    year = None
    if year_param and year_param.isdigit() and int(year_param) in years:
        year = int(year_param)
    elif years:
        year = years[-1]
    groups = selectors.case_statistics(year) if year else []
    charts = {}
    for group in groups:
        for breakdown in group.breakdowns:
            if breakdown.key == "theme" and breakdown.cells:
                charts[group.kind] = bar_chart(
                    [c.label for c in breakdown.cells],
                    {group.label: chart_values(breakdown.cells)},
                    title=_("Cases per theme, %(group)s, %(year)s")
                    % {"group": group.label, "year": year},
                    description=_("The same figures as in the table beside the chart."),
                    horizontal=True,
                )
    per_year = selectors.cases_per_year()
    return {
        "years": years,
        "year": year,
        "groups": groups,
        "theme_charts": charts,
        "per_year": per_year,
        "outreach": selectors.outreach_totals(year) if year else [],
        "primary": PRIMARY,
        "secondary": SECONDARY,
    }
