"""What is the signed-in person's to do, shown on the start page before the overview.

Each role gets its own lists, each item linking to the page where it is done: a unit editor, the
follow-up answers due from their unit and its overdue measures; a partner, the training offers to
answer and the open action points of their forums; a coordinator, the answers waiting for review,
the open referral requirements, the forums due for their 24-month follow-up and the jobs that
failed. One query per list, each list cut at LIMIT items (the heading says how many are shown)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from varn.cooperation.models import ActionPoint, Forum
from varn.core.models import Job
from varn.decisions.models import ReferralRequirement
from varn.followup.models import FollowUpResponse, FollowUpRound
from varn.training.models import UnionTrainingOffer

from .models import Measure

LIMIT = 8


@dataclass
class Item:
    label: str
    url: str
    detail: str = ""
    is_late: bool = False


@dataclass
class TodoList:
    key: str
    title: str
    items: list[Item] = field(default_factory=list)
    has_more: bool = False


def _cut(key: str, title: str, items: list[Item]) -> TodoList:
    return TodoList(key=key, title=title, items=items[:LIMIT], has_more=len(items) > LIMIT)


def _date(day) -> str:
    return day.isoformat() if day else "–"


def todo_for(membership) -> list[TodoList]:
    """The lists for this membership's role; empty lists are left out."""
    m = membership.municipality
    slug = m.slug
    today = timezone.localdate()
    lists: list[TodoList] = []
    if membership.is_unit_editor and membership.unit_id:
        responses = list(
            FollowUpResponse.objects.filter(
                municipality=m, unit_id=membership.unit_id, round__status=FollowUpRound.Status.OPEN
            )
            .outstanding()
            .select_related("measure", "round")
            .order_by("round__deadline", "measure__code")[: LIMIT + 1]
        )
        lists.append(
            _cut(
                "answers",
                _("Uppföljningssvar att lämna"),
                [
                    Item(
                        label=str(r.measure),
                        url=reverse("followup:response-detail", args=[slug, r.pk]),
                        detail=_("%(round)s, svar senast %(day)s")
                        % {"round": r.round, "day": _date(r.round.deadline)}
                        + (f" ({r.get_status_display().lower()})" if r.status == r.Status.RETURNED else ""),
                        is_late=r.round.deadline < today,
                    )
                    for r in responses
                ],
            )
        )
        overdue = list(
            Measure.objects.filter(municipality=m, responsible_unit_id=membership.unit_id)
            .overdue(today)
            .order_by("end_date", "code")[: LIMIT + 1]
        )
        lists.append(
            _cut(
                "overdue",
                _("Försenade insatser"),
                [
                    Item(
                        label=str(x),
                        url=reverse("programs:measure-update", args=[slug, x.pk]),
                        detail=_("skulle vara klar %(day)s") % {"day": _date(x.end_date)},
                        is_late=True,
                    )
                    for x in overdue
                ],
            )
        )
    if membership.is_partner and membership.partner_id:
        offers = list(
            UnionTrainingOffer.objects.filter(
                municipality=m, partner_id=membership.partner_id, status=UnionTrainingOffer.Status.OFFERED
            )
            .select_related("course")
            .order_by("offered_on", "pk")[: LIMIT + 1]
        )
        lists.append(
            _cut(
                "offers",
                _("Utbildningserbjudanden att svara på"),
                [
                    Item(
                        label=str(o.course),
                        url=reverse("training:offer-edit", args=[slug, o.pk]),
                        detail=_("erbjuden %(day)s") % {"day": _date(o.offered_on)},
                    )
                    for o in offers
                ],
            )
        )
        points = list(
            ActionPoint.objects.visible_to(membership)
            .open()
            .select_related("meeting__forum")
            .order_by("due_date", "pk")
            .distinct()[: LIMIT + 1]
        )
        lists.append(
            _cut(
                "actions",
                _("Öppna åtgärdspunkter i era forum"),
                [
                    Item(
                        label=p.text[:120],
                        url=reverse("cooperation:forum-detail", args=[slug, p.meeting.forum_id]),
                        detail=_("%(forum)s, klart senast %(day)s")
                        % {"forum": p.meeting.forum, "day": _date(p.due_date)},
                        is_late=p.due_date < today,
                    )
                    for p in points
                ],
            )
        )
    if membership.can_manage:
        review = list(
            FollowUpResponse.objects.filter(municipality=m, status=FollowUpResponse.Status.SUBMITTED)
            .select_related("measure", "unit")
            .order_by("submitted_at", "pk")[: LIMIT + 1]
        )
        lists.append(
            _cut(
                "review",
                _("Svar som väntar på granskning"),
                [
                    Item(
                        label=str(r.measure),
                        url=reverse("followup:response-detail", args=[slug, r.pk]),
                        detail=str(r.unit),
                    )
                    for r in review
                ],
            )
        )
        requirements = list(
            ReferralRequirement.objects.filter(municipality=m, status=ReferralRequirement.Status.OPEN)
            .select_related("decision")
            .order_by("decision__meeting_date", "position", "pk")[: LIMIT + 1]
        )
        lists.append(
            _cut(
                "requirements",
                _("Öppna krav från återremiss"),
                [
                    Item(
                        label=r.text[:160],
                        url=reverse("decisions:requirement-resolve", args=[slug, r.pk]),
                        detail=r.decision.reference,
                    )
                    for r in requirements
                ],
            )
        )
        forums = list(
            Forum.objects.filter(municipality=m, is_active=True)
            .due_for_follow_up(today)
            .order_by("name")[: LIMIT + 1]
        )
        lists.append(
            _cut(
                "forums",
                _("Forum att följa upp (24 månader)"),
                [
                    Item(
                        label=f.name,
                        url=reverse("cooperation:forum-detail", args=[slug, f.pk]) + "#facts-heading",
                        detail=_("senast uppföljd %(day)s") % {"day": _date(f.last_followed_up)}
                        if f.last_followed_up
                        else _("aldrig uppföljd"),
                        is_late=True,
                    )
                    for f in forums
                ],
            )
        )
        jobs = list(
            Job.objects.filter(municipality=m, status=Job.Status.FAILED)
            .select_related("municipality")
            .order_by("-pk")[: LIMIT + 1]
        )
        lists.append(
            _cut(
                "jobs",
                _("Bakgrundsjobb som misslyckades"),
                [Item(label=j.title, url=j.get_absolute_url(), detail=j.message or "") for j in jobs],
            )
        )
    return [entry for entry in lists if entry.items]
