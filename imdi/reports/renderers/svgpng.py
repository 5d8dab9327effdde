"""Matplotlib's own SVG drawn again as PNG, for Word (python-docx cannot embed SVG).

The charts come from :mod:`imdi.charts`, i.e. matplotlib's SVG backend with text kept as
text. That output uses a small part of SVG: paths (M, L, Q, C, z), ``<use>`` of paths from
``<defs>`` for ticks and markers, ``<text>`` with an optional rotation, and styles in a
``style`` attribute. This module reads exactly that and paints it with matplotlib's Agg
backend; it is not a general SVG renderer.
"""

from __future__ import annotations

import io
import re

import numpy as np
from lxml import etree
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.patches import PathPatch
from matplotlib.path import Path
from matplotlib.transforms import Affine2D

SVG = "{http://www.w3.org/2000/svg}"
XLINK = "{http://www.w3.org/1999/xlink}"
_NUMBER = r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?"
_TOKEN = re.compile(rf"[MLQCZmlqcz]|{_NUMBER}")
_CODES = {"M": Path.MOVETO, "L": Path.LINETO, "Q": Path.CURVE3, "C": Path.CURVE4}
_ARITY = {"M": 1, "L": 1, "Q": 2, "C": 3}


def _length(value: str | None) -> float:
    return float(re.match(_NUMBER, value or "0").group()) if value else 0.0


def _style(element) -> dict[str, str]:
    style = {}
    for part in (element.get("style") or "").split(";"):
        key, _sep, value = part.partition(":")
        if value:
            style[key.strip()] = value.strip()
    for attr in ("fill", "stroke", "stroke-width", "opacity", "font-size", "text-anchor"):
        if element.get(attr) is not None:
            style.setdefault(attr, element.get(attr))
    return style


def _transform(text: str | None) -> Affine2D:
    result = Affine2D()
    if not text:
        return result
    for name, args in re.findall(r"(\w+)\s*\(([^)]*)\)", text):
        values = [float(v) for v in re.findall(_NUMBER, args)]
        step = Affine2D()
        if name == "translate":
            step.translate(values[0], values[1] if len(values) > 1 else 0)
        elif name == "scale":
            step.scale(values[0], values[1] if len(values) > 1 else values[0])
        elif name == "rotate":
            if len(values) == 3:
                step.translate(-values[1], -values[2]).rotate_deg(values[0])
                step.translate(values[1], values[2])
            else:
                step.rotate_deg(values[0])
        elif name == "matrix":
            a, b, c, d, e, f = values
            step = Affine2D(np.array([[a, c, e], [b, d, f], [0, 0, 1]]))
        # SVG applies the rightmost transform first.
        result = step + result
    return result


def _path(d: str) -> Path | None:
    tokens = _TOKEN.findall(d)
    vertices, codes = [], []
    i, start = 0, None
    while i < len(tokens):
        command = tokens[i]
        i += 1
        if command in "zZ":
            if start is not None:
                vertices.append(start)
                codes.append(Path.CLOSEPOLY)
            continue
        command = command.upper()
        for k in range(_ARITY[command]):
            point = (float(tokens[i]), float(tokens[i + 1]))
            i += 2
            vertices.append(point)
            codes.append(_CODES[command] if command in "ML" or k == 0 else _CODES[command])
            if command == "M":
                start = point
        # Implicit repeats ("M x y x y" means lineto) are not written by matplotlib.
    if not vertices:
        return None
    return Path(np.array(vertices), codes)


def _colour(value: str | None):
    if value in (None, "", "none"):
        return "none"
    return value


