"""Background work of the follow-up: building the report with visible progress."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.tasks import task
from django.utils.translation import gettext as _

from varn.core.jobs import JobError, job_body
from varn.programs.models import Program

from .services import build_report


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
