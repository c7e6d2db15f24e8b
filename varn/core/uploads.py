"""Checking uploaded files before anything reads them: size, type from the content (not the name),
zip bombs in DOCX/XLSX, page count of PDFs. Every refusal is a clear Swedish message."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MAX_PDF_PAGES = 1000
# Checked from the archive's directory before any parser opens it: a 2.5 MB workbook that unpacked
# to 172 MB kept a web worker busy for half a minute (issue 14). Uploads are at most 20 MB, and an
# Office file's pictures are stored as they are, so real files stay far below these.
MAX_UNZIPPED_BYTES = 64 * 1024 * 1024
MAX_ZIP_RATIO = 40
MAX_ZIP_MEMBERS = 2000

KIND_NAMES = {
    "pdf": "PDF",
    "docx": "Word (DOCX)",
    "xlsx": "Excel (XLSX)",
    "text": "text",
    "png": "PNG",
    "jpg": "JPEG",
}


@dataclass
class CheckedFile:
    name: str
    kind: str  # pdf, docx, xlsx, text, png, jpg
    data: bytes


def _zip_kind(data: bytes) -> str | None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        return None
    infos = archive.infolist()
    if len(infos) > MAX_ZIP_MEMBERS:
        raise ValidationError(_("Filen innehåller orimligt många delar och kan inte läsas."))
    total = sum(i.file_size for i in infos)
    if total > MAX_UNZIPPED_BYTES or total > MAX_ZIP_RATIO * max(len(data), 1):
        raise ValidationError(
            _("Filen packas upp till en orimlig storlek (möjlig zip-bomb) och kan inte läsas.")
        )
    names = {i.filename for i in infos}
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    return "zip"


def _looks_like_text(data: bytes) -> bool:
    if b"\x00" in data[:8192]:
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        try:
            data.decode("cp1252")
        except UnicodeDecodeError:
            return False
    return True


def detect_kind(data: bytes) -> str | None:
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        return _zip_kind(data)
    guess = filetype.guess(data)
    if guess is not None:
        return {"png": "png", "jpg": "jpg"}.get(guess.extension, guess.extension)
    return "text" if _looks_like_text(data) else None


def pdf_page_count(data: bytes) -> int:
    import pypdf

    try:
        return len(pypdf.PdfReader(io.BytesIO(data)).pages)
    except Exception as error:
        raise ValidationError(_("PDF-filen är skadad och kan inte läsas.")) from error


def check_upload(upload, allowed: set[str]) -> CheckedFile:
    """Read and check an uploaded file (a Django UploadedFile or any object with .read() and .name)."""
    from varn.core.forms import no_personal_numbers

    no_personal_numbers(getattr(upload, "name", "") or "")  # a file named after a person is refused
    limit = settings.VARN_UPLOAD_MAX_BYTES
    size = getattr(upload, "size", None)
    if size is not None and size > limit:
        raise ValidationError(
            _("Filen är för stor (%(size)s MB). Största tillåtna storlek är %(limit)s MB.")
            % {"size": round(size / 1024 / 1024, 1), "limit": limit // 1024 // 1024}
        )
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise ValidationError(
            _("Filen är för stor. Största tillåtna storlek är %(limit)s MB.")
            % {"limit": limit // 1024 // 1024}
        )
    if not data.strip():
        raise ValidationError(_("Filen är tom."))
    kind = detect_kind(data)
    if kind not in allowed:
        wanted = ", ".join(KIND_NAMES.get(k, k) for k in sorted(allowed))
        raise ValidationError(
            _(
                "Filen är inte av rätt typ. Värn läser här: %(wanted)s. "
                "Filens innehåll avgör typen, inte namnet."
            )
            % {"wanted": wanted}
        )
    if kind == "pdf" and pdf_page_count(data) > MAX_PDF_PAGES:
        raise ValidationError(_("PDF-filen har fler än %(n)s sidor.") % {"n": MAX_PDF_PAGES})
    return CheckedFile(name=getattr(upload, "name", "fil"), kind=kind, data=data)
