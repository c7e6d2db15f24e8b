"""Reports to the politicians: metadata and download links (the interface's own addresses, which
check the rights again: the costs appendix is not for partners)."""

from __future__ import annotations

import datetime

from django.http import HttpRequest
from django.urls import reverse
from ninja import Field, Router, Schema

from varn.core.tenancy import get_for_tenant
from varn.followup.models import Report

from .common import TENANT, display_name, enter
from .schemas import example

router = Router()


class ReportOut(Schema):
    model_config = example(
        id=3,
        program=1,
        title="Uppföljning av programmet 2025–2027",
        built_at="2027-04-02T14:00:00+02:00",
        built_by="Anna Ås",
        decision=44,
        used_template=True,
        downloads={"docx": "https://…/docx/", "pdf": "https://…/pdf/", "xlsx": "https://…/xlsx/"},
    )
    id: int
    program: int
    title: str
    built_at: datetime.datetime
    built_by: str | None
    decision: int | None = Field(..., description="Beslutet rapporten presenterades vid (id).")
    used_template: bool
    downloads: dict[str, str] = Field(
        ..., description="Format → adress: docx, pdf och (utom för samverkansparter) xlsx med kostnaderna."
    )


def report_out(request: HttpRequest, report: Report) -> dict:
    slug = request.municipality.slug  # type: ignore[attr-defined]
    files = {"docx": report.docx_file, "pdf": report.pdf_file}
    if not request.membership.is_partner:  # type: ignore[attr-defined]
        files["xlsx"] = report.costs_file
    return {
        "id": report.pk,
        "program": report.program_id,
        "title": report.title,
        "built_at": report.built_at,
        "built_by": display_name(report.built_by),
        "decision": report.decision_id,
        "used_template": report.used_template,
        "downloads": {
            fmt: request.build_absolute_uri(reverse("followup:report-download", args=[slug, report.pk, fmt]))
            for fmt, file in files.items()
            if file
        },
    }


def _reports(request: HttpRequest):
    return Report.objects.for_municipality(request.municipality).select_related("built_by")  # type: ignore[attr-defined]


@router.get(TENANT + "/reports", response=list[ReportOut], url_name="report-list", summary="Rapporter")
def report_list(request: HttpRequest, municipality: str):
    enter(request, municipality)
    return [report_out(request, r) for r in _reports(request).order_by("-built_at")]


@router.get(TENANT + "/reports/{int:pk}", response=ReportOut, url_name="report-detail", summary="En rapport")
def report_detail(request: HttpRequest, municipality: str, pk: int):
    enter(request, municipality)
    return report_out(request, get_for_tenant(_reports(request), request, pk=pk))
