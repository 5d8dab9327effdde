"""The statement's figures as Excel (openpyxl): one sheet per table, numbers as numbers.

Each sheet is named in Norwegian after its table's caption, shortened to Excel's 31
characters ("Tilskuddsordninger 2025", "Jobbsjansen"); the first sheet, "Om rapporten",
lists every sheet with the table's full caption and a link to it.

Number formats are stored in Excel's neutral notation and shown by Excel the Norwegian way:
``#,##0 "kr"`` appears as 1 238 300 kr, and a percentage stored as the fraction 0.9812 with
``0.00 %`` appears as 98,12 %. Suppressed cells hold their marker ("<5", "*") as text, and a
cell with no one behind it holds "–".
"""

from __future__ import annotations

import io
import re
from datetime import datetime
from decimal import Decimal

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.hyperlink import Hyperlink

from imdi import formatting
from imdi.reports.document import Document, is_number
from imdi.reports.sections import Suppressed, Table

FORMATS = {
    "int": "#,##0",
    "nok": '#,##0" kr"',
    "pct": "0.00 %",
    "decimal": "#,##0.00",
}
HEADER_ROW = 3  # row 1: the caption; row 2: empty; row 3: the column labels


def excel_value(value: object, kind: str) -> object:
    """What the cell stores: a number (a fraction for percentages) or a marker as text."""
    if value is None:
        return formatting.MISSING
    if isinstance(value, Suppressed):
        return str(value)
    if is_number(value) and kind in FORMATS:
        if kind == "pct":
            # Excel's percentage formats show the fraction times 100.
            return float(Decimal(str(value)) / 100)
        return float(value) if isinstance(value, Decimal) else value
    return str(value) or None


MAX_SHEET_NAME = 31  # Excel's limit
FORBIDDEN = re.compile(r"[\[\]:*?/\\]+")
# Words a shortened name should not end with ("Saker for mangfoldsrådgivere og").
TRAILING_WORDS = frozenset({"og", "i", "for", "av", "til", "med", "på", "om", "eller", "etter"})
# Excel keeps "History" for itself.
RESERVED = frozenset({"history"})


def shorten(text: str, limit: int) -> str:
    """The text in at most ``limit`` characters: whole words when that keeps at least three
    quarters of the room, otherwise cut inside a word and marked with an ellipsis."""
    if len(text) <= limit:
        return text
    words = text[: limit + 1].split(" ")[:-1]  # the last one is cut or the space after it
    while words and words[-1].strip(",;-–").lower() in TRAILING_WORDS | {""}:
        words.pop()
    whole = " ".join(words).rstrip(" ,;-–'")
    if len(whole) >= limit * 3 // 4:
        return whole
    return text[: limit - 1].rstrip(" ,;-–'") + "…"


def sheet_base(caption: str) -> str:
    """A short Norwegian sheet name from the table's caption: the part before a colon
    ("Tilskuddsordninger 2025: ramme, tilskudd og søknader"), without parentheses, with
    Excel's forbidden characters replaced."""
    text = caption.split(":", 1)[0].strip() or caption
    text = re.sub(r"\s*\([^)]*\)", "", text)
    text = FORBIDDEN.sub("-", text)
    text = re.sub(r"\s+", " ", text).strip(" '-,")
    return text or _("Table")


def sheet_title(caption: str, used: set[str]) -> str:
    """A sheet name derived from the caption: at most 31 characters, none of : \\ / ? * [ ],
    unique in the workbook whatever the case ("Kjønnsbalanse 2025 (2)" for the second
    table with the same name). ``used`` holds the names taken so far, in lower case."""
    base = sheet_base(caption)
    title, n = shorten(base, MAX_SHEET_NAME), 2
    while title.lower() in used or title.lower() in RESERVED:
        suffix = f" ({n})"
        title = shorten(base, MAX_SHEET_NAME - len(suffix)) + suffix
        n += 1
    used.add(title.lower())
    return title


def sheet_link(title: str) -> str:
    """The hyperlink location of the sheet's first cell (a quote in the name is doubled)."""
    return "'{}'!A1".format(title.replace("'", "''"))


def _write_table(sheet, table: Table) -> None:
    sheet["A1"] = table.caption
    sheet["A1"].font = Font(bold=True, size=12)
    for col, column in enumerate(table.columns, start=1):
        cell = sheet.cell(row=HEADER_ROW, column=col, value=column.label)
        cell.font = Font(bold=True)
        if column.kind in FORMATS:
            cell.alignment = Alignment(horizontal="right", wrap_text=True)
        else:
            cell.alignment = Alignment(wrap_text=True)
    for r, row in enumerate(table.rows, start=HEADER_ROW + 1):
        for col, (value, column) in enumerate(zip(row, table.columns, strict=False), start=1):
            cell = sheet.cell(row=r, column=col, value=excel_value(value, column.kind))
            if column.kind in FORMATS:
                cell.number_format = FORMATS[column.kind]
                cell.alignment = Alignment(horizontal="right")
    notes_row = HEADER_ROW + len(table.rows) + 2
    for i, note in enumerate(table.footnotes):
        sheet.cell(row=notes_row + i, column=1, value=note).font = Font(italic=True, size=9)
    sheet.freeze_panes = sheet.cell(row=HEADER_ROW + 1, column=1)
    for col, column in enumerate(table.columns, start=1):
        width = max(
            [len(column.label)]
            + [
                len(str(excel_value(row[col - 1], column.kind)))
                for row in table.rows
                if col - 1 < len(row)
            ]
        )
        sheet.column_dimensions[get_column_letter(col)].width = min(max(width + 4, 12), 60)


def warm_up() -> None:
    """Load openpyxl's writer."""
    workbook = Workbook()
    workbook.active["A1"] = 1
    workbook.save(io.BytesIO())


def render_xlsx(document: Document) -> bytes:
    workbook = Workbook()
    info = workbook.active
    info.title = _("About")
    info["A1"] = document.title
    info["A1"].font = Font(bold=True, size=14)
    info["A2"] = document.organisation
    info["A3"] = _("Year")
    info["B3"] = document.year
    info["A5"] = _("Sheets")
    info["A5"].font = Font(bold=True)
    info["B5"] = _("Table")
    info["B5"].font = Font(bold=True)
    used = {info.title.lower()}
    row = 6
    tables = list(document.tables())
    for table in tables:
        title = sheet_title(table.caption, used)
        _write_table(workbook.create_sheet(title), table)
        # The list of sheets is a table of contents: each name leads to its sheet.
        link = info.cell(row=row, column=1, value=title)
        link.hyperlink = Hyperlink(ref=link.coordinate, location=sheet_link(title), display=title)
        link.style = "Hyperlink"
        info.cell(row=row, column=2, value=table.caption)
        row += 1
    row += 1
    info.cell(row=row, column=1, value=_("Notes on sources and suppression")).font = Font(bold=True)
    for note in document.notes:
        row += 1
        info.cell(row=row, column=1, value=note)
    info.column_dimensions["A"].width = 34  # a sheet name has at most 31 characters
    info.column_dimensions["B"].width = 80
    workbook.properties.title = document.title
    workbook.properties.creator = document.organisation
    workbook.properties.language = "nb-NO"
    fixed = datetime(document.year + 1, 1, 1)
    workbook.properties.created = workbook.properties.modified = fixed
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
