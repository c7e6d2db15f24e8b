"""Importing a programme document into a block tree: the reading is `varn.reading.documents`
(pure); here its reasons for failing become translated Swedish messages."""

from __future__ import annotations

from django.utils.translation import gettext as _

from varn.reading.documents import DocumentReadError
from varn.reading.documents import import_document as read_document

from .extract import DocumentError


def message_for(error: DocumentReadError) -> str:
    """The Swedish message for a reason a document could not be read."""
    messages = {
        "pdf_damaged": _("PDF-filen är skadad och kan inte läsas."),
        "pdf_no_text_layer": _(
            "PDF-filen har inget textlager. Ett programdokument läses från PDF med text eller från Word."
        ),
        "docx_damaged": _("Word-filen är skadad och kan inte läsas."),
        "docx_empty": _("Word-filen innehåller ingen text."),
    }
    return messages.get(error.code) or _("Programdokument läses från PDF eller Word (DOCX).")


def import_document(data: bytes, kind: str) -> list[dict]:
    """The block tree of a programme document (kind "pdf" or "docx"), or a DocumentError."""
    try:
        return read_document(data, kind)
    except DocumentReadError as error:
        raise DocumentError(message_for(error)) from error
