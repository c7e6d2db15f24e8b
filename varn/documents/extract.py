"""Getting text out of an uploaded or given file: plain text, PDF with a text layer, scanned PDF
through OCR (tesseract with Swedish language data), DOCX. Every failure is a DocumentError with a
clear Swedish message."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from varn.core.uploads import CheckedFile, check_upload
from varn.reading import ocr

# A page with fewer letters than this in its text layer is taken to be a scanned image.
MIN_LETTERS_PER_PAGE = 25

Progress = Callable[[int, str], None]


class DocumentError(Exception):
    """A file that cannot be read, with the reason in Swedish."""


def read_path(path: str | Path, allowed: set[str]) -> CheckedFile:
    """Read and check a file from disk as an upload would be checked (size, type from content)."""
    p = Path(path)
    if not p.exists() or not p.is_file():
        raise DocumentError(f"Filen {p} finns inte.")
    with p.open("rb") as f:
        try:
            return check_upload(_NamedFile(f, p.name, p.stat().st_size), allowed)
        except ValidationError as error:
            raise DocumentError(" ".join(error.messages)) from error


class _NamedFile:
    def __init__(self, f, name: str, size: int):
        self._f, self.name, self.size = f, name, size

    def read(self, n: int = -1) -> bytes:
        return self._f.read(n)


def decode_text(data: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise DocumentError(_("Textfilen har en teckenkodning som Värn inte kan läsa (använd UTF-8)."))


def _letters(text: str) -> int:
    return len(re.findall(r"[A-Za-zÅÄÖåäö]", text))


def pdf_text(data: bytes, progress: Progress | None = None, warnings: list[str] | None = None) -> str:
    """The text of a PDF, page by page (pages separated by form feeds). Pages without a text
    layer are read by OCR; a page OCR cannot read is named in `warnings`."""
    import pdfplumber

    pages: list[str | None] = []
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            total = len(pdf.pages)
            for n, page in enumerate(pdf.pages, 1):
                text = page.extract_text() or ""
                pages.append(text if _letters(text) >= MIN_LETTERS_PER_PAGE else None)
                if progress:
                    progress(
                        5 + int(30 * n / max(total, 1)),
                        _("Läser textlagret, sida %(page)s av %(total)s") % {"page": n, "total": total},
                    )
    except DocumentError:
        raise
    except Exception as error:
        raise DocumentError(_("PDF-filen är skadad och kan inte läsas.")) from error
    missing = [i for i, t in enumerate(pages) if t is None]
    if missing:
        scanned = ocr_pdf_pages(data, missing, progress, warnings)
        for i, text in zip(missing, scanned, strict=True):
            pages[i] = text
    text = "\f".join(t or "" for t in pages)
    if not text.strip():
        raise DocumentError(_("PDF-filen innehåller ingen text som går att läsa."))
    return text


def _ocr_missing(code: str) -> str:
    if code == "no_language":
        return _(
            "Textigenkänningen saknar svenska (tesseract-ocr-swe) och kan inte läsa "
            "det inskannade protokollet."
        )
    return _(
        "PDF-filen saknar textlager (den är inskannad) och programmet för textigenkänning "
        "(tesseract) finns inte på servern. Be administratören installera tesseract med svenska "
        "(tesseract-ocr-swe), eller ladda upp protokollet som text eller som PDF med text."
    )


def ocr_available() -> bool:
    try:
        ocr.check_available()
    except ocr.OcrError:
        return False
    return True


def _unread(page: ocr.PageText) -> str:
    return _("Sida %(page)s gick inte att läsa med textigenkänning (säkerhet %(confidence)s %%).") % {
        "page": page.number,
        "confidence": round(page.confidence),
    }


def ocr_pdf_pages(
    data: bytes, indexes: list[int], progress: Progress | None = None, warnings: list[str] | None = None
) -> list[str]:
    """OCR the given pages (0-based) of a PDF: each rendered at 300 dpi, cleaned and read by
    tesseract (Swedish), pages side by side. A page that cannot be read is named in `warnings`;
    when no page can be read, a DocumentError names each."""
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
    except Exception as error:
        raise DocumentError(_("PDF-filen är skadad och kan inte läsas.")) from error

    def render(number: int):
        return pdf[number - 1].render(scale=ocr.DPI / 72).to_pil()

    def report(done: int, total: int) -> None:
        if progress:
            progress(
                35 + int(55 * done / total),
                _("Textigenkänning (OCR): %(done)s av %(total)s sidor lästa")
                % {"done": done, "total": total},
            )

    if progress:
        progress(35, _("Textigenkänning (OCR) av %(total)s sidor") % {"total": len(indexes)})
    try:
        pages = ocr.read_pages(render, [i + 1 for i in indexes], report)
    except ocr.OcrError as error:
        raise DocumentError(_ocr_missing(error.code)) from error
    finally:
        pdf.close()
    unread = [_unread(p) for p in pages if not p.is_readable]
    if len(unread) == len(pages):
        raise DocumentError(" ".join(unread))
    if warnings is not None:
        warnings.extend(unread)
    return [p.text for p in pages]


def docx_text(data: bytes) -> str:
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as error:
        raise DocumentError(_("Word-filen är skadad och kan inte läsas.")) from error
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.append(" ".join(c.text for c in row.cells))
    return "\n".join(parts)


def protocol_text(
    checked: CheckedFile, progress: Progress | None = None, warnings: list[str] | None = None
) -> str:
    """The text of a protocol file of any kind Värn reads."""
    if checked.kind == "text":
        return decode_text(checked.data)
    if checked.kind == "pdf":
        return pdf_text(checked.data, progress, warnings)
    if checked.kind == "docx":
        return docx_text(checked.data)
    raise DocumentError(_("Protokoll läses som text, PDF eller Word (DOCX)."))


PROTOCOL_KINDS = {"text", "pdf", "docx"}
DOCUMENT_KINDS = {"pdf", "docx"}
