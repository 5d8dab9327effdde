"""Renderers: one :class:`imdi.reports.document.Document` in, the bytes of one file out.

``render(format, document) -> bytes``. PDF and the preview page share one template.
"""

from __future__ import annotations

import logging
from importlib import import_module

logger = logging.getLogger(__name__)

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


def warm_up(formats) -> None:
    """Load what the renderers of ``formats`` need before their first file (their libraries
    and, for the PDF, WeasyPrint's fonts and hyphenation dictionary), so that a worker can do
    it while it waits for the database. Later files in the same process find it loaded.
    Never raises: a renderer that cannot load fails when it renders, with the reason."""
    for fmt in formats:
        try:
            module = import_module(_RENDERERS[fmt].rpartition(".")[0])
            if hasattr(module, "warm_up"):
                module.warm_up()
        except Exception:
            logger.warning("Loading the %s renderer failed", fmt, exc_info=True)
