"""The municipality's own Word template for the report: checking an upload (the request checks the
file, the background job opens it: ADR 0122), turning a .dotx into a document python-docx can open,
and reading the stored template with a fallback (ADR 0034)."""

from __future__ import annotations

import io
import logging
import zipfile

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from varn.core.sandbox import TooDemanding, run_limited, too_demanding_message
from varn.core.uploads import CheckedFile, check_upload

log = logging.getLogger(__name__)

CONTENT_TYPES = "[Content_Types].xml"
TEMPLATE_MAIN = b"application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"
DOCUMENT_MAIN = b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
MACRO_MARK = b"macroEnabled"

NOT_WORD = gettext_lazy(
    "Filen kan inte användas som Word-mall: den går inte att öppna som ett Word-dokument (.docx eller "
    ".dotx). Rapporten använder standardmallen tills en fungerande mall laddas upp."
)


def normalise(data: bytes) -> bytes:
    """A .dotx differs from a .docx only in the main part's content type; rewrite it so the
    template opens as a document. Macro-enabled files are refused."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        types = archive.read(CONTENT_TYPES)
    except (zipfile.BadZipFile, KeyError) as error:
        raise ValidationError(NOT_WORD) from error
    if MACRO_MARK in types:
        raise ValidationError(
            _("Mallar med makron (.docm, .dotm) tas inte emot. Spara mallen som .dotx eller .docx.")
        )
    if TEMPLATE_MAIN not in types:
        return data
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in archive.infolist():
            payload = archive.read(info.filename)
            if info.filename == CONTENT_TYPES:
                payload = payload.replace(TEMPLATE_MAIN, DOCUMENT_MAIN)
            target.writestr(info, payload)
    return out.getvalue()


def opens(data: bytes) -> bool:
    import docx

    try:
        docx.Document(io.BytesIO(data))
    except Exception:
        return False
    return True


def check_upload_of_template(upload) -> CheckedFile:
    """What the request does with an uploaded template: size, type and zip limits, nothing parsed
    (issue 14). Opening it is left to the background job (`usable_template`)."""
    return check_upload(upload, allowed={"docx"})


def usable_template(data: bytes) -> bytes:
    """The uploaded template as .docx bytes that python-docx opens, or a ValidationError with the
    Swedish reason. Opening it is parsing: only in the worker, and there in a child process under
    memory and time limits (core.sandbox)."""
    data = normalise(data)
    try:
        usable = run_limited(opens, data)
    except TooDemanding as error:
        raise ValidationError(too_demanding_message()) from error
    if not usable:
        raise ValidationError(NOT_WORD)
    return data


def load_template(municipality) -> tuple[bytes | None, list[str]]:
    """The stored template's bytes and notes for the report; None (default template) when there is
    none or it no longer opens."""
    from .models import ReportTemplate

    template = ReportTemplate.objects.filter(municipality=municipality).first()
    if template is None:
        return None, []
    try:
        with template.file.open("rb") as handle:
            data = handle.read()
    except OSError:
        log.warning("Report template %s is missing from storage", template.pk)
        return None, [_("Kommunens Word-mall saknas i lagringen; standardmallen användes.")]
    if not opens(data):
        return None, [_("Kommunens Word-mall gick inte att öppna; standardmallen användes.")]
    return data, []
