"""Cost entries: staff hours and SEK per measure, unit and year (not for partners). New entries
and changes go through the cost form of the interface, with its rights: the coordinator for every
measure, a unit editor for their own unit's. Money is a decimal string."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from varn.core.tenancy import get_for_tenant, require
from varn.followup.forms import CostEntryForm, CostFilterForm
from varn.followup.models import CostEntry, Funding
from varn.followup.selectors import require_internal
from varn.followup.services import current_program

from .common import (
    TENANT,
    PageParams,
    Ref,
    body_doc,
    changed,
    enter,
    form_data,
    json_body,
    ordered,
    page_schema,
    paginate,
    ref,
    require_write,
)
from .errors import form_errors
from .locking import ensure_fresh, etag, version_of
from .schemas import example

router = Router()

# What the form's page preselects, for a client that leaves it out.
CREATE_DEFAULTS = {"funding": Funding.EXISTING_BUDGET}
FIELDS = ("measure", "unit", "year", "category", "hours", "amount", "funding", "basis", "note")


class CostOut(Schema):
    model_config = example(
        id=8,
        measure={"id": 12, "name": "2.1 Basutbildning om våld för all personal"},
        unit={"id": 2, "name": "Socialförvaltningen"},
        year=2025,
        category="staff_time",
        category_label="Personaltid",
        hours="120.0",
        amount="0",
        value="54000.00",
        funding="existing_budget",
        basis="actual",
        note="",
        version="3",
        updated_at="2025-06-02T12:00:00+02:00",
    )
    id: int
    measure: Ref
    unit: Ref
    year: int
    category: str
    category_label: str
    hours: str = Field(..., description="Timmar (personaltid), decimaltal i text.")
    amount: str = Field(..., description="Belopp i kronor, decimaltal i text.")
    value: str = Field(..., description="Värdet i kronor: timmar × kommunens timkostnad + belopp.")
    funding: str
    basis: str
    note: str
    version: str
    updated_at: datetime.datetime


class CostIn(Schema):
    model_config = example(
        measure=12,
        unit=2,
        year=2025,
        category="staff_time",
        hours="120.0",
        amount="0",
        basis="actual",
        note="",
    )
    measure: int = Field(..., description="Insatsens id.")
    unit: int | None = Field(
        None, description="Förvaltningen som bar kostnaden (samordnare); tom: insatsens."
    )
    year: int
    category: str = Field(..., description="staff_time, external_service, material, premises eller travel")
    hours: str | None = Field(None, description="Timmar, bara för personaltid.")
    amount: str | None = Field(None, description="Belopp i hela kronor.")
    funding: str = Field("existing_budget", description="Finansiering.")
    basis: str = Field(..., description="actual eller estimate")
    note: str = ""
    version: str | None = Field(None, description="Vid ändring: postens version, om If-Match inte skickas.")


class CostFilters(PageParams):
    year: int | None = Field(None, json_schema_extra={"example": 2025})
    unit: int | None = None
    goal: int | None = None
    category: str | None = None
    funding: str | None = None
    basis: str | None = None
    ordering: str | None = Field(
        None, description="year, updated_at, hours eller amount.", json_schema_extra={"example": "-year"}
    )


CostPage = page_schema(CostOut)


def cost_out(entry: CostEntry, hourly_cost) -> dict:
    return {
        "id": entry.pk,
        "measure": {"id": entry.measure_id, "name": str(entry.measure)},
        "unit": ref(entry.unit),
        "year": entry.year,
        "category": entry.category,
        "category_label": entry.get_category_display(),
        # As the fields store them (tenths of hours, whole kronor), however they were given.
        "hours": str(Decimal(entry.hours).quantize(Decimal("0.1"))),
        "amount": str(Decimal(entry.amount).quantize(Decimal("1"))),
        "value": str(entry.value(hourly_cost).quantize(hourly_cost)),
        "funding": entry.funding,
        "basis": entry.basis,
        "note": entry.note,
        "version": version_of(entry),
        "updated_at": entry.updated_at,
    }


def _program(request: HttpRequest):
    program = current_program(request.municipality)  # type: ignore[attr-defined]
    if program is None:
        raise Http404(_("Inget program är upplagt ännu."))
    return program


@router.get(TENANT + "/costs", response=CostPage, url_name="cost-list", summary="Kostnader")
def cost_list(request: HttpRequest, municipality: str, filters: Query[CostFilters]):
    """The current programme's cost entries, filtered as the cost list is."""
    membership = enter(request, municipality)
    require_internal(request)
    program = _program(request)
    form = CostFilterForm(request.GET, program=program)
    if not form.is_valid():
        raise form_errors(form)
    qs = form.filter(CostEntry.objects.filter(municipality=membership.municipality).for_program(program))
    qs = ordered(
        qs.select_related("measure", "unit"),
        filters.ordering,
        ("year", "updated_at", "hours", "amount"),
        ("-year", "measure__code"),
    )
    rate = membership.municipality.hourly_cost
    return paginate(request, qs, filters, lambda rows: [cost_out(e, rate) for e in rows])


