"""Training: the recorded efforts (counts per organisation, never people) and the coverage the
coverage page shows, per organisation and target group, for one course level."""

from __future__ import annotations

import datetime

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from varn.training.coverage import Cell, Row
from varn.training.forms import EffortFilterForm
from varn.training.models import CourseLevel, TrainingEffort
from varn.training.services import coverage_for

from .common import TENANT, PageParams, Ref, chosen_program, enter, ordered, page_schema, paginate, ref
from .errors import form_errors
from .schemas import example

router = Router()


class EffortOut(Schema):
    model_config = example(
        id=14,
        program=1,
        course={"id": 2, "name": "Grundkurs om våld i nära relationer"},
        level="basic",
        unit={"id": 2, "name": "Socialförvaltningen"},
        partner=None,
        target_group={"id": 1, "name": "Medarbetare"},
        year=2025,
        start_date="2025-03-01",
        end_date="2025-05-31",
        sessions=4,
        participants=86,
        target_population=120,
        coverage="0.717",
        note="",
        updated_at="2025-06-02T10:00:00+02:00",
    )
    id: int
    program: int
    course: Ref
    level: str
    unit: Ref | None
    partner: Ref | None
    target_group: Ref | None
    year: int
    start_date: datetime.date | None
    end_date: datetime.date | None
    sessions: int | None
    participants: int
    target_population: int | None
    coverage: str | None = Field(..., description="Andel av målgruppen (0–1) som decimaltal i text.")
    note: str
    updated_at: datetime.datetime


class EffortFilters(PageParams):
    year: int | None = Field(None, description="År.", json_schema_extra={"example": 2025})
    level: str | None = Field(None, description="Nivå: basic, advanced eller specialist.")
    organisation: str | None = Field(
        None, description="unit-<id> eller partner-<id>.", json_schema_extra={"example": "unit-2"}
    )
    ordering: str | None = Field(
        None, description="year, participants eller updated_at.", json_schema_extra={"example": "-year"}
    )


EffortPage = page_schema(EffortOut)


class CellOut(Schema):
    participants: int | None
    population: int | None
    percent: float | None = Field(..., description="Täckning i procent, en decimal.")


class CoverageRowOut(Schema):
    key: str
    label: str
    kind: str
    period: CellOut
    years: list[CellOut]
    target: float | None


class CoverageOut(Schema):
    model_config = example(
        program=1,
        level="basic",
        level_label="Bas",
        years=[2025, 2026, 2027],
        by_organisation=[
            {
                "key": "unit-2",
                "label": "SOC",
                "kind": "unit",
                "period": {"participants": 86, "population": 120, "percent": 71.7},
                "years": [{"participants": 86, "population": 120, "percent": 71.7}],
                "target": 80.0,
            }
        ],
        by_target_group=[],
        unions=[],
    )
    program: int
    level: str
    level_label: str
    years: list[int]
    by_organisation: list[CoverageRowOut]
    by_target_group: list[CoverageRowOut]
    unions: list[CoverageRowOut]


class CoverageFilters(Schema):
    program: int | None = Field(None, description="Programmets id; annars det gällande programmet.")
    level: str = Field(
        CourseLevel.BASIC,
        description="basic, advanced eller specialist.",
        json_schema_extra={"example": "basic"},
    )


def effort_out(e: TrainingEffort) -> dict:
    return {
        "id": e.pk,
        "program": e.program_id,
        "course": ref(e.course),
        "level": e.course.level,
        "unit": ref(e.unit),
        "partner": ref(e.partner),
        "target_group": ref(e.target_group),
        "year": e.year,
        "start_date": e.start_date,
        "end_date": e.end_date,
        "sessions": e.sessions,
        "participants": e.participants,
        "target_population": e.target_population,
        "coverage": None if e.coverage is None else f"{e.coverage:.3f}",
        "note": e.note,
        "updated_at": e.updated_at,
    }


@router.get(
    TENANT + "/training/efforts", response=EffortPage, url_name="effort-list", summary="Utbildningsinsatser"
)
def effort_list(request: HttpRequest, municipality: str, filters: Query[EffortFilters]):
    """The training figures the caller sees (a partner: its own organisation's), filtered as the
    list of training efforts is."""
    membership = enter(request, municipality)
    form = EffortFilterForm(request.GET, municipality=membership.municipality)
    if not form.is_valid():
        raise form_errors(form)
    qs = form.filter(TrainingEffort.objects.listed_for(membership)).select_related(
        "course", "unit", "partner", "target_group"
    )
    qs = ordered(qs, filters.ordering, ("year", "participants", "updated_at"), ("-year", "course__name"))
    return paginate(request, qs, filters, lambda rows: [effort_out(e) for e in rows])


def _cell(cell: Cell) -> dict:
    return {"participants": cell.participants, "population": cell.population, "percent": cell.percent}


def _rows(rows: list[Row]) -> list[dict]:
    return [
        {
            "key": r.key,
            "label": r.label,
            "kind": r.kind,
            "period": _cell(r.period),
            "years": [_cell(c) for c in r.years],
            "target": r.target,
        }
        for r in rows
    ]


@router.get(
    TENANT + "/training/coverage", response=CoverageOut, url_name="coverage", summary="Utbildningstäckning"
)
def coverage(request: HttpRequest, municipality: str, filters: Query[CoverageFilters]):
    """Coverage (participants against the target population) for one course level, as the
    coverage page computes it."""
    enter(request, municipality)
    program = chosen_program(request, filters.program)
    if program is None:
        raise Http404(_("Inget program är upplagt ännu."))
    level = filters.level if filters.level in CourseLevel.values else CourseLevel.BASIC
    report = coverage_for(program, level=level, only_level=True).report
    return {
        "program": program.pk,
        "level": report.level,
        "level_label": report.level_label,
        "years": report.years,
        "by_organisation": _rows(report.by_organisation),
        "by_target_group": _rows(report.by_target_group),
        "unions": _rows(report.unions),
    }
