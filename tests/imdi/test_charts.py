"""Charts: SVG with an accessible name, and series told apart without colour."""

import re

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
    assert bar_chart(*args, title="t") == bar_chart(*args, title="t")


def test_word_pictures_keep_the_hatch():
    from imdi.reports.renderers.svgpng import svg_to_png

    png = svg_to_png(bar_chart(["A"], {"Menn": [1], "Kvinner": [2]}, title="t"))
    assert png.startswith(b"\x89PNG")
