"""The annual equality statement as one document, assembled from the apps' sections.

Each app hands over its part as a :class:`imdi.reports.sections.Section` through a
``section(year)`` function. This module puts them in the source document's order (HR first,
then casework, then grants), adds the title page facts and the notes on sources and
suppression, and turns typed values into display text the Norwegian way. The renderers
(HTML/PDF, Word, Excel) work from :class:`Document` only.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from decimal import Decimal

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from imdi import formatting
from imdi.reports.sections import Column, Section, Suppressed, Table

# In the source document's order. Each entry is "module.function" taking the year. The
# setting REPORT_SECTION_PROVIDERS may replace the list (tests, a build without an app).
SECTION_PROVIDERS: tuple[str, ...] = (
    "hr.report.section",
    "casework.report.section",
    "grants.report.section",
)


def section_providers() -> tuple[str, ...]:
    return tuple(getattr(settings, "REPORT_SECTION_PROVIDERS", SECTION_PROVIDERS))


NUMBER_KINDS = frozenset({"int", "nok", "pct", "decimal"})


@dataclass
class Document:
    year: int
    title: str
    organisation: str
    introduction: list[str]
    sections: list[Section]
    notes: list[str] = field(default_factory=list)
    generated_at: object = None

    def tables(self) -> Iterator[Table]:
        """Every table in reading order, nested sections included."""
        for section in self.sections:
            yield from iter_tables(section)


def iter_sections(section: Section) -> Iterator[Section]:
    yield section
    for sub in section.subsections:
        yield from iter_sections(sub)


def iter_tables(section: Section) -> Iterator[Table]:
    for s in iter_sections(section):
        yield from s.tables


def load_provider(dotted: str) -> Callable[[int], Section]:
    module_name, _dot, name = dotted.rpartition(".")
    return getattr(importlib.import_module(module_name), name)


def collect_sections(year: int, *, on_section: Callable[[int, int], None] | None = None):
    """Call every provider for the year, in order. A failing app fails the document: a
    statement with a part silently missing must not be published."""
    sections = []
    providers = section_providers()
    for i, dotted in enumerate(providers):
        section = load_provider(dotted)(year)
        if not isinstance(section, Section):
            raise TypeError(f"{dotted}({year}) returned {type(section).__name__}, not a Section")
        sections.append(section)
        if on_section is not None:
            on_section(i + 1, len(providers))
    return sections


def build_document(year: int, sections: list[Section] | None = None, **kwargs) -> Document:
    """The whole statement for the year, in the active language (Norwegian in the portal)."""
    if sections is None:
        sections = collect_sections(year, **kwargs)
    sections = [without_empty_tables(s) for s in sections]
    organisation = _("Integrerings- og mangfoldsdirektoratet (IMDi)")
    return Document(
        year=year,
        title=_("Equality statement for %(organisation)s %(year)s")
        % {"organisation": _("Integrerings- og mangfoldsdirektoratet"), "year": year},
        organisation=organisation,
        introduction=[
            _(
                "The Directorate of Integration and Diversity (IMDi) works for equality and "
                "against discrimination on the grounds of gender, pregnancy, ethnicity, "
                "religion, belief, disability, sexual orientation, gender identity, gender "
                "expression, age and combinations of these among immigrants in Norway."
            ),
            _(
                "This statement sums up the most important activities and measures IMDi "
                "carried out in its work for equality and against discrimination in %(year)s, "
                "both as an employer and in its work outside the directorate."
            )
            % {"year": year},
        ],
        sections=sections,
        notes=[
            _(
                "Sources: the directorate's employee records (position, pay, leave and "
                "certified sick leave as of 31 December); Statistics Norway, table 12625 "
                "(immigrant background of state employees, annual average); the portal's case "
                "register for diversity advisors and special envoys; the portal's grant "
                "management (budgets, decisions and payments per scheme)."
            ),
            _(
                "Pay is published only for groups with at least %(n)s women and %(n)s men; "
                "otherwise it is shown as *."
            )
            % {"n": settings.HR_MIN_GROUP_SIZE},
            _(
                "Case counts below %(n)s are shown as <%(n)s, and a figure from which a "
                "hidden count could be worked out is hidden as well."
            )
            % {"n": settings.CASEWORK_MIN_CELL},
            _("A dash (–) means that there is no one behind the figure."),
        ],
        generated_at=timezone.localtime(),
    )


def build_document_nb(year: int, sections: list[Section] | None = None, **kwargs) -> Document:
    """The statement in Norwegian, whatever language the caller runs in (tasks, commands)."""
    with translation.override(settings.LANGUAGE_CODE):
        return build_document(year, sections, **kwargs)


def table_is_empty(table: Table) -> bool:
    """No figure in the table: no rows, or every figure is missing or zero.

    The first column labels the rows (a category, a year, a quartile number) and does not
    count. A suppressed value is a figure (there is someone behind it). A table of text only
    (a list of measures) is empty only without rows."""
    if not any(column.kind in NUMBER_KINDS for column in table.columns[1:]):
        return not table.rows
    for row in table.rows:
        for value, column in list(zip(row, table.columns, strict=False))[1:]:
            if isinstance(value, Suppressed):
                return False
            if column.kind in NUMBER_KINDS and is_number(value) and value != 0:
                return False
    return True


def without_empty_tables(section: Section) -> Section:
    """The section with each table that has no figures replaced by a plain sentence saying
    so, rather than a grid of dashes and zeros; a section whose every table is empty also
    loses its charts (drawn from the same, missing, figures) and the notes on them."""
    kept, empty = [], []
    for table in section.tables:
        (empty if table_is_empty(table) else kept).append(table)
    paragraphs = list(section.paragraphs) + [
        _("%(caption)s: no figures registered.") % {"caption": table.caption} for table in empty
    ]
    nothing_left = bool(empty) and not kept
    return replace(
        section,
        paragraphs=paragraphs,
        tables=kept,
        charts=[] if nothing_left else section.charts,
        # The section's notes explain its figures (suppression, sources): none, no notes.
        footnotes=[] if nothing_left else section.footnotes,
        subsections=[without_empty_tables(sub) for sub in section.subsections],
    )


# --- Values -------------------------------------------------------------------------------


def is_number(value: object) -> bool:
    return isinstance(value, int | float | Decimal) and not isinstance(value, bool)


def display(value: object, kind: str) -> str:
    """One cell as text, the Norwegian way: 1 238 300 kr, 98,12 %, 5,90, <5, –."""
    if value is None:
        return formatting.MISSING
    if isinstance(value, Suppressed):
        return str(value)
    if not is_number(value) or kind not in NUMBER_KINDS:
        return str(value)
    if kind == "int":
        return formatting.number(value)
    if kind == "nok":
        return formatting.nok(value)
    if kind == "pct":
        return formatting.percent(value)
    return formatting.number(value, 2)


@dataclass
class Cell:
    text: str
    numeric: bool  # right-aligned
    header: bool  # the row's label (<th scope="row">)


def table_rows(table: Table) -> list[list[Cell]]:
    """The table's rows as display cells; a text first column labels its row."""
    label_column = bool(table.columns) and table.columns[0].kind == "text"
    rows = []
    for row in table.rows:
        cells = []
        for i, (value, column) in enumerate(zip(row, table.columns, strict=False)):
            cells.append(
                Cell(
                    text=display(value, column.kind),
                    numeric=column.kind in NUMBER_KINDS,
                    header=label_column and i == 0,
                )
            )
        rows.append(cells)
    return rows


def column_is_numeric(column: Column) -> bool:
    return column.kind in NUMBER_KINDS
