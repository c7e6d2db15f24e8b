"""Follow-up: rounds with their questions, the board of responses (everyone reads the status),
one response with its answers (not for partners: the administrations' working material), and
saving or submitting answers with the response page's form, model method and locking."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from varn.core.tenancy import get_for_tenant, require
from varn.followup.forms import ResponseForm
from varn.followup.models import EditConflictError, FollowUpError, FollowUpResponse, FollowUpRound
from varn.followup.selectors import can_answer, require_internal

from .common import (
    TENANT,
    PageParams,
    Ref,
    body_doc,
    changed,
    display_name,
    enter,
    json_body,
    ordered,
    page_schema,
    paginate,
    ref,
    require_write,
)
from .errors import ApiError, form_errors
from .locking import ensure_fresh, etag, stale, version_of
from .schemas import example, example_of

router = Router()


class QuestionOut(Schema):
    id: int
    order: int
    key: str
    category: str
    text: str
    help_text: str


class RoundOut(Schema):
    model_config = example(
        id=2,
        program=1,
        title="Uppföljning inför revidering 2027",
        kind="before_revision",
        status="open",
        status_label="Öppen",
        deadline="2027-03-31",
        opened_at="2027-01-10T09:00:00+01:00",
        closed_at=None,
        responses=24,
        submitted=10,
        approved=8,
    )
    id: int
    program: int
    title: str
    kind: str
    status: str
    status_label: str
    deadline: datetime.date
    opened_at: datetime.datetime | None
    closed_at: datetime.datetime | None
    responses: int
    submitted: int
    approved: int


class RoundDetailOut(RoundOut):
    model_config = example(
        **example_of(RoundOut),
        introduction="",
        questions=[
            {
                "id": 5,
                "order": 1,
                "key": "genomforande",
                "category": "implementation",
                "text": "Hur har insatsen genomförts?",
                "help_text": "",
            }
        ],
    )
    introduction: str
    questions: list[QuestionOut]


class ResponseOut(Schema):
    model_config = example(
        id=40,
        round=2,
        measure={"id": 12, "name": "2.1 Basutbildning om våld för all personal"},
        unit={"id": 2, "name": "Socialförvaltningen"},
        status="draft",
        status_label="Utkast",
        conclusion="keep",
        submitted_at=None,
        version="3",
        updated_at="2027-02-01T10:00:00+01:00",
    )
    id: int
    round: int
    measure: Ref
    unit: Ref
    status: str
    status_label: str
    conclusion: str = Field(..., description="keep, change, end eller tomt")
    submitted_at: datetime.datetime | None
    version: str
    updated_at: datetime.datetime


class AnswerOut(Schema):
    question: int
    text: str
    is_prefilled: bool


class ResponseDetailOut(ResponseOut):
    model_config = example(
        **example_of(ResponseOut),
        submitted_by=None,
        return_comment="",
        answers=[
            {"question": 5, "text": "Utbildningen är genomförd i två av tre enheter.", "is_prefilled": False}
        ],
    )
    submitted_by: str | None
    return_comment: str
    answers: list[AnswerOut]


class AnswersIn(Schema):
    model_config = example(
        answers={"5": "Utbildningen är genomförd i två av tre enheter."},
        conclusion="keep",
        submit=False,
        version="3",
    )
    answers: dict[str, str] = Field(..., description="Svar per fråga: frågans id → text.")
    conclusion: str = Field("", description="keep, change, end eller tomt.")
    submit: bool = Field(
        False, description="Skicka in svaret till samordnaren (alla frågor och slutsats krävs)."
    )
    version: str | None = Field(None, description="Svarets version, om If-Match inte skickas.")


class ResponseFilters(PageParams):
    status: str | None = Field(None, description="draft, submitted, returned eller approved.")
    unit: int | None = Field(None, description="Förvaltning (id).")
    ordering: str | None = Field(
        None, description="status, updated_at eller measure__code.", json_schema_extra={"example": "status"}
    )


ResponsePage = page_schema(ResponseOut)


def _rounds(request: HttpRequest):
    return FollowUpRound.objects.for_municipality(request.municipality).annotate(  # type: ignore[attr-defined]
        n_responses=Count("responses"),
        n_submitted=Count("responses", filter=Q(responses__status=FollowUpResponse.Status.SUBMITTED)),
        n_approved=Count("responses", filter=Q(responses__status=FollowUpResponse.Status.APPROVED)),
    )


def round_out(r: FollowUpRound) -> dict:
    return {
        "id": r.pk,
        "program": r.program_id,
        "title": r.title,
        "kind": r.kind,
        "status": r.status,
        "status_label": r.get_status_display(),
        "deadline": r.deadline,
        "opened_at": r.opened_at,
        "closed_at": r.closed_at,
        "responses": r.n_responses,  # type: ignore[attr-defined]
        "submitted": r.n_submitted,  # type: ignore[attr-defined]
        "approved": r.n_approved,  # type: ignore[attr-defined]
    }


def response_out(r: FollowUpResponse) -> dict:
    return {
        "id": r.pk,
        "round": r.round_id,
        "measure": {"id": r.measure_id, "name": str(r.measure)},
        "unit": ref(r.unit),
        "status": r.status,
        "status_label": r.get_status_display(),
        "conclusion": r.conclusion,
        "submitted_at": r.submitted_at,
        "version": version_of(r),
        "updated_at": r.updated_at,
    }


def response_detail_out(r: FollowUpResponse) -> dict:
    return {
        **response_out(r),
        "submitted_by": display_name(r.submitted_by),
        "return_comment": r.return_comment,
        "answers": [
            {"question": a.question_id, "text": a.text, "is_prefilled": a.is_prefilled}
            for a in sorted(r.answers.all(), key=lambda a: a.question_id)
        ],
    }


@router.get(
    TENANT + "/followup/rounds",
    response=list[RoundOut],
    url_name="round-list",
    summary="Uppföljningsomgångar",
)
def round_list(request: HttpRequest, municipality: str):
    enter(request, municipality)
    return [round_out(r) for r in _rounds(request).order_by("-deadline", "-pk")]


@router.get(
    TENANT + "/followup/rounds/{int:pk}",
    response=RoundDetailOut,
    url_name="round-detail",
    summary="En omgång",
)
def round_detail(request: HttpRequest, municipality: str, pk: int):
    enter(request, municipality)
    r = get_for_tenant(_rounds(request), request, pk=pk)
    questions = [
        {
            "id": q.pk,
            "order": q.order,
            "key": q.key,
            "category": q.category,
            "text": q.text,
            "help_text": q.help_text,
        }
        for q in r.questions.all()
    ]
    return {**round_out(r), "introduction": r.introduction, "questions": questions}


@router.get(
    TENANT + "/followup/rounds/{int:pk}/responses",
    response=ResponsePage,
    url_name="round-responses",
    summary="Omgångens svar (status per insats och förvaltning)",
)
def round_responses(request: HttpRequest, municipality: str, pk: int, filters: Query[ResponseFilters]):
    """The board: every response's status, as every member sees it on the round page."""
    enter(request, municipality)
    r = get_for_tenant(FollowUpRound.objects.all(), request, pk=pk)
    qs: Any = FollowUpResponse.objects.filter(round=r).select_related("measure", "unit")
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.unit:
        qs = qs.for_unit(filters.unit)
    qs = ordered(qs, filters.ordering, ("status", "updated_at", "measure__code"), ("measure__code",))
    return paginate(request, qs, filters, lambda rows: [response_out(x) for x in rows])


