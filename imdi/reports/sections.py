"""The shape in which each app hands its part of the annual equality statement over.

``grants.report.section(year)``, ``casework.report.section(year)`` and
``hr.report.section(year)`` each return a :class:`Section`. The report renderers (HTML/PDF,
Word, Excel) know only these classes, so an app decides its content and the renderers decide
the form. Values stay typed (numbers as numbers) so that Excel stores them as numbers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

ColumnKind = Literal["text", "int", "nok", "pct", "decimal"]


@dataclass(frozen=True)
class Suppressed:
    """A value hidden by a publication rule: "<5" for small counts, "*" for pay."""

    marker: str = "<5"

    def __str__(self) -> str:
        return self.marker


@dataclass
class Column:
    label: str
    kind: ColumnKind = "text"


@dataclass
class Table:
    key: str  # stable identifier, used in tests (the Excel sheet is named after the caption)
    caption: str
    columns: list[Column]
    # Each row: one value per column; None is "no one behind the figure" (shown as –).
    rows: list[list[object]]
    footnotes: list[str] = field(default_factory=list)


@dataclass
class Chart:
    key: str
    title: str
    svg: str  # a complete <svg> element (matplotlib), with <title> for screen readers
    description: str = ""  # what the chart shows, in one sentence, for alt text


@dataclass
class Section:
    key: str
    title: str
    paragraphs: list[str] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)
    subsections: list[Section] = field(default_factory=list)
    footnotes: list[str] = field(default_factory=list)
