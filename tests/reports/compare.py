"""Compare the produced files, read back, with the sections the apps computed."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from imdi.reports.sections import Section, Suppressed
from tests.reports.readback import (
    all_tables,
    nb_text,
    pdf_text,
    sheets_by_caption,
    word_document,
    word_tables,
    workbook,
)


def _has_figures(table) -> bool:
    """Written here apart from the code under test: a table is shown when a column after the
    first holds a non-zero number or a hidden count, or when it is a table of text with rows."""
    if all(c.kind == "text" for c in table.columns[1:]):
        return bool(table.rows)
    return any(
        isinstance(v, Suppressed) or (c.kind != "text" and v not in (None, "", 0))
        for row in table.rows
        for v, c in list(zip(row, table.columns, strict=True))[1:]
    )


def shown_tables(sections: list[Section]):
    return [t for t in all_tables(sections) if _has_figures(t)]


def _bare(text: str) -> str:
    # PDF text wraps inside narrow cells; compare without any whitespace.
    return re.sub(r"\s+", "", text)


def assert_pdf_matches(content: bytes, sections: list[Section]) -> None:
    text = _bare(pdf_text(content))
    for section in sections:
        assert _bare(section.title) in text, section.title
    for table in all_tables(sections):
        if not _has_figures(table):
            # No grid of dashes and zeros: a plain sentence.
            assert _bare(f"{table.caption}: ingen registrerte tall.") in text, table.caption
            continue
        assert _bare(table.caption) in text, table.caption
        for row in table.rows:
            # A row's cells appear in order.
            pattern = ".*?".join(
                re.escape(_bare(nb_text(v, c.kind)))
                for v, c in zip(row, table.columns, strict=True)
            )
            assert re.search(pattern, text), (table.key, row)


def assert_word_matches(content: bytes, sections: list[Section]) -> None:
    headings = {
        p.text for p in word_document(content).paragraphs if p.style.name.startswith("Heading")
    }
    for section in sections:
        assert section.title in headings
    got = word_tables(content)
    tables = shown_tables(sections)
    assert len(got) == len(tables)
    for rows, table in zip(got, tables, strict=True):
        assert rows[0] == [c.label for c in table.columns], table.key
        assert rows[1:] == [
            [nb_text(v, c.kind) for v, c in zip(row, table.columns, strict=True)]
            for row in table.rows
        ], table.key


FORBIDDEN_IN_SHEET_NAMES = set(":\\/?*[]")


def assert_sheet_names(names: list[str], tables) -> None:
    """Excel's rules and the reader's language: every sheet name is at most 31 characters,
    without : \\ / ? * [ ], unique whatever the case, and Norwegian words (not a table's
    snake_case key such as "grants_schemes")."""
    assert names[0] == "Om rapporten"
    assert len({n.lower() for n in names}) == len(names), names
    keys = {t.key for t in tables}
    for name in names:
        assert 1 <= len(name) <= 31, name
        assert not FORBIDDEN_IN_SHEET_NAMES & set(name), name
        assert name not in keys and "_" not in name, name
        assert not name.startswith("'") and not name.endswith("'"), name
        assert name[0].isupper() or name[0].isdigit(), name


def assert_excel_matches(content: bytes, sections: list[Section]) -> None:
    book = workbook(content)
    tables = shown_tables(sections)
    assert len(book.sheetnames) == 1 + len(tables)
    assert_sheet_names(book.sheetnames, tables)
    for sheet, table in zip(sheets_by_caption(book, tables), tables, strict=True):
        # The name is taken from the caption: it starts with the caption's first word.
        assert table.caption.startswith(sheet.title.split(" ")[0].rstrip(",…")), sheet.title
        assert sheet["A1"].value == table.caption
        assert [sheet.cell(row=3, column=i + 1).value for i in range(len(table.columns))] == [
            c.label for c in table.columns
        ]
        for r, row in enumerate(table.rows, start=4):
            for c, (value, column) in enumerate(zip(row, table.columns, strict=True), start=1):
                cell = sheet.cell(row=r, column=c)
                number = isinstance(value, int | float | Decimal) and not isinstance(value, bool)
                if number and column.kind == "pct":
                    assert cell.value == pytest.approx(float(value) / 100), (table.key, r, c)
                    assert cell.number_format == "0.00 %"
                elif number and column.kind in ("int", "nok", "decimal"):
                    assert cell.value == pytest.approx(float(value)), (table.key, r, c)
                    assert isinstance(cell.value, int | float)
                elif isinstance(value, Suppressed):
                    assert cell.value == value.marker
                else:
                    # An empty text is an empty cell.
                    assert (cell.value or "") == nb_text(value, column.kind), (table.key, r, c)


def assert_files_match(files: dict[str, bytes], sections: list[Section]) -> None:
    checks = {"pdf": assert_pdf_matches, "docx": assert_word_matches, "xlsx": assert_excel_matches}
    for fmt, content in files.items():
        checks[fmt](content, sections)
