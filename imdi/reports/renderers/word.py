"""The statement as Word (python-docx): real headings, real tables, charts as pictures.

For the editors of the annual report: text they can edit, tables they can restyle, and each
chart as a PNG with its description as alternative text.
"""

from __future__ import annotations

import io
from datetime import datetime

from django.utils.translation import gettext as _
from docx import Document as WordDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from imdi.reports.document import Document, column_is_numeric, table_rows
from imdi.reports.renderers.svgpng import svg_to_png
from imdi.reports.sections import Chart, Section, Table


def _repeat_header(row) -> None:
    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def _small(paragraph, size: float = 8) -> None:
    for run in paragraph.runs:
        run.font.size = Pt(size)


def _add_table(doc, table: Table) -> None:
    doc.add_paragraph(table.caption, style="Caption")
    rows = table_rows(table)
    word_table = doc.add_table(rows=1 + len(rows), cols=max(len(table.columns), 1))
    word_table.style = "Table Grid"
    word_table.alignment = WD_TABLE_ALIGNMENT.LEFT
    header = word_table.rows[0]
    _repeat_header(header)
    for cell, column in zip(header.cells, table.columns, strict=False):
        cell.text = column.label
        paragraph = cell.paragraphs[0]
        for run in paragraph.runs:
            run.bold = True
        if column_is_numeric(column):
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    for word_row, row in zip(word_table.rows[1:], rows, strict=False):
        for cell, value in zip(word_row.cells, row, strict=False):
            cell.text = value.text
            if value.numeric:
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    for row in word_table.rows:
        for cell in row.cells:
            _small(cell.paragraphs[0], 8.5)
    for note in table.footnotes:
        _small(doc.add_paragraph(note))


def _add_chart(doc, chart: Chart) -> None:
    picture = io.BytesIO(svg_to_png(chart.svg))
    doc.add_picture(picture, width=Cm(16))
    # Alternative text for screen readers: the docPr of the picture just added.
    inline = doc.paragraphs[-1].runs[-1]._r.xpath(".//wp:docPr")
    if inline:
        inline[0].set("title", chart.title)
        inline[0].set("descr", chart.description or chart.title)
    caption = chart.title + (f". {chart.description}" if chart.description else "")
    doc.add_paragraph(caption, style="Caption")


def _add_section(doc, section: Section, level: int) -> None:
    doc.add_heading(section.title, level=min(level, 9))
    for paragraph in section.paragraphs:
        doc.add_paragraph(paragraph)
    for table in section.tables:
        _add_table(doc, table)
    for chart in section.charts:
        _add_chart(doc, chart)
    # The section's notes belong to its own tables, before its subsections (as on the page).
    for note in section.footnotes:
        _small(doc.add_paragraph(note))
    for sub in section.subsections:
        _add_section(doc, sub, level + 1)


_WARM_UP_SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="40pt" height="20pt" viewBox="0 0 40 20">'
    '<path d="M 0 0 L 40 20 z" style="fill: #1f3a5f; stroke: #ffffff"/>'
    '<text x="2" y="18" style="font-size: 10px; font-family: \'DejaVu Sans\'">1 %</text></svg>'
)


def warm_up() -> None:
    """Load python-docx's template and the chart painter (matplotlib's Agg and its font)."""
    png = svg_to_png(_WARM_UP_SVG)
    doc = WordDocument()
    doc.add_picture(io.BytesIO(png), width=Cm(1))
    doc.save(io.BytesIO())


def render_docx(document: Document) -> bytes:
    doc = WordDocument()
    properties = doc.core_properties
    properties.title = document.title
    properties.author = document.organisation
    properties.language = "nb-NO"
    # Fixed dates: the same data gives the same file.
    fixed = datetime(document.year + 1, 1, 1)
    properties.created = properties.modified = fixed
    properties.last_modified_by = document.organisation
    properties.revision = 1
    # A4 with 2.5 cm margins (python-docx starts from US Letter), so the 16 cm charts fill
    # the text width; text marked as Norwegian bokmål so the editors' spelling check works.
    page = doc.sections[0]
    page.page_width, page.page_height = Cm(21), Cm(29.7)
    page.left_margin = page.right_margin = page.top_margin = page.bottom_margin = Cm(2.5)
    styles = doc.styles
    styles["Normal"].font.name = "Calibri"
    styles["Normal"].font.size = Pt(10.5)
    language = OxmlElement("w:lang")
    language.set(qn("w:val"), "nb-NO")
    styles["Normal"].element.get_or_add_rPr().append(language)

    doc.add_heading(document.title, level=0)
    doc.add_paragraph(f"{document.organisation} · " + _("Year %(year)s") % {"year": document.year})
    for paragraph in document.introduction:
        doc.add_paragraph(paragraph)
    for section in document.sections:
        _add_section(doc, section, 1)
    doc.add_heading(_("Notes on sources and suppression"), level=1)
    for note in document.notes:
        doc.add_paragraph(note, style="List Number")

    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
