"""The statement as PDF: WeasyPrint from the same template as the preview page."""

from __future__ import annotations

import logging

from django.conf import settings

from imdi.reports.document import Document
from imdi.reports.renderers.html import render_document_html


def _no_fetch(url: str, *args, **kwargs):
    # The document carries its styles and charts inline; nothing is read from disk or network.
    raise ValueError(f"The report does not load outside resources ({url[:60]})")


def _weasyprint():
    # Imported here: WeasyPrint loads Pango at import, which the web pages do not need.
    import weasyprint

    # WeasyPrint reports every SVG style property it skips; the charts are drawn all the same.
    for name in ("weasyprint", "weasyprint.progress"):
        logging.getLogger(name).setLevel(logging.ERROR)
    return weasyprint


def warm_up() -> None:
    """Load WeasyPrint, its fonts and the hyphenation dictionary of the portal's language
    (the column headings hyphenate), by writing a PDF of one hyphenated word; and compile
    the statement's templates."""
    from django.template.loader import get_template

    for name in ("reports/document_pdf.html", "reports/_document.html", "reports/_section.html"):
        get_template(name)
    weasyprint = _weasyprint()
    language = settings.LANGUAGE_CODE
    weasyprint.HTML(
        string=f'<html lang="{language}"><body style="font-family: \'DejaVu Sans\'">'
        '<p style="hyphens: auto; width: 1em">Likestillingsredegjørelse</p></body></html>',
        url_fetcher=_no_fetch,
    ).write_pdf(pdf_tags=True)


def render_pdf(document: Document) -> bytes:
    weasyprint = _weasyprint()
    html = render_document_html(document)
    return weasyprint.HTML(string=html, url_fetcher=_no_fetch).write_pdf(
        pdf_identifier=f"imdi-likestillingsredegjorelse-{document.year}".encode(),
        pdf_tags=True,
    )
