"""Renderers: one :class:`imdi.reports.document.Document` in, the bytes of one file out.

``RENDERERS[format](document) -> bytes``; PDF and the preview page share one template.
"""

from imdi.reports.renderers.docx import render_docx
from imdi.reports.renderers.pdf import render_pdf
from imdi.reports.renderers.xlsx import render_xlsx

RENDERERS = {"pdf": render_pdf, "docx": render_docx, "xlsx": render_xlsx}
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
