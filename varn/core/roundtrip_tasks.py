"""Reading an edited round-trip workbook in the background, never in the request (issue 14; ADR
0125). The view parks the upload and starts a Job; this task parses it in a limited child process
(`core.sandbox`), checks every row against the data as it is now, for the person who uploaded it,
and keeps the preview in `Job.result`. Nothing is saved until the person confirms."""

from __future__ import annotations

from django.core.files.storage import default_storage
from django.tasks import task
from django.urls import reverse
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from varn.organisations.models import Membership

from .jobs import JobError, job_body
from .roundtrip import TableError, counts
from .sandbox import TooDemanding, run_limited, too_demanding_message


def preview_result(rows: list[dict], outcomes: list) -> dict:
    """What the preview page reads from the job: the rows as read (for the check at confirmation)
    and each row's outcome as it was when the file was read."""
    return {"rows": rows, "outcomes": [o.as_dict() for o in outcomes], "tally": counts(outcomes)}


@task
@job_body
def read_roundtrip(job, *, path: str, trip: str) -> None:
    """`trip` is the dotted path of the round trip (`core.roundtrip_views.RoundTrip`)."""
    round_trip = import_string(trip)
    job.report(10, _("Läser Excel-filen"))
    with default_storage.open(path, "rb") as stored:
        data = stored.read()
    try:
        rows = run_limited(round_trip.parse, data)
    except TableError as error:
        raise JobError(str(error)) from error
    except TooDemanding as error:
        raise JobError(too_demanding_message()) from error
    job.report(70, _("Jämför raderna med uppgifterna i Värn"))
    membership = (
        Membership.objects.select_related("municipality", "unit", "partner")
        .filter(user_id=job.created_by_id, municipality=job.municipality, is_active=True)
        .first()
    )
    if membership is None or not round_trip.allowed(membership):
        raise JobError(_("Du har inte längre behörighet att läsa in den här listan."))
    outcomes = round_trip.check(rows, membership)
    job.finish(
        result=preview_result(rows, outcomes),
        result_url=reverse(round_trip.urls["preview"], args=[job.municipality.slug, job.pk]),
        message=ngettext("%(n)s rad läst", "%(n)s rader lästa", len(rows)) % {"n": len(rows)},
    )
