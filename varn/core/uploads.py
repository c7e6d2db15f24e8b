"""Checking uploaded files before anything reads them: size, type from the content (not the name),
zip bombs in DOCX/XLSX, page count of PDFs. Every refusal is a clear Swedish message."""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from dataclasses import dataclass

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from varn.core.formatting import format_number

MAX_PDF_PAGES = 1000
# Checked from the archive's directory before any parser opens it: a 2.5 MB workbook that unpacked
# to 172 MB kept a web worker busy for half a minute (issue 14). Uploads are at most 20 MB, and an
# Office file's pictures are stored as they are, so real files stay far below these.
MAX_UNZIPPED_BYTES = 64 * 1024 * 1024
MAX_ZIP_RATIO = 40
MAX_ZIP_MEMBERS = 2000

# An XML part that declares a document type or entities is refused before any parser sees it
# (issue 14): entity expansion ("billion laughs") and external entities are attacks, and OOXML
# never needs them. XML may be UTF-8 or UTF-16 (OOXML allows both; parsers also read UTF-32), so
# each marker is looked for in every one of these encodings, ASCII letters in either case.
_DECLARATIONS = re.compile(
    b"|".join(
        re.escape(marker.encode(encoding))
        for marker in ("<!DOCTYPE", "<!ENTITY")
        for encoding in ("utf-8", "utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be")
    ),
    re.IGNORECASE,
)
_LONGEST_MARKER = len("<!DOCTYPE".encode("utf-32-le"))
_SCAN_CHUNK = 1024 * 1024
# Pictures are stored as they are; a part that begins like a picture cannot be XML, whatever its
# name, and is skipped. Everything else is scanned, whatever it is called: a parser finds its parts
# through the archive's content types and relationships, not by their names.
_BINARY_STARTS = (
    b"\x89PNG",
    b"\xff\xd8\xff",  # JPEG
    b"GIF8",
    b"BM",
    b"II*\x00",  # TIFF
    b"MM\x00*",
    b"\x01\x00\x00\x00",  # EMF
    b"\xd7\xcd\xc6\x9a",  # WMF
    b"\xd0\xcf\x11\xe0",  # OLE (embedded objects, printer settings)
)

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
    kind = "docx" if "word/document.xml" in names else "xlsx" if "xl/workbook.xml" in names else "zip"
    if kind != "zip" and any(_declares_entities(archive, info) for info in infos if not info.is_dir()):
        raise ValidationError(
            _(
                "Filen innehåller XML med egna deklarationer (DOCTYPE eller ENTITY), som Word- och "
                "Excel-filer aldrig behöver och som kan användas för angrepp. Värn läser den inte. "
                "Spara filen på nytt i Word eller Excel och försök igen."
            )
        )
    return kind


def _declares_entities(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bool:
    """Whether the part holds a DOCTYPE or ENTITY declaration (a picture is not read on). Read in
    chunks (the archive's total unpacked size is already bounded), each overlapping the last so that
    no marker is split between two."""
    tail = b""
    try:
        with archive.open(info) as part:
            while chunk := part.read(_SCAN_CHUNK):
                if not tail and chunk.startswith(_BINARY_STARTS):
                    return False
                if _DECLARATIONS.search(tail + chunk):
                    return True
                tail = chunk[-_LONGEST_MARKER:]
    except (zipfile.BadZipFile, zlib.error, NotImplementedError, RuntimeError, EOFError, OSError) as error:
        # A part that cannot be unpacked (damaged, encrypted, an unknown compression) is not read.
        raise ValidationError(_("Filen är skadad och kan inte läsas.")) from error
    return False


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
            % {"size": format_number(round(size / 1024 / 1024, 1)), "limit": limit // 1024 // 1024}
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
