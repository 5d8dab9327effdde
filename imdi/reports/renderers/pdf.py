"""The statement as PDF: WeasyPrint from the same template as the preview page."""

from __future__ import annotations

from django.conf import settings

from imdi.reports.document import Document
from imdi.reports.renderers.html import render_document_html


def render_pdf(document: Document) -> bytes:
    # Imported here: WeasyPrint loads Pango at import, which the web pages do not need.
    from weasyprint import HTML

    html = render_document_html(document)
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(
        pdf_identifier=f"imdi-likestillingsredegjorelse-{document.year}".encode(),
        lang=settings.LANGUAGE_CODE,
    )
