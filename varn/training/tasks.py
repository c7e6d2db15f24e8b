"""Reading a training workbook in the background, never in the request (issue 14, finding 2): the
upload is parked, read here under memory and time limits, and the rows wait in the Job for the
person's preview. Nothing is saved before they confirm."""

from __future__ import annotations

from django.tasks import task
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from varn.core.jobs import JobError, job_body
from varn.core.sandbox import TooDemanding, run_limited, too_demanding_message
from varn.decisions.tasks import take_stored_upload

from .importing import WorkbookError, read_workbook

JOB_KIND = "training_import"


def _read(data: bytes, known: list[str]) -> dict:
    return read_workbook(data, known=set(known)).as_dict()


@task
@job_body
def read_training_workbook(job, *, path: str, program_id: int, token: str, known: list[str]) -> None:
    job.report(10, _("Läser Excel-filen"))
    checked = take_stored_upload(path, "xlsx", "")
    try:
        sheet = run_limited(_read, checked.data, known)
    except WorkbookError as error:
        raise JobError(str(error)) from error
    except TooDemanding as error:
        raise JobError(too_demanding_message()) from error
    job.finish(
        result={"token": token, "program": program_id, "municipality": job.municipality_id, **sheet},
        result_url=reverse("training:import-preview", args=[job.municipality.slug, token]),
        message=ngettext("%(n)s rad läst", "%(n)s rader lästa", len(sheet["rows"]))
        % {"n": len(sheet["rows"])},
    )
