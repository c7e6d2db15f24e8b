"""Measures: the list with the interface's filters, one measure with its status updates, and new
status updates (the same form, model method, rights and audit trail as the page "Lägesrapport")."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status

from varn.core.tenancy import get_for_tenant, require
from varn.programs.forms import MeasureFilterForm, MeasureUpdateForm
from varn.programs.models import Measure, MeasureStatus, MeasureUpdate, PreventionLevel, TargetGroup

from .common import (
    TENANT,
    PageParams,
    Ref,
    body_doc,
    changed,
    display_name,
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
from .schemas import example, example_of

router = Router()
T = TENANT

ORDERING = ("code", "title", "status", "prevention_level", "start_date", "end_date", "updated_at")


class GoalRef(Schema):
    id: int
    code: str
    title: str


class MeasureOut(Schema):
    model_config = example(
        id=12,
        code="2.1",
        title="Basutbildning om våld för all personal",
        program=1,
        goal={"id": 3, "code": "2", "title": "Kompetens"},
        prevention_level="universal",
        prevention_level_label="Universell",
        target_groups=[{"id": 1, "name": "Medarbetare"}],
        responsible_unit={"id": 2, "name": "Socialförvaltningen"},
        partners=[{"id": 5, "name": "Vision"}],
        start_date="2025-01-01",
        end_date="2027-12-31",
        status="ongoing",
        status_label="Pågår",
        is_overdue=False,
        description="",
        rationale="",
        version="3",
        updated_at="2025-10-22T08:15:00+02:00",
    )
    id: int
    code: str
    title: str
    program: int
    goal: GoalRef
    prevention_level: str = Field(..., description="universal, selective eller indicated")
    prevention_level_label: str
    target_groups: list[Ref]
    responsible_unit: Ref
    partners: list[Ref]
    start_date: datetime.date
    end_date: datetime.date
    status: str = Field(..., description="planned, ongoing, done, postponed eller cancelled")
    status_label: str
    is_overdue: bool
    description: str
    rationale: str
    version: str = Field(..., description="Versionen att skicka i If-Match vid ändring.")
    updated_at: datetime.datetime


class MeasureUpdateOut(Schema):
    model_config = example(
        id=40,
        measure=12,
        date="2025-10-01",
        status="ongoing",
        status_label="Pågår",
        narrative="Två av tre förvaltningar har genomfört utbildningen.",
        author="Anna Ås",
        created_at="2025-10-01T09:30:00+02:00",
    )
    id: int
    measure: int
    date: datetime.date
    status: str
    status_label: str
    narrative: str
    author: str | None
    created_at: datetime.datetime


class MeasureDetailOut(MeasureOut):
    model_config = example(**example_of(MeasureOut), updates=[])
    updates: list[MeasureUpdateOut]


class MeasureUpdateIn(Schema):
    model_config = example(
        date="2025-10-01",
        status="ongoing",
        narrative="Två av tre förvaltningar har genomfört utbildningen.",
        version="3",
    )
    date: datetime.date = Field(..., description="Lägesrapportens datum (inte i framtiden).")
    status: str = Field(..., description="planned, ongoing, done, postponed eller cancelled")
    narrative: str = Field(..., description="Lägesbeskrivning (aldrig uppgifter om enskilda).")
    version: str | None = Field(None, description="Insatsens version, om If-Match inte skickas.")


class MeasureFilters(PageParams):
    q: str | None = Field(
        None, description="Sök i nummer, titel och beskrivning.", json_schema_extra={"example": "utbildning"}
    )
    unit: int | None = Field(None, description="Ansvarig förvaltning (id).")
    status: str | None = Field(None, description="Status.", json_schema_extra={"example": "ongoing"})
    level: str | None = Field(
        None, description="Preventionsnivå.", json_schema_extra={"example": "universal"}
    )
    target_group: int | None = Field(None, description="Målgrupp (id).")
    goal: int | None = Field(None, description="Mål (id).")
    overdue: bool = Field(False, description="Endast försenade.")
    ordering: str | None = Field(
        None,
        description="Sortering, t.ex. `-updated_at` eller `end_date,code`.",
        json_schema_extra={"example": "-updated_at"},
    )


MeasurePage = page_schema(MeasureOut)

LEVELS = dict(PreventionLevel.choices)
STATUSES = dict(MeasureStatus.choices)


def measure_out(measure: Measure, today: datetime.date) -> dict:
    return {
        "id": measure.pk,
        "code": measure.code,
        "title": measure.title,
        "program": measure.program_id,
        "goal": {"id": measure.goal.pk, "code": measure.goal.code, "title": measure.goal.title},
        "prevention_level": measure.prevention_level,
        "prevention_level_label": str(LEVELS.get(measure.prevention_level, "")),
        "target_groups": [ref(t) for t in measure.target_groups.all()],
        "responsible_unit": ref(measure.responsible_unit),
        "partners": [ref(p) for p in measure.partners.all()],
        "start_date": measure.start_date,
        "end_date": measure.end_date,
        "status": measure.status,
        "status_label": str(STATUSES.get(measure.status, "")),
        "is_overdue": measure.status not in (MeasureStatus.DONE, MeasureStatus.CANCELLED)
        and measure.end_date < today,
        "description": measure.description,
        "rationale": measure.rationale,
        "version": version_of(measure),
        "updated_at": measure.updated_at,
    }


def update_out(update: MeasureUpdate) -> dict:
    return {
        "id": update.pk,
        "measure": update.measure_id,
        "date": update.date,
        "status": update.status,
        "status_label": str(STATUSES.get(update.status, "")),
        "narrative": update.narrative,
        "author": display_name(update.author),
        "created_at": update.created_at,
    }


def _listed(request: HttpRequest):
    municipality = request.municipality  # type: ignore[attr-defined]
    return (
        Measure.objects.visible_to(request.membership)  # type: ignore[attr-defined]
        .joined_within(municipality, "goal", "responsible_unit")
        .select_related("goal", "responsible_unit")
        .prefetch_related(
            Prefetch("target_groups", queryset=TargetGroup.objects.filter(municipality=municipality)),
            "partners",
        )
    )


@router.get(T + "/measures", response=MeasurePage, url_name="measure-list", summary="Insatser")
def measure_list(request: HttpRequest, municipality: str, filters: Query[MeasureFilters]):
    """The measures the caller sees (a partner: those it takes part in), filtered as the measure
    list in Värn is (the same parameters), sorted with `ordering`."""
    membership = enter(request, municipality)
    qs = _listed(request)
    form = MeasureFilterForm(request.GET, municipality=membership.municipality)
    if not form.is_valid():
        raise form_errors(form)
    qs = ordered(form.filter(qs), filters.ordering, ORDERING, ("code", "title"))
    today = timezone.localdate()
    return paginate(request, qs, filters, lambda rows: [measure_out(m, today) for m in rows])


def _visible(request: HttpRequest, pk: int) -> Measure:
    return get_object_or_404(
        _listed(request).prefetch_related(
            Prefetch("updates", queryset=MeasureUpdate.objects.select_related("author"))
        ),
        pk=pk,
    )


@router.get(
    T + "/measures/{int:pk}", response=MeasureDetailOut, url_name="measure-detail", summary="En insats"
)
def measure_detail(request: HttpRequest, municipality: str, pk: int, response: HttpResponse):
    """One measure with its status updates, newest first. The `ETag` is its version."""
    enter(request, municipality)
    measure = _visible(request, pk)
    response["ETag"] = etag(measure)
    data = measure_out(measure, timezone.localdate())
    data["updates"] = [update_out(u) for u in measure.updates.all()]
    return data


@router.get(
    T + "/measures/{int:pk}/updates",
    response=list[MeasureUpdateOut],
    url_name="measure-updates",
    summary="Insatsens lägesrapporter",
)
def measure_updates(request: HttpRequest, municipality: str, pk: int, response: HttpResponse):
    enter(request, municipality)
    measure = _visible(request, pk)
    response["ETag"] = etag(measure)
    return [update_out(u) for u in measure.updates.all()]


@router.post(
    T + "/measures/{int:pk}/updates",
    response={201: MeasureUpdateOut},
    url_name="measure-updates",
    summary="Ny lägesrapport",
    openapi_extra=body_doc(
        MeasureUpdateIn,
        description="Lägesrapport; en ny status ändrar insatsens status. Kräver If-Match eller version.",
    ),
)
def measure_update_create(request: HttpRequest, municipality: str, pk: int, response: HttpResponse):
    """Record a status update, as the page "Lägesrapport" does: the coordinator for every measure,
    a unit editor for their own unit's. Stale versions answer 412."""
    enter(request, municipality)
    require_write(request)
    measure = get_for_tenant(Measure.objects.all(), request, pk=pk)
    require(request.membership.can_edit_measure(measure))  # type: ignore[attr-defined]
    data = json_body(request)
    form = MeasureUpdateForm(form_data({k: data.get(k) for k in ("date", "status", "narrative")}))
    if not form.is_valid():
        raise form_errors(form)
    with transaction.atomic():
        current = Measure.objects.select_for_update().get(pk=measure.pk)
        ensure_fresh(request, current, data.get("version"))
        update = current.record_update(by=request.user, **form.cleaned_data)
    changed(request)
    response["ETag"] = etag(current)
    return Status(201, update_out(update))
