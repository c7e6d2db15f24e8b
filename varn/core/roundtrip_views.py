"""The steps of every Excel round trip, shared by measures, costs and training figures (ADR 0101,
0125): upload (checked and parked, nothing parsed in the request) → a background job reads the
file in a limited child process and keeps the preview in `Job.result` → the preview page shows
the job's progress, then each row (old → new, new, or refused and why) → confirm (one
transaction: permissions and staleness checked again, the accepted rows written once) or cancel."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_htmx.http import HttpResponseClientRefresh

from .jobs import start_job
from .models import Job
from .roundtrip import ConfirmForm, Outcome, UploadForm, accepted, counts
from .roundtrip_tasks import preview_result, read_roundtrip
from .upload_storage import store_upload


@dataclass
class RoundTrip:
    kind: str  # the Job kind of its imports
    path: str  # the dotted path of this object, for the background task
    title: Any  # the upload page's heading (lazy text)
    job_title: Any  # the job's title (lazy text)
    parse: Callable[[bytes], list[dict]]  # module-level and pure: it runs in a child process
    check: Callable[..., list[Outcome]]  # (rows, membership, *, lock=False)
    apply: Callable[[list[Outcome], Any], int]  # accepted outcomes, request
    allowed: Callable[[Any], bool]  # may this membership import?
    urls: dict[str, str]  # "upload", "preview", "cancel", "done", "export" -> URL names
    saved: Any  # "%(n)s insatser fick en ny lägesrapport." (lazy text)


def _url(request, trip: RoundTrip, name: str, *args) -> str:
    return reverse(trip.urls[name], args=[request.municipality.slug, *args])


def upload(request, trip: RoundTrip) -> HttpResponse:
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():  # the job is queued once its row and the parked file are committed
            path = store_upload(form.checked, municipality_id=request.municipality.pk, folder="imports")
            job = start_job(
                read_roundtrip,
                municipality=request.municipality,
                kind=trip.kind,
                title=str(trip.job_title),
                by=request.user,
                path=path,
                trip=trip.path,
            )
        return redirect(_url(request, trip, "preview", job.pk))
    context = {"form": form, "trip": trip, "export_url": _url(request, trip, "export")}
    return render(request, "core/roundtrip_upload.html", context, status=400 if form.errors else 200)


def _job(request, trip: RoundTrip, pk: int, *, lock: bool = False) -> Job:
    """This person's import job of this kind, or 404: a preview is only its importer's."""
    jobs = Job.objects.select_related("municipality").filter(
        municipality=request.municipality, kind=trip.kind, created_by=request.user
    )
    if lock:
        jobs = jobs.select_for_update(of=("self",))
    job = jobs.filter(pk=pk).first()
    if job is None:
        raise Http404(_("Importen finns inte."))
    return job


def _gone(request, trip: RoundTrip, job: Job) -> HttpResponse | None:
    """Where to go when the job has no preview to show (any more), else None."""
    result = job.result or {}
    if job.status == Job.Status.DONE and "applied" in result:
        messages.info(
            request,
            _("Importen är redan sparad (%(n)s ändringar). Inget sparades en gång till.")
            % {"n": result["applied"].get("count", 0)},
        )
        return redirect(_url(request, trip, "done"))
    if job.status == Job.Status.DONE and result.get("rows") is None:
        messages.error(request, _("Förhandsgranskningen finns inte längre. Ladda upp filen igen."))
        return redirect(_url(request, trip, "upload"))
    return None


def _progress(request, trip: RoundTrip, job: Job) -> HttpResponse:
    """The job while it runs (htmx polls this page) or the reason it failed."""
    if request.htmx and job.status == Job.Status.DONE:  # type: ignore[attr-defined]
        return HttpResponseClientRefresh()  # the whole page, now with the preview
    template = "core/roundtrip_job.html"
    if request.htmx:  # type: ignore[attr-defined]
        template += "#progress"
    context = {"trip": trip, "job": job, "upload_url": _url(request, trip, "upload")}
    return render(request, template, context)


def preview(request, trip: RoundTrip, pk: int) -> HttpResponse:
    job = _job(request, trip, pk)
    if job.status != Job.Status.DONE or request.htmx:  # type: ignore[attr-defined]
        return _progress(request, trip, job)
    if (gone := _gone(request, trip, job)) is not None:
        return gone
    if request.method == "POST":
        return confirm(request, trip, pk)
    outcomes = [Outcome.from_dict(o) for o in job.result["outcomes"]]
    return _render_preview(request, trip, job, outcomes, ConfirmForm(), "")


def _render_preview(request, trip, job, outcomes, form, problem, status=200) -> HttpResponse:
    context = {
        "trip": trip,
        "job": job,
        "outcomes": outcomes,
        "tally": counts(outcomes),
        "form": form,
        "problem": problem,
        "cancel_url": _url(request, trip, "cancel", job.pk),
    }
    return render(request, "core/roundtrip_preview.html", context, status=status)


def confirm(request, trip: RoundTrip, pk: int) -> HttpResponse:
    """Apply the preview in one transaction. The job is locked, so a second confirmation (a double
    click, another tab) finds it applied; every row is checked again against locked, fresh data and
    the person's rights now, and nothing is saved unless that is what the preview showed."""
    form = ConfirmForm(request.POST)
    form.is_valid()
    drop_errors = bool(form.cleaned_data.get("drop_errors"))
    with transaction.atomic():
        job = _job(request, trip, pk, lock=True)
        if (gone := _gone(request, trip, job)) is not None:
            return gone
        shown = [Outcome.from_dict(o) for o in job.result["outcomes"]]
        outcomes = trip.check(job.result["rows"], request.membership, lock=True)
        tally = counts(outcomes)
        problem = ""
        if accepted(outcomes) != accepted(shown):
            problem = _(
                "Inget sparades: uppgifterna i Värn har ändrats sedan förhandsgranskningen. "
                "Granska raderna på nytt nedan."
            )
            job.result = {**job.result, **preview_result(job.result["rows"], outcomes)}
            job.save(update_fields=["result"])
        elif tally["refused"] and not drop_errors:
            problem = _(
                "Inget sparades: %(n)s rader nekas. Rätta filen och ladda upp den igen, "
                "eller välj att bara spara ändringarna utan fel."
            ) % {"n": tally["refused"]}
        elif not tally["changed"]:
            problem = _("Inget sparades: filen innehåller inga ändringar som kan sparas.")
        if problem:
            return _render_preview(request, trip, job, outcomes, form, problem, status=400)
        saved = trip.apply(outcomes, request)
        job.result = {
            "applied": {"count": saved, "by": request.user.pk, "at": timezone.now().isoformat()},
            "tally": tally,
        }
        job.save(update_fields=["result"])
    text = trip.saved % {"n": saved}
    if tally["refused"]:
        text += " " + _("%(n)s rader som nekades hoppades över.") % {"n": tally["refused"]}
    messages.success(request, text)
    return redirect(_url(request, trip, "done"))


def cancel(request, trip: RoundTrip, pk: int) -> HttpResponse:
    job = _job(request, trip, pk)
    if job.status == Job.Status.DONE and "applied" not in (job.result or {}):
        job.result = {}
        job.save(update_fields=["result"])
        messages.success(request, _("Importen är avbruten. Inget sparades."))
    return redirect(_url(request, trip, "upload"))


def views_for(trip: RoundTrip):
    """The upload, preview (and confirm) and cancel views of a round trip, for members allowed
    to import."""
    from django.views.decorators.http import require_POST

    from .tenancy import require, tenant_view

    @tenant_view
    def upload_view(request):
        require(trip.allowed(request.membership))
        return upload(request, trip)

    @tenant_view
    def preview_view(request, pk: int):
        require(trip.allowed(request.membership))
        return preview(request, trip, pk)

    @tenant_view
    @require_POST
    def cancel_view(request, pk: int):
        require(trip.allowed(request.membership))
        return cancel(request, trip, pk)

    return upload_view, preview_view, cancel_view
