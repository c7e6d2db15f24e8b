"""Background work of the follow-up: building the report with visible progress, and checking and
installing the municipality's Word template."""

from __future__ import annotations

import secrets

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.tasks import task
from django.urls import reverse
from django.utils.translation import gettext as _

from varn.core.jobs import JobError, job_body
from varn.programs.models import Program

from .models import ReportTemplate
from .services import build_report
from .word_templates import usable_template


@task
@job_body
def build_report_task(job, *, program_id: int, user_id: int | None = None) -> None:
    program = (
        Program.objects.select_related("municipality")
        .filter(pk=program_id, municipality=job.municipality)
        .first()
    )
    if program is None:
        raise JobError(_("Programmet finns inte längre."))
    user = get_user_model().objects.filter(pk=user_id).first() if user_id else None
    report = build_report(program, by=user, progress=job.report)
    job.finish(
        result={"report": report.pk},
        result_url=report.get_absolute_url(),
        message=_("Rapporten är klar."),
    )


@task
@job_body
def install_template_task(job, *, path: str, source_name: str, user_id: int | None = None) -> None:
    """Open the parked upload as a Word template (in a limited child process); a usable one replaces
    the municipality's template. A refused one leaves the previous template as it was."""
    job.report(10, _("Öppnar Word-mallen"))
    with default_storage.open(path, "rb") as handle:
        data = handle.read()
    try:
        data = usable_template(data)
    except ValidationError as error:
        raise JobError(
            " ".join(error.messages) + " " + _("Rapporten använder den tidigare mallen eller standardmallen.")
        ) from error
    job.report(80, _("Sparar mallen"))
    user = get_user_model().objects.filter(pk=user_id).first() if user_id else None
    written = ""
    try:
        with transaction.atomic():
            template = (
                ReportTemplate.objects.select_for_update().filter(municipality=job.municipality).first()
            )
            old_file = template.file.name if template else ""
            template = template or ReportTemplate(municipality=job.municipality)
            template.original_name = source_name[:255]
            template.uploaded_by = user
            template._history_user = user  # type: ignore[attr-defined]
            template.file.save(f"mall-{secrets.token_hex(16)}.docx", ContentFile(data), save=False)
            written = template.file.name or ""
            template.save()
            if old_file and old_file != written:
                storage = template.file.storage
                transaction.on_commit(lambda: storage.delete(old_file))
    except BaseException:
        # Rolled back: no row names the file just written, so it goes too (the old one stays).
        if written:
            ReportTemplate._meta.get_field("file").storage.delete(written)  # type: ignore[attr-defined]
        raise
    job.finish(
        result={"template": template.pk},
        result_url=reverse("followup:report-list", args=[job.municipality.slug]),
        message=_("Mallen är uppladdad och används i nästa Word-rapport."),
    )
