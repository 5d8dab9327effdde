"""The grants part of the annual report, built on the selectors the statistics page uses."""

from __future__ import annotations

from django.utils.translation import gettext as _

from grants import selectors
from imdi import formatting
from imdi.charts import bar_chart
from imdi.reports.sections import Chart, Column, Section, Table

KPI_SPAN = selectors.KPI_SPAN  # the source reports the average over five years (2018-2022)


def average_label(counted: list[int]) -> str:
    """'Average 2022–2024' over the years that have leavers."""
    if not counted:
        return _("Average")
    if counted[0] == counted[-1]:
        return _("Average %(year)s") % {"year": counted[0]}
    return _("Average %(first)s–%(last)s") % {"first": counted[0], "last": counted[-1]}


def section(year: int) -> Section:
    # The statistics page's figures for the year, from the same cache (imdi.datacache).
    data = selectors.statistics_data(year)
    rows = selectors.scheme_statistics(year, data)
    schemes = Table(
        key="grants_schemes",
        caption=_("Grant schemes %(year)s: budget, grants and applications") % {"year": year},
        columns=[
            Column(_("Scheme")),
            Column(_("Budget"), "nok"),
            Column(_("Amount granted"), "nok"),
            Column(_("Share of budget used"), "pct"),
            Column(_("Applications received"), "int"),
            Column(_("Granted in full"), "int"),
            Column(_("Partly granted"), "int"),
            Column(_("Rejected"), "int"),
            Column(_("Amount applied for"), "nok"),
        ],
        rows=[
            [
                r.scheme.name,
                r.budget,
                r.amount_granted,
                r.budget_used_pct,
                r.received,
                r.granted,
                r.partly_granted,
                r.rejected,
                r.amount_applied,
            ]
            for r in rows
        ],
        footnotes=[
            _(
                "For a scheme granted partly by municipalities, the share is of the part the "
                "directorate grants itself (the budget less the municipalities' parts)."
            )
        ]
        if any(r.municipal_allocations for r in rows)
        else [],
    )
    first = year - KPI_SPAN + 1
    kpis = selectors.jobbsjansen_kpis(first, year, data)
    average = selectors.jobbsjansen_kpi_average(first, year, kpis)
    counted = [k.year for k in kpis if k.share_pct is not None]
    kpi_table = Table(
        key="grants_jobbsjansen",
        caption=_("Jobbsjansen: participants who went straight to work or education"),
        columns=[
            Column(_("Year")),
            Column(_("Participants who left"), "int"),
            Column(_("To work"), "int"),
            Column(_("To education"), "int"),
            Column(_("Share to work or education"), "pct"),
        ],
        rows=[[str(k.year), k.left, k.work, k.education, k.share_pct] for k in kpis if k.left]
        + [
            [
                average_label(counted),
                None,
                None,
                None,
                average,
            ]
        ],
        footnotes=[
            _(
                "Of the participants who left a programme in the year, the share who went "
                "straight to work or education. The average is the mean of the yearly shares."
            )
        ]
        + (
            [_("Years in which no participant left are left out.")]
            if len(counted) < len(kpis)
            else []
        ),
    )
    this_year = kpis[-1]
    paragraphs = []
    if this_year.share_pct is not None:
        paragraphs.append(
            _(
                "In %(year)s, %(share)s of the Jobbsjansen participants who left a programme "
                "went straight to work or education."
            )
            % {"year": year, "share": formatting.percent(this_year.share_pct, 0)}
        )
    chart = Chart(
        key="grants_per_scheme",
        title=_("Amount granted per scheme, %(year)s") % {"year": year},
        svg=bar_chart(
            [r.scheme.name for r in rows],
            {_("Granted"): [float(r.amount_granted) / 1e6 for r in rows]},
            title=_("Amount granted per scheme, %(year)s") % {"year": year},
            ylabel=_("million kr"),
            horizontal=True,
        ),
        description=_(
            "Bars for the amount granted under each scheme; the table gives the figures."
        ),
    )
    return Section(
        key="grants",
        title=_("Grant schemes"),
        paragraphs=paragraphs,
        tables=[schemes, kpi_table],
        charts=[chart],
    )
