"""Labels and chart builders shared by the HR pages and the report section."""

from __future__ import annotations

import logging

from django.utils.translation import gettext as _

from hr import selectors
from hr.models import PositionCategory
from imdi import charts

# Years as category labels are meant; matplotlib would say so on every chart.
logging.getLogger("matplotlib.category").setLevel(logging.WARNING)


def row_labels() -> dict[str, str]:
    labels = {"total": _("Whole organisation")}
    labels.update({c.value: str(c.label) for c in PositionCategory})
    labels.update(
        {
            "part_time": _("Part-time employees"),
            "temporary": _("Temporary employees"),
            "involuntary_part_time": _("Involuntary part time"),
            "hired": _("New hires"),
            "left": _("Leavers"),
        }
    )
    return labels


def category_label(key: str) -> str:
    return row_labels()[key]


def gender_balance_chart(table: dict) -> str:
    rows = [r for r in table["rows"] if r["row"] in selectors.CATEGORY_ROWS]
    labels = row_labels()
    return charts.bar_chart(
        [labels[r["row"]] for r in rows],
        {
            _("Men"): [r["men_pct"] for r in rows],
            _("Women"): [r["women_pct"] for r in rows],
        },
        title=_("Gender balance per position category, %(year)s") % {"year": table["year"]},
        ylabel=_("Share of the category, percent"),
        description=_("Share of men and women in each position category."),
        percent=True,
        horizontal=True,
    )


def pay_ratio_chart(years: list[int], trend: dict) -> str:
    labels = row_labels()
    return charts.line_chart(
        [str(y) for y in years],
        {
            labels[key]: values
            for key, values in trend.items()
            if any(v is not None for v in values)
        },
        title=_("Women's pay as a share of men's, per position category"),
        ylabel=_("Women's pay as a share of men's"),
        description=_("Women's average salary as a percentage of men's, per year."),
        percent=True,
        reference=100,
        reference_label=_("Equal pay"),
    )


def immigrant_background_chart(rows: list[dict]) -> str:
    return charts.line_chart(
        [str(r["year"]) for r in rows],
        {_("Share with immigrant background"): [r["share_pct"] for r in rows]},
        title=_("Employees with immigrant background, percent"),
        ylabel=_("Share of employees, percent"),
        description=_("Share of employees with immigrant background per year, against the goal."),
        percent=True,
        reference=float(rows[-1]["goal_pct"]) if rows else 30,
        reference_label=_("Goal"),
    )
