"""Each format read back and compared with the section it was made from."""

from decimal import Decimal

import pytest
from docx.oxml.ns import qn

from imdi.reports.document import build_document_nb
from imdi.reports.renderers import render
from imdi.reports.renderers.excel import sheet_title
from imdi.reports.renderers.svgpng import svg_to_png
from tests.reports.compare import assert_sheet_names
from tests.reports.readback import (
    all_tables,
    nb_text,
    pdf_text,
    sheet_index,
    sheets_by_caption,
    squash,
    word_document,
    word_tables,
    workbook,
)
from tests.reports.sample import sample_provider


@pytest.fixture(scope="module")
def document():
    return build_document_nb(2023, [sample_provider(2023)])


@pytest.fixture(scope="module")
def files(document):
    return {fmt: render(fmt, document) for fmt in ("pdf", "docx", "xlsx")}


def test_pdf_has_title_sections_and_every_figure_written_the_norwegian_way(document, files):
    text = pdf_text(files["pdf"])
    assert text.startswith(
        "Likestillingsredegjørelse for Integrerings- og mangfoldsdirektoratet 2023"
    )
    assert "Integrerings- og mangfoldsdirektoratet (IMDi) · År 2023" in text
    assert "IMDi som arbeidsgiver" in text and "Permisjon" in text
    # The figures as a reader sees them, written out by hand.
    for expected in ["1 238 300 kr", "1 215 029 kr", "98,12 %", "42,86 %", "5,90", "13,40"]:
        assert expected in text
    for table in all_tables(document.sections):
        assert squash(table.caption) in text
        for row in table.rows:
            for value, column in zip(row, table.columns, strict=True):
                assert squash(nb_text(value, column.kind)) in text
    assert "Merknader om kilder og skjerming" in text
    assert "minst 5 kvinner og 5 menn" in text


def test_word_has_real_headings_tables_and_a_picture_with_alt_text(document, files):
    doc = word_document(files["docx"])
    styles = [(p.style.name, p.text) for p in doc.paragraphs]
    assert ("Title", document.title) in styles
    assert ("Heading 1", "IMDi som arbeidsgiver") in styles
    assert ("Heading 2", "Permisjon") in styles
    tables = word_tables(files["docx"])
    expected = all_tables(document.sections)
    assert len(tables) == len(expected)
    for got, table in zip(tables, expected, strict=True):
        assert got[0] == [c.label for c in table.columns]
        assert got[1:] == [
            [nb_text(v, c.kind) for v, c in zip(row, table.columns, strict=True)]
            for row in table.rows
        ]
    assert tables[0][1] == [
        "Toppleder",
        "42,86\xa0%",
        "57,14\xa0%",
        "7",
        "1\xa0238\xa0300\xa0kr",
        "1\xa0215\xa0029\xa0kr",
        "98,12\xa0%",
    ]
    assert tables[0][2][4:] == ["*", "–", "–"]
    pictures = doc.inline_shapes
    assert len(pictures) == 1
    # A4 (not python-docx's US Letter), the chart within the text width, Norwegian text.
    page = doc.sections[0]
    assert (round(page.page_width.cm, 1), round(page.page_height.cm, 1)) == (21.0, 29.7)
    text_width = page.page_width - page.left_margin - page.right_margin
    assert pictures[0].width <= text_width
    normal = doc.styles["Normal"].element.rPr
    assert normal.find(qn("w:lang")).get(qn("w:val")) == "nb-NO"
    alt = pictures[0]._inline.docPr.get("descr")
    assert alt == "Andel menn og kvinner i hver stillingskategori."


def test_excel_one_sheet_per_table_with_numbers_as_numbers(document, files):
    book = workbook(files["xlsx"])
    tables = all_tables(document.sections)
    # Each sheet is named in Norwegian after its table's caption, not after the table's key.
    assert book.sheetnames == [
        "Om rapporten",
        "Kjønnsbalanse og lønn 2023",
        "Foreldrepermisjon",
        "Saker etter tema",
    ]
    assert_sheet_names(book.sheetnames, tables)
    # The first sheet lists every table with its caption, each name a link to its sheet.
    assert sheet_index(book) == [
        (name, t.caption, f"'{name}'!A1")
        for name, t in zip(book.sheetnames[1:], tables, strict=True)
    ]
    assert [c.value for c in book["Om rapporten"][5][:2]] == ["Ark", "Tabell"]
    sheet = book["Kjønnsbalanse og lønn 2023"]
    assert sheet["A1"].value == "Kjønnsbalanse og lønn 2023"
    assert [c.value for c in sheet[3]] == [c.label for c in tables[0].columns]
    top = list(sheet[4])
    assert top[0].value == "Toppleder"
    assert top[1].value == pytest.approx(0.4286) and top[1].number_format == "0.00 %"
    assert top[3].value == 7 and top[3].number_format == "#,##0"
    assert top[4].value == 1238300 and top[4].number_format == '#,##0" kr"'
    assert top[6].value == pytest.approx(0.9812)
    hidden = [c.value for c in sheet[5]]
    assert hidden[4:] == ["*", "–", "–"]
    assert book["Saker etter tema"]["B5"].value == "<5"
    # Every cell of every table, compared with the section.
    for sheet, table in zip(sheets_by_caption(book, tables), tables, strict=True):
        assert sheet["A1"].value == table.caption
        for r, row in enumerate(table.rows, start=4):
            for c, (value, column) in enumerate(zip(row, table.columns, strict=True), start=1):
                got = sheet.cell(row=r, column=c).value
                if column.kind == "pct" and isinstance(value, int | float | Decimal):
                    assert got == pytest.approx(float(value) / 100)
                elif column.kind != "text" and isinstance(value, int | float | Decimal):
                    assert got == pytest.approx(float(value))
                else:
                    assert got == nb_text(value, column.kind)


