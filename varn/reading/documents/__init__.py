"""Reading programme documents (PDF with a text layer, DOCX) into a block tree.

Pure: no Django, no apps. A document that cannot be read raises DocumentReadError with a code; the
app layer (varn.documents.importer) gives the message."""

from __future__ import annotations

from .errors import DocumentReadError
from .pdf import import_pdf
from .word import import_docx


def import_document(data: bytes, kind: str) -> list[dict]:
    """The block tree of a programme document (kind "pdf" or "docx")."""
    if kind == "pdf":
        return import_pdf(data)
    if kind == "docx":
        return import_docx(data)
    raise DocumentReadError("unknown_kind", kind=kind)


__all__ = ["DocumentReadError", "import_document", "import_docx", "import_pdf"]
