"""Cooperation: forums (the partner sees those it takes part in) with their meetings, attendance
as counts per organisation, and action points."""

from __future__ import annotations

import datetime

from django.db.models import Prefetch
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema

from varn.cooperation.models import ActionPoint, Forum, ForumMeeting, MeetingAttendance

from .common import TENANT, Ref, enter, ref
from .schemas import example, example_of

router = Router()


class ForumOut(Schema):
    model_config = example(
        id=3,
        name="Samverkansgrupp med fackliga parter",
        purpose="Följa upp basutbildningen.",
        frequency="quarterly",
        frequency_label="Kvartalsvis",
        member_units=[{"id": 2, "name": "Socialförvaltningen"}],
        member_partners=[{"id": 5, "name": "Vision"}],
        measures=[12],
        includes_unions=True,
        has_written_agreement=True,
        agreement_date="2025-01-15",
        agreement_decided_by="KS 2025-01-15 § 4",
        last_followed_up="2025-09-01",
        is_active=True,
    )
    id: int
    name: str
    purpose: str
    frequency: str
    frequency_label: str
    member_units: list[Ref]
    member_partners: list[Ref]
    measures: list[int] = Field(..., description="Insatser som forumet bär (id).")
    includes_unions: bool
    has_written_agreement: bool
    agreement_date: datetime.date | None
    agreement_decided_by: str
    last_followed_up: datetime.date | None
    is_active: bool


class AttendanceOut(Schema):
    organisation: Ref
    kind: str = Field(..., description="unit eller partner")
    participants: int


class ActionPointOut(Schema):
    id: int
    text: str
    owner: Ref | None
    due_date: datetime.date
    status: str
    status_label: str


class MeetingOut(Schema):
    model_config = example(
        id=21,
        date="2025-09-01",
        notes="Genomgång av utbildningsläget.",
        participant_total=9,
        attendance=[{"organisation": {"id": 5, "name": "Vision"}, "kind": "partner", "participants": 2}],
        action_points=[
            {
                "id": 4,
                "text": "Boka nästa utbildningstillfälle",
                "owner": {"id": 2, "name": "Socialförvaltningen"},
                "due_date": "2025-10-01",
                "status": "open",
                "status_label": "Öppen",
            }
        ],
    )
    id: int
    date: datetime.date
    notes: str
    participant_total: int
    attendance: list[AttendanceOut]
    action_points: list[ActionPointOut]


class ForumDetailOut(ForumOut):
    model_config = example(
        **example_of(ForumOut),
        meetings=[example_of(MeetingOut)],
    )
    meetings: list[MeetingOut]


def _forums(request: HttpRequest):
    return (
        Forum.objects.visible_to(request.membership)  # type: ignore[attr-defined]
        .with_union_flag()
        .select_related("agreement_decision")
        .prefetch_related("member_units", "member_partners", "measures")
    )


def forum_out(f: Forum) -> dict:
    return {
        "id": f.pk,
        "name": f.name,
        "purpose": f.purpose,
        "frequency": f.frequency,
        "frequency_label": f.get_frequency_display(),
        "member_units": [ref(u) for u in f.member_units.all()],
        "member_partners": [ref(p) for p in f.member_partners.all()],
        "measures": [m.pk for m in f.measures.all()],
        "includes_unions": bool(getattr(f, "has_union_members", False)),
        "has_written_agreement": f.has_written_agreement,
        "agreement_date": f.agreement_date,
        "agreement_decided_by": f.decided_by_label,
        "last_followed_up": f.last_followed_up,
        "is_active": f.is_active,
    }


def meeting_out(m: ForumMeeting) -> dict:
    return {
        "id": m.pk,
        "date": m.date,
        "notes": m.notes,
        "participant_total": m.participant_total,
        "attendance": [
            {
                "organisation": ref(a.unit or a.partner),
                "kind": "unit" if a.unit_id else "partner",
                "participants": a.participants,
            }
            for a in m.attendance.all()
        ],
        "action_points": [
            {
                "id": p.pk,
                "text": p.text,
                "owner": ref(p.owner_unit or p.owner_partner),
                "due_date": p.due_date,
                "status": p.status,
                "status_label": p.get_status_display(),
            }
            for p in m.action_points.all()
        ],
    }


@router.get(TENANT + "/forums", response=list[ForumOut], url_name="forum-list", summary="Forum för samverkan")
def forum_list(request: HttpRequest, municipality: str):
    enter(request, municipality)
    return [forum_out(f) for f in _forums(request).order_by("-is_active", "name")]


@router.get(
    TENANT + "/forums/{int:pk}", response=ForumDetailOut, url_name="forum-detail", summary="Ett forum"
)
def forum_detail(request: HttpRequest, municipality: str, pk: int):
    """A forum with its meetings, newest first, as the forum page shows it."""
    enter(request, municipality)
    forum = get_object_or_404(_forums(request), pk=pk)
    meetings = forum.meetings.prefetch_related(
        Prefetch("attendance", queryset=MeetingAttendance.objects.select_related("unit", "partner")),
        Prefetch("action_points", queryset=ActionPoint.objects.select_related("owner_unit", "owner_partner")),
    ).order_by("-date", "-pk")
    return {**forum_out(forum), "meetings": [meeting_out(m) for m in meetings]}
