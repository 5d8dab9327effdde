"""Reading the produced files back, and writing figures the Norwegian way independently of
the code under test (so that a test compares two separate computations)."""

from __future__ import annotations

import io
import re
from decimal import ROUND_HALF_UP, Decimal

import docx
import openpyxl
import pypdf

from imdi.reports.sections import Section, Suppressed, Table

NBSP = "\xa0"


def _grouped(value: Decimal, decimals: int) -> str:
    q = value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    sign = "-" if q < 0 else ""
    whole, _dot, frac = f"{abs(q):f}".partition(".")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    text = sign + NBSP.join(groups)
    return f"{text},{frac}" if decimals else text


def nb_text(value, kind: str) -> str:
    """98.123 pct -> '98,12 %', 1238300 nok -> '1 238 300 kr', None -> '–'."""
    if value is None:
        return "–"
    if isinstance(value, Suppressed):
        return value.marker
    if kind == "text" or isinstance(value, str):
        return str(value)
    d = Decimal(str(value))
    if kind == "int":
        return _grouped(d, 0)
    if kind == "nok":
        return _grouped(d, 0) + NBSP + "kr"
    if kind == "pct":
        return _grouped(d, 2) + NBSP + "%"
    return _grouped(d, 2)


def all_tables(sections: list[Section]) -> list[Table]:
    found = []

    def walk(section):
        found.extend(section.tables)
        for sub in section.subsections:
            walk(sub)

    for s in sections:
        walk(s)
    return found


def squash(text: str) -> str:
    """Whitespace of any kind (PDF line breaks, no-break spaces) as single spaces."""
    return re.sub(r"\s+", " ", text.replace(NBSP, " ")).strip()


def pdf_text(content: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(content))
    return squash(" ".join(page.extract_text() for page in reader.pages))


def word_tables(content: bytes) -> list[list[list[str]]]:
    document = docx.Document(io.BytesIO(content))
    return [[[cell.text for cell in row.cells] for row in t.rows] for t in document.tables]


def word_document(content: bytes):
    return docx.Document(io.BytesIO(content))


def workbook(content: bytes):
    return openpyxl.load_workbook(io.BytesIO(content))


TOC_FIRST_ROW = 6  # "Om rapporten": title, organisation, year, blank, "Ark", then one row a sheet


def sheet_index(book) -> list[tuple[str, str, str | None]]:
    """The table of contents on "Om rapporten": (sheet name, caption, link) per table, in
    order, read until the first empty row."""
    about = book["Om rapporten"]
    found = []
    for name, caption in about.iter_rows(min_row=TOC_FIRST_ROW, max_col=2):
        if not name.value:
            break
        found.append(
            (name.value, caption.value, name.hyperlink.location if name.hyperlink else None)
        )
    return found


def sheets_by_caption(book, tables: list[Table]) -> list:
    """Each table's sheet, found by its name in the table of contents (listed with the
    table's caption), in the tables' order."""
    index = sheet_index(book)
    assert [caption for _name, caption, _link in index] == [t.caption for t in tables]
    return [book[name] for name, _caption, _link in index]