SHEET_NAMES_FROM_CAPTIONS = [
    # The apps' captions (Norwegian) and the sheet names made from them, in order.
    ("Kjønnsbalanse og lønn, 2025 og 2024", "Kjønnsbalanse og lønn, 2025"),
    ("Foreldrepermisjon (fødsels-, omsorgs- og fedrepermisjon)", "Foreldrepermisjon"),
    ("Legemeldt sykefravær i prosent av avtalte dagsverk", "Legemeldt sykefravær i prosent"),
    ("Lønnsgap: menns lønn minus kvinners lønn, i prosent av menns lønn, 2025", "Lønnsgap"),
    (
        "Kvinner og menn i hver lønnskvartil, 2025 (kvartil 1 er de lavest lønte)",
        "Kvinner og menn i hver lønnskv…",
    ),
    (
        "Saker for mangfoldsrådgivere og spesialutsendinger, 2024 og 2025",
        "Saker for mangfoldsrådgivere",
    ),
    ("Etter kjønn, mangfoldsrådgivere 2025", "Etter kjønn, mangfoldsrådgivere"),
    ("Etter kjønn, spesialutsendinger 2025", "Etter kjønn, spesialutsendinger"),
    (
        "Etter opprinnelsesland (de fem hyppigste), mangfoldsrådgivere 2025",
        "Etter opprinnelsesland, mangfo…",
    ),
    ("Tilskuddsordninger 2025: ramme, tilskudd og søknader", "Tilskuddsordninger 2025"),
    ("Jobbsjansen: deltakere som gikk direkte til arbeid eller utdanning", "Jobbsjansen"),
    ("Kjønnsbalanse 2025", "Kjønnsbalanse 2025"),
    ("Kjønnsbalanse 2025", "Kjønnsbalanse 2025 (2)"),
    ("KJØNNSBALANSE 2025", "KJØNNSBALANSE 2025 (3)"),
    ("Om rapporten", "Om rapporten (2)"),
    ("Fordeling [a/b]*? etter region\\fylke: alle", "Fordeling -a-b- etter region-f…"),
    (
        "Kjønnsbalanse i ledergruppen og blant alle ansatte i direktoratet, 2025",
        "Kjønnsbalanse i ledergruppen",
    ),
]


def test_sheet_names_are_short_norwegian_unique_and_allowed_in_excel():
    used = {"om rapporten"}
    names = [sheet_title(caption, used) for caption, _expected in SHEET_NAMES_FROM_CAPTIONS]
    assert names == [expected for _caption, expected in SHEET_NAMES_FROM_CAPTIONS]
    for name in names:
        assert len(name) <= 31 and not set(":\\/?*[]") & set(name), name
    assert len({n.lower() for n in names}) == len(names)
    # The same captions give the same names (a new export of the year reads the same).
    again = {"om rapporten"}
    assert [sheet_title(c, again) for c, _e in SHEET_NAMES_FROM_CAPTIONS] == names


def test_a_sheet_with_a_quote_in_its_name_is_still_linked():
    document = build_document_nb(2023, [sample_provider(2023)])
    document.sections[0].tables[0].caption = "Ledernes 'topp' lønn"
    book = workbook(render("xlsx", document))
    name, _caption, link = sheet_index(book)[0]
    assert name == "Ledernes 'topp' lønn"
    assert link == "'Ledernes ''topp'' lønn'!A1"
    assert book[name]["A1"].value == "Ledernes 'topp' lønn"


def test_chart_is_drawn_as_png_for_word(document):
    chart = document.sections[0].charts[0]
    png = svg_to_png(chart.svg)
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    import io

    from PIL import Image

    image = Image.open(io.BytesIO(png)).convert("RGB")
    colours = {colour for _count, colour in image.getcolors(1_000_000)}
    # The two series' colours from imdi.charts are painted, not only the background.
    assert (0x1F, 0x3A, 0x5F) in colours and (0xC0, 0x39, 0x2B) in colours


def test_several_charts_on_one_page_never_share_an_id():
    import re
    from collections import Counter

    from imdi.reports.renderers.html import render_document_html

    first, second = sample_provider(2023), sample_provider(2023)
    second.key, second.title = "andre", "Andre del"
    html = render_document_html(build_document_nb(2023, [first, second]))
    ids = re.findall(r'\bid="([^"]+)"', html)
    assert html.count("<svg") == 2
    assert [i for i, n in Counter(ids).items() if n > 1] == []
    # Every reference inside the charts (markers, clip paths) points at an id that exists.
    references = re.findall(r'(?:href="#|url\(#)([^")]+)', html)
    assert references and set(references) <= set(ids)


def test_every_table_fits_within_its_pdf_page(document):
    """Tables of up to ten columns stay on the portrait page (a landscape page would leave the
    page before it half empty); none runs off the page."""
    from weasyprint import HTML

    from imdi.reports.renderers.html import render_document_html

    rendered = HTML(string=render_document_html(document)).render()

    def boxes(box):
        yield box
        for child in getattr(box, "children", None) or []:
            yield from boxes(child)

    tables = []
    for page in rendered.pages:
        for box in boxes(page._page_box):
            if type(box).__name__ == "TableBox":
                right = box.position_x + box.margin_width()
                inside = page.width - page._page_box.margin_right + 0.5
                tables.append((box.element.get("id"), page.width > page.height, right <= inside))
    assert ("hr-hr-lonn", False, True) in tables  # seven columns: portrait, and it fits
    assert all(fits for _id, _landscape, fits in tables)
    assert ("hr-saker-saker-tema", False, True) in tables