def _entry(request: HttpRequest, pk: int) -> CostEntry:
    return get_for_tenant(CostEntry.objects.select_related("measure__program", "unit"), request, pk=pk)


@router.get(TENANT + "/costs/{int:pk}", response=CostOut, url_name="cost-detail", summary="En kostnadspost")
def cost_detail(request: HttpRequest, municipality: str, pk: int, response: HttpResponse):
    membership = enter(request, municipality)
    require_internal(request)
    entry = _entry(request, pk)
    response["ETag"] = etag(entry)
    return cost_out(entry, membership.municipality.hourly_cost)


def _save(request: HttpRequest, form: CostEntryForm) -> CostEntry:
    if not form.is_valid():
        raise form_errors(form)
    require(request.membership.can_edit_measure(form.cleaned_data["measure"]))  # type: ignore[attr-defined]
    return form.save()


@router.post(
    TENANT + "/costs",
    response={201: CostOut},
    url_name="cost-list",
    summary="Ny kostnadspost",
    openapi_extra=body_doc(CostIn, description="Kostnadsposten, med kostnadsformulärets regler."),
)
def cost_create(request: HttpRequest, municipality: str, response: HttpResponse):
    membership = enter(request, municipality)
    require_write(request)
    require(membership.can_edit_some_measures)
    program = _program(request)
    data = CREATE_DEFAULTS | json_body(request)
    instance = CostEntry(municipality=membership.municipality, created_by=request.auth.user)  # type: ignore[attr-defined]
    form = CostEntryForm(
        form_data({k: data.get(k) for k in FIELDS}), instance=instance, membership=membership, program=program
    )
    entry = _save(request, form)
    changed(request)
    response["ETag"] = etag(entry)
    return Status(201, cost_out(entry, membership.municipality.hourly_cost))


@router.put(
    TENANT + "/costs/{int:pk}",
    response=CostOut,
    url_name="cost-detail",
    summary="Ändra kostnadspost",
    openapi_extra=body_doc(
        CostIn, description="Fälten som ändras (övriga behåller sina värden). Kräver If-Match eller version."
    ),
)
def cost_update(request: HttpRequest, municipality: str, pk: int, response: HttpResponse):
    membership = enter(request, municipality)
    require_write(request)
    entry = _entry(request, pk)
    require(membership.can_edit_measure(entry.measure))
    data = json_body(request)
    current = {
        "measure": entry.measure_id,
        "unit": entry.unit_id,
        "year": entry.year,
        "category": entry.category,
        "hours": str(entry.hours),
        "amount": str(entry.amount),
        "funding": entry.funding,
        "basis": entry.basis,
        "note": entry.note,
    }
    with transaction.atomic():
        locked = CostEntry.objects.select_for_update().get(pk=entry.pk)
        ensure_fresh(request, locked, data.get("version"))
        merged = current | {k: data[k] for k in FIELDS if k in data}
        merged["lock_version"] = str(locked.lock_version)  # checked against If-Match just above
        form = CostEntryForm(
            form_data(merged), instance=entry, membership=membership, program=entry.measure.program
        )
        saved = _save(request, form)
    changed(request)
    response["ETag"] = etag(saved)
    return cost_out(saved, membership.municipality.hourly_cost)