def _response(request: HttpRequest, pk: int) -> FollowUpResponse:
    return get_for_tenant(
        FollowUpResponse.objects.select_related("round", "measure", "unit", "submitted_by").prefetch_related(
            "answers"
        ),
        request,
        pk=pk,
    )


@router.get(
    TENANT + "/followup/responses/{int:pk}",
    response=ResponseDetailOut,
    url_name="response-detail",
    summary="Ett svar med svaren på frågorna",
)
def response_detail(request: HttpRequest, municipality: str, pk: int, response: HttpResponse):
    """One administration's answers about one measure (not for partners). The `ETag` is its version."""
    enter(request, municipality)
    require_internal(request)
    found = _response(request, pk)
    response["ETag"] = etag(found)
    return response_detail_out(found)


@router.put(
    TENANT + "/followup/responses/{int:pk}",
    response=ResponseDetailOut,
    url_name="response-detail",
    summary="Spara eller skicka in svar",
    openapi_extra=body_doc(AnswersIn, description="Svaren, slutsatsen och om svaret skickas in."),
)
def response_save(request: HttpRequest, municipality: str, pk: int, response: HttpResponse):
    """Save the answers (a draft) or submit them, as the response page does: the coordinator, or
    the unit editor of the responsible unit, while the round is open and the answer not submitted.
    Questions left out keep no answer. Stale versions answer 412."""
    enter(request, municipality)
    require_write(request)
    require_internal(request)
    found = _response(request, pk)
    require(can_answer(request.membership, found))  # type: ignore[attr-defined]
    if not found.is_editable_by_unit:
        raise ApiError(
            409, _("Svaret kan inte ändras nu: det är inskickat, godkänt eller omgången är stängd.")
        )
    data = json_body(request)
    questions = list(found.round.questions.all())
    answers = data.get("answers") or {}
    known = {str(q.pk) for q in questions}
    if not isinstance(answers, dict) or not set(map(str, answers)) <= known:
        raise ApiError(
            422,
            _("Okänd fråga: ange svaren per fråga i omgången (frågans id)."),
            errors={"answers": [_("Okänd fråga.")]},
        )
    ensure_fresh(request, found, data.get("version"))
    form_input = {f"q_{key}": str(value or "") for key, value in answers.items()}
    form_input["conclusion"] = str(data.get("conclusion") or "")
    form_input["lock_version"] = str(version_of(found))  # checked against If-Match just above
    form = ResponseForm(form_input, response=found, questions=questions, answers={})
    if not form.is_valid():
        raise form_errors(form)
    try:
        found.save_answers(
            by=request.user,
            answers=form.answers(),
            conclusion=form.cleaned_data["conclusion"],
            submit=bool(data.get("submit")),
            seen_version=int(version_of(found)),
        )
    except EditConflictError as error:
        raise stale(found) from error
    except FollowUpError as error:
        raise ApiError(422, " ".join(error.messages)) from error
    changed(request)
    saved = _response(request, pk)
    response["ETag"] = etag(saved)
    return response_detail_out(saved)
