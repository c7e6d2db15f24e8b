"""Reading a protocol in the background: text (with OCR when the PDF is scanned), then the parser.
Nothing is saved into the case here; the result waits in the Job for the coordinator's review."""

from __future__ import annotations

from django.core.files.storage import default_storage
from django.tasks import task
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from varn.core.forms import find_personal_numbers
from varn.core.jobs import JobError, job_body
from varn.core.uploads import CheckedFile
from varn.documents.extract import DocumentError, protocol_text
from varn.reading.protocol import parse_protocol

from .messages import no_paragraph_found
from .models import ProtocolImport

PERSONAL_NUMBER_IN_FILE = gettext_lazy(
    "Filen innehåller något som liknar ett personnummer eller samordningsnummer. Värn får inte "
    "innehålla uppgifter om enskilda personer – ta bort numret ur filen och försök igen."
)


def take_stored_upload(path: str, kind: str, name: str) -> CheckedFile:
    """Read the upload the view parked in storage. It stays there until the task has finished or
    failed for good (core.jobs.job_body removes it), so a task re-queued after its worker was
    killed reads it again."""
    with default_storage.open(path, "rb") as f:
        data = f.read()
    return CheckedFile(name=name, kind=kind, data=data)


@task
@job_body
def read_protocol(
    job, *, path: str = "", file_kind: str = "text", text: str = "", source_name: str = "", case_id=None
):
    unread_pages: list[str] = []
    if path:
        job.report(3, _("Läser filen"))
        checked = take_stored_upload(path, file_kind, source_name)
        try:
            text = protocol_text(checked, progress=job.report, warnings=unread_pages)
        except DocumentError as error:
            raise JobError(str(error)) from error
    if find_personal_numbers(text):
        raise JobError(str(PERSONAL_NUMBER_IN_FILE))
    job.report(92, _("Tolkar protokollet"))
    parsed = parse_protocol(text)
    if not parsed.paragraphs:
        raise JobError(no_paragraph_found(parsed.source_lines))
    review = parsed.as_review()
    earlier = (
        ProtocolImport.objects.filter(municipality=job.municipality, text_hash=parsed.text_hash)
        .values("created_at", "source_name")
        .first()
    )
    job.finish(
        result={
            "review": review,
            "source_name": source_name,
            "case_id": case_id,
            "unread_pages": unread_pages,
            "earlier_import": {"at": earlier["created_at"].isoformat(), "source_name": earlier["source_name"]}
            if earlier
            else None,
        },
        result_url=reverse("decisions:import-review", args=[job.municipality.slug, job.pk]),
        message=ngettext("%(n)s paragraf läst", "%(n)s paragrafer lästa", len(parsed.paragraphs))
        % {"n": len(parsed.paragraphs)},
    )
