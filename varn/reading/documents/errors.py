"""Why a document could not be read: a code and its parameters, no text. The app layer
(varn.documents) turns each code into a translated message."""

from __future__ import annotations

from typing import Any


class DocumentReadError(Exception):
    """A document that cannot be read. `code` names the reason; `params` fill its message.

    Codes: `pdf_damaged`, `pdf_no_text_layer`, `docx_damaged`, `docx_empty`, `unknown_kind`."""

    def __init__(self, code: str, **params: Any):
        super().__init__(code)
        self.code = code
        self.params = params
