"""The statement as HTML: the preview page in the portal and the source of the PDF."""

from __future__ import annotations

import re

from django.template.loader import render_to_string
from django.utils.text import slugify

from imdi.reports.document import Document, column_is_numeric, table_rows
from imdi.reports.sections import Section

# Up to this many columns a table fits a portrait page (headings wrap); only wider ones get
# a landscape page, which in WeasyPrint starts a new page and leaves the one before half empty.
WIDE_TABLE_COLUMNS = 10
# A table this short is kept on one page with its caption.
SHORT_TABLE_ROWS = 16
_SVG_ID = re.compile(r'\bid="([^"]+)"')
# An id where it is defined or used: id="x", href="#x" (xlink:href too), url(#x).
_SVG_ID_USE = re.compile(r'(\bid="|href="#|url\(#)([^")]+)("|\))')


def scoped_svg(svg: str, prefix: str) -> str:
    """The chart's SVG with its ids (matplotlib's figure_1, patch_1, clip paths, markers)
    prefixed, so that several charts on one page never share an id."""
    ids = set(_SVG_ID.findall(svg))
    if not ids:
        return svg

    def rename(match: re.Match) -> str:
        if match.group(2) not in ids:
            return match.group(0)
        return f"{match.group(1)}{prefix}-{match.group(2)}{match.group(3)}"

    # One fixed pattern: a pattern made of the chart's own ids would be compiled anew for
    # every chart (a tenth of a second for the statement's four).
    return _SVG_ID_USE.sub(rename, svg)


def _section_context(section: Section, level: int, prefix: str = "") -> dict:
    anchor = f"{prefix}{slugify(section.key) or 'del'}"
    return {
        "id": anchor,
        "title": section.title,
        "level": min(level, 6),
        "paragraphs": section.paragraphs,
        "tables": [
            {
                "key": table.key,
                "id": f"{anchor}-{slugify(table.key)}",
                "caption": table.caption,
                "columns": [
                    {"label": c.label, "numeric": column_is_numeric(c)} for c in table.columns
                ],
                "rows": table_rows(table),
                "footnotes": table.footnotes,
                # Many columns: a landscape page in the PDF.
                "wide": len(table.columns) > WIDE_TABLE_COLUMNS,
                "short": len(table.rows) <= SHORT_TABLE_ROWS,
            }
            for table in section.tables
        ],
        "charts": [
            {
                "title": chart.title,
                "description": chart.description,
                "svg": scoped_svg(chart.svg, f"{anchor}-{slugify(chart.key) or 'figur'}"),
            }
            for chart in section.charts
        ],
        "subsections": [
            _section_context(sub, level + 1, f"{anchor}-") for sub in section.subsections
        ],
        "footnotes": section.footnotes,
    }


def document_context(document: Document, *, heading_level: int = 2) -> dict:
    """Template context: sections start at ``heading_level`` (the title is the h1)."""
    return {
        "document": document,
        "sections": [_section_context(s, heading_level) for s in document.sections],
    }


def render_document_html(document: Document) -> str:
    """A standalone HTML page (the PDF's source)."""
    return render_to_string("reports/document_pdf.html", document_context(document))
