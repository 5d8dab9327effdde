"""Charts: SVG with an accessible name, and series told apart without colour."""

import re

from django.core.cache import caches

from imdi import charts
from imdi.charts import bar_chart, line_chart


def test_a_chart_has_a_title_and_description_for_screen_readers():
    svg = bar_chart(
        ["A", "B"], {"Menn": [1, 2]}, title="Kjønnsbalanse", description="Andel per kategori"
    )
    assert svg.startswith('<svg role="img" aria-label="Kjønnsbalanse"')
    assert "<title>Kjønnsbalanse</title><desc>Andel per kategori</desc>" in svg


def test_bar_series_differ_by_pattern_not_only_colour():
    svg = bar_chart(["A", "B"], {"Menn": [1, 2], "Kvinner": [2, 1]}, title="t")
    # The first series is solid, the second filled with a hatch pattern.
    assert len(set(re.findall(r"fill: url\(#(\w+)\)", svg))) == 1
    assert "<pattern" in svg


def test_line_series_differ_by_marker_and_dash():
    svg = line_chart(["2020", "2021"], {"a": [1, 2], "b": [2, 3], "c": [3, 4]}, title="t")
    dashes = set(re.findall(r"stroke-dasharray: ([\d., ]+)", svg))
    assert len(dashes) >= 2  # solid, dashed and dash-dot lines


def test_the_same_data_gives_the_same_file():
    args = (["A"], {"Menn": [1]})
    first = bar_chart(*args, title="t")
    caches["default"].clear()  # drawn afresh, not read from the cache
    assert bar_chart(*args, title="t") == first


def test_a_chart_is_drawn_once_per_set_of_figures(monkeypatch):
    drawn = []
    real = charts.plt.subplots
    monkeypatch.setattr(charts.plt, "subplots", lambda *a, **k: drawn.append(1) or real(*a, **k))
    series = {"Menn": [1, 2], "Kvinner": [2, 1]}
    first = bar_chart(["A", "B"], series, title="t")
    assert bar_chart(["A", "B"], dict(series), title="t") == first
    assert len(drawn) == 1
    # A changed figure, label or title is a new picture.
    changed = [
        bar_chart(["A", "B"], {"Menn": [1, 3], "Kvinner": [2, 1]}, title="t"),
        bar_chart(["A", "C"], series, title="t"),
        bar_chart(["A", "B"], {"Menn": [1, 2], "Andre": [2, 1]}, title="t"),
        bar_chart(["A", "B"], series, title="u"),
        bar_chart(["A", "B"], series, title="t", percent=True),
        line_chart(["A", "B"], series, title="t"),
    ]
    assert len(drawn) == 7
    assert len(set(changed + [first])) == 7
    assert "Andre" not in first and "Andre" in changed[2]


def test_word_pictures_keep_the_hatch():
    from imdi.reports.renderers.svgpng import svg_to_png

    png = svg_to_png(bar_chart(["A"], {"Menn": [1], "Kvinner": [2]}, title="t"))
    assert png.startswith(b"\x89PNG")