class _Painter:
    def __init__(self, root, scale: float):
        self.root = root
        self.defs = {el.get("id"): el for el in root.iter() if el.get("id")}
        # Hatch patterns (imdi.charts.HATCHES), in the order the series use them.
        self.hatches: dict[str, str] = {}
        width = _length(root.get("width"))
        height = _length(root.get("height"))
        view_box = [float(v) for v in (root.get("viewBox") or f"0 0 {width} {height}").split()]
        self.fig = Figure(figsize=(width / 72, height / 72), dpi=72 * scale)
        self.fig.patch.set_facecolor("white")
        self.ax = self.fig.add_axes((0, 0, 1, 1))
        self.ax.set_xlim(view_box[0], view_box[0] + view_box[2])
        self.ax.set_ylim(view_box[1] + view_box[3], view_box[1])
        self.ax.set_axis_off()

    def paint(self, element, transform: Affine2D, inherited: dict[str, str]) -> None:
        tag = etree.QName(element).localname if isinstance(element.tag, str) else ""
        if tag in ("defs", "metadata", "title", "desc", "clipPath", "style", ""):
            return
        style = {**inherited, **_style(element)}
        here = _transform(element.get("transform")) + transform
        if tag == "path":
            self._path(element.get("d", ""), here, style)
        elif tag == "use":
            target = self.defs.get((element.get(f"{XLINK}href") or element.get("href") or "")[1:])
            if target is not None:
                moved = (
                    Affine2D().translate(_length(element.get("x")), _length(element.get("y")))
                    + here
                )
                self._path(target.get("d", ""), moved, {**_style(target), **_style(element)})
        elif tag == "text":
            self._text(element, here, style)
        elif tag == "rect":
            x, y = _length(element.get("x")), _length(element.get("y"))
            w, h = _length(element.get("width")), _length(element.get("height"))
            self._path(f"M {x} {y} L {x + w} {y} L {x + w} {y + h} L {x} {y + h} z", here, style)
        for child in element:
            if tag not in ("text",):
                self.paint(child, here, style)

    def _path(self, d: str, transform: Affine2D, style: dict[str, str]) -> None:
        path = _path(d)
        if path is None:
            return
        path = transform.transform_path(path)
        fill, hatch = self._fill(style.get("fill", "#000000"))
        stroke = _colour(style.get("stroke"))
        opacity = float(style.get("opacity", 1))
        patch = PathPatch(
            path,
            facecolor=fill,
            edgecolor=stroke,
            linewidth=_length(style.get("stroke-width", "1")) if stroke != "none" else 0,
            alpha=opacity if opacity < 1 else None,
            hatch=hatch,
            capstyle={"butt": "butt", "round": "round", "square": "projecting"}.get(
                style.get("stroke-linecap", "butt"), "butt"
            ),
            joinstyle={"miter": "miter", "round": "round", "bevel": "bevel"}.get(
                style.get("stroke-linejoin", "round"), "round"
            ),
        )
        dashes = style.get("stroke-dasharray")
        if dashes and dashes != "none":
            values = [float(v) for v in re.findall(_NUMBER, dashes)]
            if values:
                patch.set_linestyle((0, values))
        self.ax.add_patch(patch)

    def _fill(self, value: str | None) -> tuple[str, str | None]:
        """A colour, or for a hatch pattern (``url(#id)``) its ground colour and a hatch."""
        match = re.fullmatch(r"url\(#([^)]+)\)", value or "")
        if not match:
            return _colour(value), None
        pattern = self.defs.get(match.group(1))
        ground = (
            next((el for el in pattern.iter() if el is not pattern), None)
            if pattern is not None
            else None
        )
        colour = _colour(ground.get("fill")) if ground is not None else "none"
        if match.group(1) not in self.hatches:
            from imdi.charts import HATCHES

            self.hatches[match.group(1)] = HATCHES[1 + len(self.hatches) % (len(HATCHES) - 1)]
        return colour, self.hatches[match.group(1)]

    def _text(self, element, transform: Affine2D, style: dict[str, str]) -> None:
        text = "".join(element.itertext()).strip()
        if not text:
            return
        font = style.get("font", "")
        size_match = re.search(rf"({_NUMBER})px", font) or re.search(
            rf"({_NUMBER})", style.get("font-size", "10")
        )
        size = float(size_match.group(1)) if size_match else 10.0
        weight = "bold" if "bold" in font else "normal"
        anchor = {"start": "left", "middle": "center", "end": "right"}[
            style.get("text-anchor", "start")
        ]
        x, y = _length(element.get("x")), _length(element.get("y"))
        # The rotation is the angle of the transformed x axis; the anchor point moves with it.
        matrix = transform.get_matrix()
        angle = -np.degrees(np.arctan2(matrix[1, 0], matrix[0, 0]))
        px, py = transform.transform((x, y))
        self.ax.text(
            px,
            py,
            text,
            fontsize=size,
            fontweight=weight,
            family="DejaVu Sans",
            color=_colour(style.get("fill", "#000000")),
            ha=anchor,
            va="baseline",
            rotation=angle,
            rotation_mode="anchor",
        )


def svg_to_png(svg: str, *, scale: float = 2.0) -> bytes:
    """PNG bytes of a matplotlib SVG, ``scale`` pixels per point (2 = 144 dpi)."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    root = etree.fromstring(svg.encode("utf-8"), parser)
    painter = _Painter(root, scale)
    for child in root:
        painter.paint(child, Affine2D(), {})
    buffer = io.BytesIO()
    FigureCanvasAgg(painter.fig).print_png(buffer)
    return buffer.getvalue()
