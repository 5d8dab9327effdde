"""Charts as SVG (matplotlib), for pages and reports. Each chart sits beside its table.

Colours are from a palette that keeps 3:1 contrast against white and stays apart for the
common kinds of colour blindness.
"""

from __future__ import annotations

import functools
import hashlib
import io
import logging
import re
from collections.abc import Callable, Mapping, Sequence
from xml.sax.saxutils import escape

import matplotlib
from django.core.cache import caches

matplotlib.use("svg")
import matplotlib.pyplot as plt  # noqa: E402

# Year labels ("2020") are categories here, as matplotlib's log line about it would tell.
logging.getLogger("matplotlib.category").setLevel(logging.WARNING)

PALETTE = ["#1f3a5f", "#c0392b", "#2f7d32", "#8e44ad", "#b35900", "#0b5cad"]
# Series told apart without colour too (print in greyscale, colour blindness): a hatch per
# bar series, a marker and a dash pattern per line.
HATCHES = ["", "//", "..", "xx", "\\\\", "++"]
MARKERS = ["o", "s", "^", "D", "v", "P"]
LINESTYLES = ["-", "--", "-.", ":"]
plt.rcParams.update(
    {
        "svg.fonttype": "none",  # text stays text: searchable and read by screen readers
        "font.family": "DejaVu Sans",
        "font.size": 10,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "svg.hashsalt": "imdi",  # stable ids, so the same data gives the same file
    }
)


CHART_VERSION = 1  # raise when the drawing changes, so no picture drawn before is reused


def _plain(value):
    """Arguments as plain values, so equal figures give an equal key."""
    if isinstance(value, Mapping):
        return tuple((_plain(k), _plain(v)) for k, v in value.items())
    if isinstance(value, (list, tuple, range)):
        return tuple(_plain(v) for v in value)
    if isinstance(value, (int, float, bool)) or value is None:
        return value
    return str(value)  # lazy translations, Decimals, dates


def _cached_svg(draw: Callable[..., str]) -> Callable[..., str]:
    """Draw a chart once per set of figures: matplotlib takes 0.1-0.5 s for a picture that
    is the same on every request until the figures change. The key is the figures, the
    labels and the drawing's version, so a changed figure draws a new picture."""

    @functools.wraps(draw)
    def wrapper(*args, **kwargs):
        plain = (draw.__name__, CHART_VERSION, _plain(args), _plain(sorted(kwargs.items())))
        key = "chart:" + hashlib.sha256(repr(plain).encode()).hexdigest()
        cache = caches["default"]
        svg = cache.get(key)
        if svg is None:
            svg = draw(*args, **kwargs)
            cache.set(key, svg, 24 * 60 * 60)
        return svg

    return wrapper


def _to_svg(fig, title: str, description: str) -> str:
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
    plt.close(fig)
    svg = buffer.getvalue()
    svg = svg[svg.index("<svg") :]
    # An accessible name for the picture; the table beside it carries the figures.
    label = escape(title, {'"': "&quot;"})
    svg = re.sub(r"<svg ", f'<svg role="img" aria-label="{label}" ', svg, count=1)
    head = f"<title>{escape(title)}</title>"
    if description:
        head += f"<desc>{escape(description)}</desc>"
    return re.sub(r"(<svg[^>]*>)", r"\1" + head, svg, count=1)


@_cached_svg
def bar_chart(
    categories: Sequence[str],
    series: dict[str, Sequence[float | None]],
    *,
    title: str,
    ylabel: str = "",
    description: str = "",
    percent: bool = False,
    horizontal: bool = False,
    reference: float | None = None,
    reference_label: str = "",
) -> str:
    """Grouped bars: one group per category, one bar per series. None draws no bar."""
    n = max(len(series), 1)
    width = 0.8 / n
    height = max(2.8, 0.45 * len(categories) + 1.2) if horizontal else 3.6
    fig, ax = plt.subplots(figsize=(7.5, height))
    positions = range(len(categories))
    for i, (name, values) in enumerate(series.items()):
        offsets = [p - 0.4 + width * (i + 0.5) for p in positions]
        clean = [0 if v is None else float(v) for v in values]
        style = {
            "label": name,
            "color": PALETTE[i % len(PALETTE)],
            "hatch": HATCHES[i % len(HATCHES)],
            "edgecolor": "white",
            "linewidth": 0.5,
        }
        if horizontal:
            ax.barh(offsets, clean, height=width, **style)
        else:
            ax.bar(offsets, clean, width=width, **style)
    if horizontal:
        ax.set_yticks(list(positions), categories)
        ax.invert_yaxis()
        ax.set_xlabel(ylabel)
    else:
        ax.set_xticks(
            list(positions),
            categories,
            rotation=20 if len(categories) > 4 else 0,
            ha="right" if len(categories) > 4 else "center",
        )
        ax.set_ylabel(ylabel)
    if reference is not None:
        (ax.axvline if horizontal else ax.axhline)(
            reference, color="#333", linestyle="--", linewidth=1, label=reference_label or None
        )
    if percent:
        fmt = matplotlib.ticker.FuncFormatter(lambda v, _p: f"{v:.0f} %")
        (ax.xaxis if horizontal else ax.yaxis).set_major_formatter(fmt)
    else:
        fmt = matplotlib.ticker.FuncFormatter(lambda v, _p: f"{v:,.0f}".replace(",", "\u00a0"))
        (ax.xaxis if horizontal else ax.yaxis).set_major_formatter(fmt)
    _legend(ax, len(series) > 1 or bool(reference_label))
    ax.set_title(title, loc="left", fontsize=11)
    return _to_svg(fig, title, description)


def _legend(ax, wanted: bool) -> None:
    """Beside the plot, where it never covers a bar or a line."""
    if wanted:
        ax.legend(frameon=False, loc="upper left", bbox_to_anchor=(1.01, 1))


@_cached_svg
def line_chart(
    xs: Sequence[str],
    series: dict[str, Sequence[float | None]],
    *,
    title: str,
    ylabel: str = "",
    description: str = "",
    percent: bool = False,
    reference: float | None = None,
    reference_label: str = "",
) -> str:
    """Lines over time (years on the x axis). None leaves a gap."""
    fig, ax = plt.subplots(figsize=(7.5, 3.6))
    for i, (name, values) in enumerate(series.items()):
        ys = [float("nan") if v is None else float(v) for v in values]
        ax.plot(
            list(xs),
            ys,
            marker=MARKERS[i % len(MARKERS)],
            linestyle=LINESTYLES[i % len(LINESTYLES)],
            label=name,
            color=PALETTE[i % len(PALETTE)],
        )
    if reference is not None:
        ax.axhline(
            reference, color="#333", linestyle="--", linewidth=1, label=reference_label or None
        )
    if percent:
        ax.yaxis.set_major_formatter(matplotlib.ticker.FuncFormatter(lambda v, _p: f"{v:.0f} %"))
    ax.set_ylabel(ylabel)
    _legend(ax, len(series) > 1 or bool(reference_label))
    ax.set_title(title, loc="left", fontsize=11)
    return _to_svg(fig, title, description)
