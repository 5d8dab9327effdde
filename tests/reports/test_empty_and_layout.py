"""How the statement reads where a year has no figures, and how its pages are laid out."""

from decimal import Decimal

import pytest

from imdi import charts
from imdi.reports.document import build_document_nb
from imdi.reports.renderers import render
from imdi.reports.sections import Chart, Column, Section, Suppressed, Table
from tests.reports.readback import pdf_text, word_document, word_tables, workbook

NUMBERS = [Column("Gruppe"), Column("År"), Column("Kvinner %", "pct"), Column("Antall", "int")]


def _chart(key: str) -> Chart:
    svg = charts.bar_chart(["A"], {"Saker": [0]}, title="Saker per tema")
    return Chart(key=key, title="Saker per tema", svg=svg, description="Tom figur.")


def year_without_figures() -> list[Section]:
    empty = Table(
        key="tom",
        caption="Kjønnsbalanse 2018 og 2017",
        columns=NUMBERS,
        rows=[["Hele virksomheten", "2018", None, 0], ["Hele virksomheten", "2017", None, 0]],
    )
    measures = Table(
        key="tiltak",
        caption="Tiltak for 2018",
        columns=[Column("Tiltak"), Column("Ansvarlig")],
        rows=[["Opprette en ressursgruppe", "HR-avdelingen"]],
    )
    hidden = Table(
        key="skjult",
        caption="Saker etter kjønn",
        columns=[Column("Kategori"), Column("Saker", "int")],
        rows=[["gutt eller mann", Suppressed()], ["jente eller kvinne", 0]],
    )
    no_rows = Table(key="ingen", caption="Saker etter land", columns=NUMBERS, rows=[])
    return [
        Section(
            key="hr",
            title="Likestilling blant de ansatte",
            tables=[empty],
            charts=[_chart("hr-figur")],
            footnotes=["Lønnsnote som bare gjelder tabellen."],
            subsections=[Section(key="arbeid", title="Fire trinn", tables=[measures])],
        ),
        Section(key="saker", title="Saker", tables=[hidden, no_rows]),
    ]


@pytest.fixture(scope="module")
def empty_files():
    document = build_document_nb(2018, year_without_figures())
    return {fmt: render(fmt, document) for fmt in ("pdf", "docx", "xlsx")}


def test_a_table_without_figures_is_a_plain_sentence_in_every_format(empty_files):
    text = pdf_text(empty_files["pdf"])
    assert "Kjønnsbalanse 2018 og 2017: ingen registrerte tall." in text
    assert "Saker etter land: ingen registrerte tall." in text
    # Not a grid of dashes and zeros: the empty table's headings are gone, and so are the
    # chart drawn from it and the note on it.
    assert "Kvinner %" not in text
    assert "Tom figur" not in text and "<svg" not in text
    assert "Lønnsnote" not in text

    words = word_document(empty_files["docx"])
    paragraphs = [p.text for p in words.paragraphs]
    assert "Kjønnsbalanse 2018 og 2017: ingen registrerte tall." in paragraphs
    assert not words.inline_shapes
    captions = [t[0] for t in word_tables(empty_files["docx"])]
    assert ["Tiltak", "Ansvarlig"] in captions
    assert ["Gruppe", "År", "Kvinner %", "Antall"] not in captions

    book = workbook(empty_files["xlsx"])
    assert book.sheetnames == ["Om rapporten", "Tiltak for 2018", "Saker etter kjønn"]


def test_text_tables_and_hidden_counts_are_figures_and_stay(empty_files):
    """A list of measures has no numbers but is content; a count hidden as <5 is someone."""
    text = pdf_text(empty_files["pdf"])
    assert "Opprette en ressursgruppe" in text
    assert "Saker etter kjønn" in text and "<5" in text
    assert "Saker etter kjønn: ingen" not in text
    book = workbook(empty_files["xlsx"])
    assert {"Tiltak for 2018", "Saker etter kjønn"} <= set(book.sheetnames)


def test_a_section_notes_come_before_its_subsections():
    section = Section(
        key="hr",
        title="Likestilling blant de ansatte",
        tables=[
            Table(
                key="lonn",
                caption="Lønn",
                columns=[Column("Gruppe"), Column("Lønn", "nok")],
                rows=[["Alle", 700000]],
            )
        ],
        footnotes=["Lønnsnote til tabellen over."],
        subsections=[Section(key="arbeid", title="Likestillingsarbeidet i fire trinn")],
    )
    document = build_document_nb(2024, [section])
    text = pdf_text(render("pdf", document))
    assert text.index("Lønnsnote til tabellen over.") < text.index("Likestillingsarbeidet i fire")
    paragraphs = [p.text for p in word_document(render("docx", document)).paragraphs]
    assert paragraphs.index("Lønnsnote til tabellen over.") < paragraphs.index(
        "Likestillingsarbeidet i fire trinn"
    )


def test_the_grant_table_with_nine_columns_fits_a_portrait_page():
    """Nine columns with amounts in the hundreds of millions: headings wrap, no landscape page
    (which would leave the page before it half empty), nothing runs off the page."""
    from weasyprint import HTML

    from imdi.reports.renderers.html import render_document_html

    columns = [Column("Ordning")] + [
        Column(label, kind)
        for label, kind in [
            ("Tilsagnsramme", "nok"),
            ("Innvilget beløp", "nok"),
            ("Andel av rammen brukt", "pct"),
            ("Søknader mottatt", "int"),
            ("Innvilget fullt", "int"),
            ("Delvis innvilget", "int"),
            ("Avslått", "int"),
            ("Omsøkt beløp", "nok"),
        ]
    ]
    row = [
        "Integreringsarbeid i regi av frivillige organisasjoner",
        205000000,
        27861000,
        Decimal("13.59"),
        156,
        49,
        60,
        19,
        Decimal("113800000"),
    ]
    table = Table(key="ordninger", caption="Tilskuddsordninger", columns=columns, rows=[row])
    document = build_document_nb(2024, [Section(key="grants", title="Tilskudd", tables=[table])])
    rendered = HTML(string=render_document_html(document)).render()
    assert all(page.width < page.height for page in rendered.pages)

    def boxes(box):
        yield box
        for child in getattr(box, "children", None) or []:
            yield from boxes(child)

    page = rendered.pages[0]
    found = [b for b in boxes(page._page_box) if type(b).__name__ == "TableBox"]
    assert found
    right_edge = page.width - page._page_box.margin_right + 0.5
    assert all(b.position_x + b.margin_width() <= right_edge for b in found)
    assert "113 800 000 kr" in pdf_text(render("pdf", document))
