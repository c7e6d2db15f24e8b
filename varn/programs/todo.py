"""What is the signed-in person's to do, shown on the start page before the overview.

Each role gets its own lists, each item linking to the page where it is done: a unit editor, the
follow-up answers due from their unit and its overdue measures; a partner, the training offers to
answer and the open action points of their forums; a coordinator, the answers waiting for review,
the open referral requirements, the forums due for their 24-month follow-up and the jobs that
failed. One query per list, each list cut at LIMIT items (the heading says how many are shown).

The lists are read as plain values through prepared queries (varn/core/prepared.py) and their
links reversed once per list (issue 16): the start page is the page most often opened."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from varn.cooperation.models import ActionPoint, Forum, follow_up_cutoff
from varn.core.markup import object_links
from varn.core.models import Job
from varn.core.prepared import PreparedQuery
from varn.decisions.models import ReferralRequirement, reference_of
from varn.followup.models import FollowUpResponse, FollowUpRound
from varn.training.models import UnionTrainingOffer

from .dashboard_rows import todo_items
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

    def items_html(self) -> SafeString:
        return todo_items(self.items)


def _cut(key: str, title: str, items: list[Item]) -> TodoList:
    return TodoList(key=key, title=title, items=items[:LIMIT], has_more=len(items) > LIMIT)


def _date(day) -> str:
    return day.isoformat() if day else "–"


def _code_title(code: str, title: str) -> str:
    """A measure as its __str__ names it."""
    return f"{code} {title}".strip()


_ANSWERS = PreparedQuery(
    lambda municipality_id, unit_id: (
        FollowUpResponse.objects.filter(
            municipality_id=municipality_id, unit_id=unit_id, round__status=FollowUpRound.Status.OPEN
        )
        .outstanding()
        .order_by("round__deadline", "measure__code")
        .values_list("pk", "status", "measure__code", "measure__title", "round__title", "round__deadline")[
            : LIMIT + 1
        ]
    ),
    municipality_id=int,
    unit_id=int,
)
_UNIT_OVERDUE = PreparedQuery(
    lambda municipality_id, unit_id, today: (
        Measure.objects.filter(municipality_id=municipality_id, responsible_unit_id=unit_id)
        .overdue(today)
        .order_by("end_date", "code")
        .values_list("pk", "code", "title", "end_date")[: LIMIT + 1]
    ),
    municipality_id=int,
    unit_id=int,
    today=datetime.date,
)
_OFFERS = PreparedQuery(
    lambda municipality_id, partner_id: (
        UnionTrainingOffer.objects.filter(
            municipality_id=municipality_id, partner_id=partner_id, status=UnionTrainingOffer.Status.OFFERED
        )
        .order_by("offered_on", "pk")
        .values_list("pk", "course__name", "offered_on")[: LIMIT + 1]
    ),
    municipality_id=int,
    partner_id=int,
)
_ACTIONS = PreparedQuery(
    lambda municipality_id, partner_id: (
        ActionPoint.objects.filter(
            municipality_id=municipality_id, meeting__forum__member_partners=partner_id
        )
        .open()
        .order_by("due_date", "pk")
        .distinct()
        .values_list("pk", "text", "due_date", "meeting__forum_id", "meeting__forum__name")[: LIMIT + 1]
    ),
    municipality_id=int,
    partner_id=int,
)
_REVIEW = PreparedQuery(
    lambda municipality_id: (
        FollowUpResponse.objects.filter(
            municipality_id=municipality_id, status=FollowUpResponse.Status.SUBMITTED
        )
        .order_by("submitted_at", "pk")
        .values_list("pk", "measure__code", "measure__title", "unit__name")[: LIMIT + 1]
    ),
    municipality_id=int,
)
_REQUIREMENTS = PreparedQuery(
    lambda municipality_id: (
        ReferralRequirement.objects.filter(
            municipality_id=municipality_id, status=ReferralRequirement.Status.OPEN
        )
        .order_by("decision__meeting_date", "position", "pk")
        .values_list("pk", "text", "decision__body", "decision__meeting_date", "decision__paragraph")[
            : LIMIT + 1
        ]
    ),
    municipality_id=int,
)
_FORUMS = PreparedQuery(
    lambda municipality_id, cutoff: (
        Forum.objects.filter(municipality_id=municipality_id, is_active=True)
        .agreement_not_followed_up_since(cutoff)
        .order_by("name")
        .values_list("pk", "name", "last_followed_up")[: LIMIT + 1]
    ),
    municipality_id=int,
    cutoff=datetime.date,
)
_JOBS = PreparedQuery(
    lambda municipality_id: (
        Job.objects.filter(municipality_id=municipality_id, status=Job.Status.FAILED)
        .order_by("-pk")
        .values_list("pk", "title", "message")[: LIMIT + 1]
    ),
    municipality_id=int,
)


def todo_for(membership) -> list[TodoList]:
    """The lists for this membership's role; empty lists are left out."""
    m = membership.municipality
    slug = m.slug
    today = timezone.localdate()
    lists: list[TodoList] = []
    if membership.is_unit_editor and membership.unit_id:
        rows = _ANSWERS.rows(municipality_id=m.pk, unit_id=membership.unit_id)
        link = object_links("followup:response-detail", slug)
        returned = f" ({FollowUpResponse.Status.RETURNED.label.lower()})"
        lists.append(
            _cut(
                "answers",
                _("Uppföljningssvar att lämna"),
                [
                    Item(
                        label=_code_title(code, title),
                        url=link(pk),
                        detail=_("%(round)s, svar senast %(day)s")
                        % {"round": round_title, "day": _date(deadline)}
                        + (returned if status == FollowUpResponse.Status.RETURNED else ""),
                        is_late=deadline < today,
                    )
                    for pk, status, code, title, round_title, deadline in rows
                ],
            )
        )
        rows = _UNIT_OVERDUE.rows(municipality_id=m.pk, unit_id=membership.unit_id, today=today)
        link = object_links("programs:measure-update", slug)
        lists.append(
            _cut(
                "overdue",
                _("Försenade insatser"),
                [
                    Item(
                        label=_code_title(code, title),
                        url=link(pk),
                        detail=_("skulle vara klar %(day)s") % {"day": _date(end_date)},
                        is_late=True,
                    )
                    for pk, code, title, end_date in rows
                ],
            )
        )
    if membership.is_partner and membership.partner_id:
        rows = _OFFERS.rows(municipality_id=m.pk, partner_id=membership.partner_id)
        link = object_links("training:offer-edit", slug)
        lists.append(
            _cut(
                "offers",
                _("Utbildningserbjudanden att svara på"),
                [
                    Item(
                        label=course,
                        url=link(pk),
                        detail=_("erbjuden %(day)s") % {"day": _date(offered_on)},
                    )
                    for pk, course, offered_on in rows
                ],
            )
        )
        rows = _ACTIONS.rows(municipality_id=m.pk, partner_id=membership.partner_id)
        link = object_links("cooperation:forum-detail", slug)
        lists.append(
            _cut(
                "actions",
                _("Öppna åtgärdspunkter i era forum"),
                [
                    Item(
                        label=text[:120],
                        url=link(forum_id),
                        detail=_("%(forum)s, klart senast %(day)s")
                        % {"forum": forum, "day": _date(due_date)},
                        is_late=due_date < today,
                    )
                    for _pk, text, due_date, forum_id, forum in rows
                ],
            )
        )
    if membership.can_manage:
        rows = _REVIEW.rows(municipality_id=m.pk)
        link = object_links("followup:response-detail", slug)
        lists.append(
            _cut(
                "review",
                _("Svar som väntar på granskning"),
                [
                    Item(label=_code_title(code, title), url=link(pk), detail=unit)
                    for pk, code, title, unit in rows
                ],
            )
        )
        rows = _REQUIREMENTS.rows(municipality_id=m.pk)
        link = object_links("decisions:requirement-resolve", slug)
        lists.append(
            _cut(
                "requirements",
                _("Öppna krav från återremiss"),
                [
                    Item(label=text[:160], url=link(pk), detail=reference_of(body, day, paragraph))
                    for pk, text, body, day, paragraph in rows
                ],
            )
        )
        rows = _FORUMS.rows(municipality_id=m.pk, cutoff=follow_up_cutoff(today))
        link = object_links("cooperation:forum-detail", slug)
        lists.append(
            _cut(
                "forums",
                _("Forum att följa upp (24 månader)"),
                [
                    Item(
                        label=name,
                        url=link(pk) + "#facts-heading",
                        detail=_("senast uppföljd %(day)s") % {"day": _date(followed_up)}
                        if followed_up
                        else _("aldrig uppföljd"),
                        is_late=True,
                    )
                    for pk, name, followed_up in rows
                ],
            )
        )
        rows = _JOBS.rows(municipality_id=m.pk)
        link = object_links("jobs:detail", slug)
        lists.append(
            _cut(
                "jobs",
                _("Bakgrundsjobb som misslyckades"),
                [Item(label=title, url=link(pk), detail=message or "") for pk, title, message in rows],
            )
        )
    return [entry for entry in lists if entry.items]
