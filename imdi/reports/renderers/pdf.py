"""The statement as PDF: WeasyPrint from the same template as the preview page."""

from __future__ import annotations

from imdi.reports.document import Document
from imdi.reports.renderers.html import render_document_html


def _no_fetch(url: str, *args, **kwargs):
    # The document carries its styles and charts inline; nothing is read from disk or network.
    raise ValueError(f"The report does not load outside resources ({url[:60]})")


def render_pdf(document: Document) -> bytes:
    # Imported here: WeasyPrint loads Pango at import, which the web pages do not need.
    import logging

    from weasyprint import HTML

    # WeasyPrint reports every SVG style property it skips; the charts are drawn all the same.
    for name in ("weasyprint", "weasyprint.progress"):
        logging.getLogger(name).setLevel(logging.ERROR)

    html = render_document_html(document)
    return HTML(string=html, url_fetcher=_no_fetch).write_pdf(
        pdf_identifier=f"imdi-likestillingsredegjorelse-{document.year}".encode(),
        pdf_tags=True,
    )
