"""The three steps of every Excel round trip, shared by measures, costs and training figures:
upload (parse, keep in the session, nothing saved) → preview (check every row against fresh data:
old → new, or refused and why) → confirm (check again, write the accepted rows) or cancel."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from .roundtrip import (
    ConfirmForm,
    Outcome,
    TableError,
    UploadForm,
    counts,
    drop_preview,
    load_preview,
    store_preview,
)


@dataclass
class RoundTrip:
    kind: str  # the session key of pending previews
    title: Any  # the upload page's heading (lazy text)
    parse: Callable[[bytes], list[dict]]
    check: Callable[[list[dict], Any], list[Outcome]]  # rows, membership
    apply: Callable[[list[Outcome], Any], int]  # accepted outcomes, request
    urls: dict[str, str]  # "upload", "preview", "cancel", "done", "export" -> URL names
    saved: Any  # "%(n)s insatser fick en ny lägesrapport." (lazy text)


def _url(request, trip: RoundTrip, name: str, *args) -> str:
    return reverse(trip.urls[name], args=[request.municipality.slug, *args])


def upload(request, trip: RoundTrip) -> HttpResponse:
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            rows = trip.parse(form.checked.data)
        except TableError as error:
            form.add_error("file", str(error))
        else:
            token = store_preview(request, trip.kind, {"rows": rows})
            return redirect(_url(request, trip, "preview", token))
    context = {"form": form, "trip": trip, "export_url": _url(request, trip, "export")}
    return render(request, "core/roundtrip_upload.html", context, status=400 if form.errors else 200)


def preview(request, trip: RoundTrip, token: str) -> HttpResponse:
    entry = load_preview(request, trip.kind, token)
    if entry is None:
        messages.error(request, _("Förhandsgranskningen finns inte längre. Ladda upp filen igen."))
        return redirect(_url(request, trip, "upload"))
    outcomes = trip.check(entry["rows"], request.membership)
    tally = counts(outcomes)
    form = ConfirmForm(request.POST if request.method == "POST" else None)
    problem = ""
    if request.method == "POST" and form.is_valid():
        if tally["refused"] and not form.cleaned_data["drop_errors"]:
            problem = _(
                "Inget sparades: %(n)s rader nekas. Rätta filen och ladda upp den igen, "
                "eller välj att bara spara ändringarna utan fel."
            ) % {"n": tally["refused"]}
        elif not tally["changed"]:
            problem = _("Inget sparades: filen innehåller inga ändringar som kan sparas.")
        else:
            saved = trip.apply(outcomes, request)
            drop_preview(request, trip.kind, token)
            text = trip.saved % {"n": saved}
            if tally["refused"]:
                text += " " + _("%(n)s rader som nekades hoppades över.") % {"n": tally["refused"]}
            messages.success(request, text)
            return redirect(_url(request, trip, "done"))
    context = {
        "trip": trip,
        "outcomes": outcomes,
        "tally": tally,
        "form": form,
        "problem": problem,
        "cancel_url": _url(request, trip, "cancel", token),
    }
    return render(request, "core/roundtrip_preview.html", context, status=400 if problem else 200)


def cancel(request, trip: RoundTrip, token: str) -> HttpResponse:
    drop_preview(request, trip.kind, token)
    messages.success(request, _("Importen är avbruten. Inget sparades."))
    return redirect(_url(request, trip, "upload"))


def views_for(trip: RoundTrip, *, allowed: Callable[[Any], bool]):
    """The upload, preview and cancel views of a round trip, for members `allowed` to import."""
    from django.views.decorators.http import require_POST

    from .tenancy import require, tenant_view

    @tenant_view
    def upload_view(request):
        require(allowed(request.membership))
        return upload(request, trip)

    @tenant_view
    def preview_view(request, token: str):
        require(allowed(request.membership))
        return preview(request, trip, token)

    @tenant_view
    @require_POST
    def cancel_view(request, token: str):
        require(allowed(request.membership))
        return cancel(request, trip, token)

    return upload_view, preview_view, cancel_view
