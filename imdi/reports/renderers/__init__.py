"""Renderers: one :class:`imdi.reports.document.Document` in, the bytes of one file out.

``render(format, document) -> bytes``. PDF and the preview page share one template.
"""

from __future__ import annotations

from importlib import import_module

_RENDERERS = {
    "pdf": "imdi.reports.renderers.pdf.render_pdf",
    "docx": "imdi.reports.renderers.word.render_docx",
    "xlsx": "imdi.reports.renderers.excel.render_xlsx",
}
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def render(fmt: str, document) -> bytes:
    module, _dot, name = _RENDERERS[fmt].rpartition(".")
    return getattr(import_module(module), name)(document)
