"""Programmes and their versions; a version with its text as the block tree."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Prefetch
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema

from varn.core.tenancy import get_for_tenant
from varn.programs.models import Program, ProgramVersion

from .common import TENANT, enter
from .schemas import example, example_of

router = Router()


class VersionOut(Schema):
    model_config = example(
        number=2,
        label="Antagen av KF",
        status="adopted",
        status_label="Antagen",
        adopted_on="2025-11-24",
        decision=31,
        created_at="2025-11-24T10:00:00+01:00",
    )
    number: int
    label: str
    status: str
    status_label: str
    adopted_on: datetime.date | None
    decision: int | None = Field(..., description="Beslutet som skapade versionen (id), om något.")
    created_at: datetime.datetime


class ProgramOut(Schema):
    model_config = example(
        id=1,
        title="Program om våldsförebyggande arbete 2025–2027",
        dnr="2025.202 KS",
        period_start=2025,
        period_end=2027,
        status="adopted",
        status_label="Antaget",
        coordinator_title="folkhälsostrateg",
        violence_scopes=["close_relationships", "honour"],
        perspectives=["child_rights"],
        budget_policy="existing_budget",
        follow_up_policy="before_revision",
        revision_due="2027-06-30",
        summary="",
        is_public=True,
        is_illustrative=False,
        current_version=2,
        versions=[example_of(VersionOut)],
    )
    id: int
    title: str
    dnr: str
    period_start: int
    period_end: int
    status: str
    status_label: str
    coordinator_title: str
    violence_scopes: list[str]
    perspectives: list[str]
    budget_policy: str
    follow_up_policy: str
    revision_due: datetime.date | None
    summary: str
    is_public: bool
    is_illustrative: bool
    current_version: int | None = Field(
        ..., description="Den antagna versionen, annars det senaste utkastet."
    )
    versions: list[VersionOut]


class Block(Schema):
    id: str = Field(..., description="Stabilt id, detsamma i alla versioner.")
    type: str = Field(..., description="heading, paragraph, list, list_item, table, row eller cell")
    page: int | None
    text: str
    level: int | None = None
    changes: list[dict[str, Any]] | None = Field(None, description="Beslut som ändrade blocket.")
    children: list[Block]


class VersionDetailOut(VersionOut):
    model_config = example(
        **example_of(VersionOut),
        program=1,
        blocks=[
            {
                "id": "b12",
                "type": "heading",
                "page": 6,
                "text": "Samverkan",
                "level": 2,
                "children": [],
            }
        ],
    )
    program: int
    blocks: list[Block]


def version_out(version: ProgramVersion) -> dict:
    return {
        "number": version.number,
        "label": version.label,
        "status": version.status,
        "status_label": version.get_status_display(),
        "adopted_on": version.adopted_on,
        "decision": version.created_by_decision_id,
        "created_at": version.created_at,
    }


def program_out(program: Program) -> dict:
    current = program.current_version()
    return {
        "id": program.pk,
        "title": program.title,
        "dnr": program.dnr,
        "period_start": program.period_start,
        "period_end": program.period_end,
        "status": program.status,
        "status_label": program.get_status_display(),
        "coordinator_title": program.coordinator_title,
        "violence_scopes": program.violence_scopes,
        "perspectives": program.perspectives,
        "budget_policy": program.budget_policy,
        "follow_up_policy": program.follow_up_policy,
        "revision_due": program.revision_due,
        "summary": program.summary,
        "is_public": program.is_public,
        "is_illustrative": program.is_illustrative,
        "current_version": current.number if current else None,
        "versions": [version_out(v) for v in sorted(program.versions.all(), key=lambda v: -v.number)],
    }


def _programs():
    return Program.objects.prefetch_related(Prefetch("versions", queryset=ProgramVersion.objects.all()))


@router.get(TENANT + "/programs", response=list[ProgramOut], url_name="program-list", summary="Program")
def program_list(request: HttpRequest, municipality: str):
    """The municipality's programmes with their versions (a handful: not paged)."""
    membership = enter(request, municipality)
    return [program_out(p) for p in _programs().for_municipality(membership.municipality)]


@router.get(
    TENANT + "/programs/{int:pk}", response=ProgramOut, url_name="program-detail", summary="Ett program"
)
def program_detail(request: HttpRequest, municipality: str, pk: int):
    enter(request, municipality)
    return program_out(get_for_tenant(_programs(), request, pk=pk))


@router.get(
    TENANT + "/programs/{int:pk}/versions/{int:number}",
    response=VersionDetailOut,
    url_name="version-detail",
    summary="En version med texten som blockträd",
)
def version_detail(request: HttpRequest, municipality: str, pk: int, number: int):
    """One version of the text: the blocks in document order, nested, each with its stable id,
    the page it stood on and, in an adopted version, the decisions that changed it."""
    enter(request, municipality)
    program = get_for_tenant(Program.objects.all(), request, pk=pk)
    version = get_object_or_404(ProgramVersion.objects.filter(program=program), number=number)
    return {**version_out(version), "program": program.pk, "blocks": version.block_tree()}
