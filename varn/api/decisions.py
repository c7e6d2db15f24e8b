"""Cases with their decision trail: decisions in order, with amendments, referral requirements
and attachments (download links to the interface's own, permission-checked address)."""

from __future__ import annotations

import datetime
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from ninja import Field, Query, Router, Schema

from varn.core.tenancy import get_for_tenant
from varn.decisions.models import Amendment, Case, Decision, ReferralRequirement
from varn.decisions.selectors import cases_with_trail

from .common import TENANT, PageParams, enter, ordered, page_schema, paginate
from .schemas import example, example_of

router = Router()


class CaseOut(Schema):
    model_config = example(
        id=7,
        dnr="2025.202 KS",
        title="Program om våldsförebyggande arbete",
        program=1,
        decision_count=8,
        open_requirement_count=0,
    )
    id: int
    dnr: str = Field(..., description="Diarienumret som kommunen skriver det.")
    title: str
    program: int | None
    decision_count: int
    open_requirement_count: int


class AmendmentOut(Schema):
    model_config = example(
        id=3,
        label="Tillägg 1",
        operation="append",
        status="applied",
        status_label="Införd",
        page=6,
        heading="Samverkan",
        anchor_text="mellan olika förvaltningar i kommunen",
        text="samt med de fackliga parterna",
        location="sidan 6, rubriken Samverkan",
        applied_version=2,
    )
    id: int
    label: str
    operation: str
    status: str
    status_label: str
    page: int | None
    heading: str
    anchor_text: str
    text: str
    location: str
    applied_version: int | None = Field(..., description="Versionsnumret där ändringen infördes.")


class RequirementOut(Schema):
    model_config = example(
        id=4,
        text="Redovisa kostnaderna för insatserna.",
        status="resolved",
        status_label="Tillgodosett",
        resolved_on="2025-10-15",
        resolved_by="Rapport: Uppföljning 2025",
        resolution="",
    )
    id: int
    text: str
    status: str
    status_label: str
    resolved_on: datetime.date | None
    resolved_by: str
    resolution: str


class AttachmentOut(Schema):
    model_config = example(
        id=9,
        title="Tjänsteskrivelse",
        date="2025-10-15",
        file_name="tjansteskrivelse.pdf",
        download="https://…",
    )
    id: int
    title: str
    date: datetime.date | None
    file_name: str
    download: str | None


class DecisionOut(Schema):
    model_config = example(
        id=31,
        body="KSAU",
        body_name="Kommunstyrelsens arbetsutskott",
        meeting_date="2025-10-22",
        paragraph=170,
        reference="KSAU 2025-10-22 § 170",
        kind="proposal",
        kind_label="Förslag till beslut",
        outcome="granted",
        outcome_label="Bifall",
        title="Program om våldsförebyggande arbete",
        text="",
        amendments=[],
        requirements=[],
        attachments=[],
    )
    id: int
    body: str
    body_name: str
    meeting_date: datetime.date | None
    paragraph: int | None
    reference: str
    kind: str
    kind_label: str
    outcome: str
    outcome_label: str
    title: str
    text: str
    amendments: list[AmendmentOut]
    requirements: list[RequirementOut]
    attachments: list[AttachmentOut]


class CaseDetailOut(CaseOut):
    model_config = example(
        **example_of(CaseOut),
        decisions=[example_of(DecisionOut)],
    )
    decisions: list[DecisionOut] = Field(..., description="Beslutsgången i ordning.")


class CaseFilters(PageParams):
    ordering: str | None = Field(
        None, description="dnr eller title, `-` för omvänd.", json_schema_extra={"example": "dnr"}
    )


CasePage = page_schema(CaseOut)


def case_out(case: Case) -> dict:
    return {
        "id": case.pk,
        "dnr": case.dnr,
        "title": case.title,
        "program": case.program_id,
        "decision_count": getattr(case, "decision_count", 0),
        "open_requirement_count": getattr(case, "open_requirement_count", 0),
    }


def amendment_out(a: Amendment) -> dict:
    return {
        "id": a.pk,
        "label": a.label,
        "operation": a.operation,
        "status": a.status,
        "status_label": a.get_status_display(),
        "page": a.page,
        "heading": a.heading,
        "anchor_text": a.anchor_text,
        "text": a.text,
        "location": a.location_label(),
        "applied_version": a.applied_version.number if a.applied_version else None,
    }


def requirement_out(r: ReferralRequirement) -> dict:
    return {
        "id": r.pk,
        "text": r.text,
        "status": r.status,
        "status_label": r.get_status_display(),
        "resolved_on": r.resolved_on,
        "resolved_by": r.resolved_by_label(),
        "resolution": r.resolution,
    }


def decision_out(request: HttpRequest, d: Decision) -> dict:
    slug = request.municipality.slug  # type: ignore[attr-defined]
    return {
        "id": d.pk,
        "body": d.body,
        "body_name": d.body_name,
        "meeting_date": d.meeting_date,
        "paragraph": d.paragraph,
        "reference": d.reference,
        "kind": d.kind,
        "kind_label": d.get_kind_display(),
        "outcome": d.outcome,
        "outcome_label": d.get_outcome_display(),
        "title": d.title,
        "text": d.text,
        "amendments": [amendment_out(a) for a in d.amendments.all()],
        "requirements": [requirement_out(r) for r in d.requirements.all()],
        "attachments": [
            {
                "id": a.pk,
                "title": a.title,
                "date": a.date,
                "file_name": a.file_name,
                "download": request.build_absolute_uri(
                    reverse("decisions:attachment-file", args=[slug, a.pk])
                )
                if a.file
                else None,
            }
            for a in d.attachments.all()
        ],
    }


@router.get(TENANT + "/cases", response=CasePage, url_name="case-list", summary="Ärenden")
def case_list(request: HttpRequest, municipality: str, filters: Query[CaseFilters]):
    membership = enter(request, municipality)
    qs: Any = Case.objects.filter(municipality=membership.municipality).with_counts()
    qs = ordered(qs, filters.ordering, ("dnr", "title"), ("dnr",))
    return paginate(request, qs, filters, lambda rows: [case_out(c) for c in rows])


@router.get(TENANT + "/cases/{int:pk}", response=CaseDetailOut, url_name="case-detail", summary="Ett ärende")
def case_detail(request: HttpRequest, municipality: str, pk: int):
    """A case with its decision trail in date order, as the case page shows it."""
    enter(request, municipality)
    cases: Any = cases_with_trail()
    case = get_for_tenant(cases.with_counts(), request, pk=pk)
    return {**case_out(case), "decisions": [decision_out(request, d) for d in case.timeline()]}
