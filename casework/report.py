"""The casework part of the annual equality statement, built on the statistics selector."""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from casework import selectors
from casework.models import Gender, Kind, Theme
from casework.suppression import PRIMARY
from imdi import formatting
from imdi.charts import bar_chart
from imdi.reports.sections import Chart, Column, Section, Suppressed, Table

BREAKDOWNS = ("gender", "theme", "country")


def _value(cell):
    return Suppressed(cell.marker) if cell.hidden else cell.count


# --- Prose -----------------------------------------------------------------------------------
# The paragraphs say what the source document says (how many cases, who they mostly concerned,
# the most frequent theme and countries of origin), read from the same suppressed cells as the
# tables. They name a gender, theme or country only when its count is shown and at least
# ``min_cell``, and only claim what a reader could check against the tables themselves: a
# "most" must hold for every value a hidden cell could take. No count but the group's total is
# ever written out, so no prose can reveal a suppressed cell.

GENDER_PROSE = {
    Gender.FEMALE: gettext_lazy("girls and women"),
    Gender.MALE: gettext_lazy("boys and men"),
}


def _upper_bounds(cells, total: int, *, partition: bool, min_cell: int) -> list[float]:
    """The largest value each cell can take, knowing only what the table shows."""
    shown_sum = sum(c.count for c in cells if not c.hidden)
    lows = [0 if not c.hidden else (1 if c.marker == PRIMARY else min_cell) for c in cells]
    bounds: list[float] = []
    for i, cell in enumerate(cells):
        if not cell.hidden:
            bounds.append(cell.count)
            continue
        # A case counts at most once in a cell, so no cell exceeds the total; in a partition
        # the hidden cells share what the shown ones leave.
        bound: float = total
        if partition:
            bound = total - shown_sum - (sum(lows) - lows[i])
        if cell.marker == PRIMARY:
            bound = min(bound, min_cell - 1)
        bounds.append(bound)
    return bounds


def _leader(breakdown, total: int, min_cell: int, nameable: int) -> int | None:
    """The index of the cell that is shown, at least ``min_cell`` and larger than any value
    any other cell can take; only the first ``nameable`` cells may be named."""
    if breakdown is None or not breakdown.cells:
        return None
    cells = breakdown.cells
    candidates = [i for i, c in enumerate(cells[:nameable]) if not c.hidden and c.count >= min_cell]
    if not candidates:
        return None
    best = max(candidates, key=lambda i: cells[i].count)
    bounds = _upper_bounds(cells, total, partition=breakdown.partition, min_cell=min_cell)
    if all(cells[best].count > bound for i, bound in enumerate(bounds) if i != best):
        return best
    return None


def _join(names: list[str]) -> str:
    if len(names) < 2:
        return "".join(names)
    return _("%(items)s and %(last)s") % {"items": ", ".join(names[:-1]), "last": names[-1]}


def _opening(group, year: int, min_cell: int) -> str:
    if group.total.hidden:
        count = _("fewer than %(n)s") % {"n": min_cell}
    else:
        count = formatting.number(group.total.count)
    if group.kind == Kind.ADVISOR:
        if group.total.count == 0:
            return _("In %(year)s no cases were registered for the diversity advisors.") % {
                "year": year
            }
        return _(
            "In %(year)s the diversity advisors gave advice and guidance in %(count)s cases "
            "where children, young people or adults were at risk of or exposed to negative "
            "social control and/or honour-related violence."
        ) % {"year": year, "count": count}
    if group.total.count == 0:
        return _("In %(year)s no cases were registered for the special envoys.") % {"year": year}
    return _("In %(year)s the special envoys gave advice and guidance in %(count)s cases.") % {
        "year": year,
        "count": count,
    }


def group_paragraph(group, year: int, min_cell: int) -> str:
    """One paragraph per group, the way the source document writes it."""
    sentences = [_opening(group, year, min_cell)]
    total = group.total.count
    breakdowns = {b.key: b for b in group.breakdowns}

    theme = breakdowns.get("theme")
    i = _leader(theme, total, min_cell, len(Theme))
    if i is not None:
        label = str(list(Theme)[i].label)
        if 2 * theme.cells[i].count > total:
            sentences.append(_("Most of the cases were about %(theme)s.") % {"theme": label})
        else:
            sentences.append(_("The most frequent theme was %(theme)s.") % {"theme": label})

    gender = breakdowns.get("gender")
    # "Other or unknown" is no group to name.
    i = _leader(gender, total, min_cell, len(Gender))
    if i is not None and list(Gender)[i] in GENDER_PROSE:
        who = str(GENDER_PROSE[list(Gender)[i]])
        if 2 * gender.cells[i].count > total:
            sentences.append(_("Most of the cases concerned %(gender)s.") % {"gender": who})
        else:
            sentences.append(
                _("More cases concerned %(gender)s than any other group.") % {"gender": who}
            )

    country = breakdowns.get("country")
    if country is not None and country.cells:
        # The last cell is "other countries", no country to name.
        named = sorted(
            (c for c in country.cells[:-1] if not c.hidden and c.count >= min_cell),
            key=lambda c: (-c.count, c.label),
        )
        if named:
            sentences.append(
                _("The cases most often involved people originating from %(countries)s.")
                % {"countries": _join([c.label for c in named])}
            )
    return " ".join(sentences)


def section(year: int) -> Section:
    min_cell = settings.CASEWORK_MIN_CELL
    groups = selectors.case_statistics(year, min_cell=min_cell)
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
    withheld = False
    for group in groups:
        paragraphs.append(group_paragraph(group, year, min_cell))
        for key in BREAKDOWNS:
            breakdown = next((b for b in group.breakdowns if b.key == key), None)
            if breakdown is None:
                continue
            if breakdown.cells is None:
                withheld = True
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
    footnotes = [
        _(
            'Counts from 1 to 4 are shown as "<5"; counts shown as "x" are 5 or more, '
            "hidden so that no small count can be worked out from the totals."
        ),
        _("A case may have several themes, so the themes add up to more than the cases."),
        _(
            "A count of 0 is shown as 0: no case, which points to nobody. The text names a "
            "gender, theme or country only when its count is shown and is %(n)s or more."
        )
        % {"n": min_cell},
    ]
    if withheld:
        footnotes.append(_("A breakdown that cannot be protected is not shown."))
    return Section(
        key="casework",
        title=_("Diversity advisors and special envoys"),
        paragraphs=paragraphs,
        tables=tables,
        charts=charts,
        footnotes=footnotes,
    )
