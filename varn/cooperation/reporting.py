"""The cooperation section of the report to the politicians: which forums exist and who takes part,
the cooperation with the unions and how often they took part, which written agreements are due for
follow-up (24 months, as the national open comparisons ask), and the open action points."""

from __future__ import annotations

from collections import defaultdict

from django.utils import timezone

from varn.core.charts import Chart
from varn.core.reporting import Section, Table
from varn.organisations.models import Partner
from varn.programs.models import Program

from .models import ActionPoint, Forum, ForumMeeting, MeetingAttendance


def _members(forum: Forum) -> str:
    names = [u.short_name or u.name for u in forum.member_units.all()]
    names += [p.name for p in forum.member_partners.all()]
    return ", ".join(names) or "–"


def section(program: Program) -> Section | None:
    municipality = program.municipality
    today = timezone.localdate()
    forums = list(
        Forum.objects.filter(municipality=municipality)
        .with_union_flag()
        .select_related("agreement_decision")
        .prefetch_related("member_units", "member_partners")
        .order_by("-is_active", "name")
    )
    if not forums:
        return None
    years = list(range(program.period_start, program.period_end + 1))
    meetings: dict[int, set[int]] = defaultdict(set)  # year -> meeting ids
    per_forum: dict[int, set[int]] = defaultdict(set)
    for meeting_id, forum_id, day in ForumMeeting.objects.filter(
        municipality=municipality, date__year__gte=years[0], date__year__lte=years[-1]
    ).values_list("pk", "forum_id", "date"):
        meetings[day.year].add(meeting_id)
        per_forum[forum_id].add(meeting_id)
    union_meetings: dict[int, set[int]] = defaultdict(set)
    union_per_forum: dict[int, set[int]] = defaultdict(set)
    for meeting_id, forum_id, day in MeetingAttendance.objects.filter(
        municipality=municipality,
        partner__kind=Partner.Kind.UNION,
        meeting__date__year__gte=years[0],
        meeting__date__year__lte=years[-1],
    ).values_list("meeting_id", "meeting__forum_id", "meeting__date"):
        union_meetings[day.year].add(meeting_id)
        union_per_forum[forum_id].add(meeting_id)

    union_forums = [f for f in forums if f.includes_unions]
    due = [f for f in forums if f.is_due_for_follow_up(today)]
    actions = list(
        ActionPoint.objects.filter(municipality=municipality)
        .open()
        .select_related("meeting__forum", "owner_unit", "owner_partner")
        .order_by("due_date", "pk")
    )
    overdue = [a for a in actions if a.due_date < today]

    paragraphs = [
        f"Kommunen har {len(forums)} samverkansforum, varav {len(union_forums)} med de fackliga parterna "
        "(ett forum räknas som samverkan med de fackliga parterna när minst en facklig organisation "
        "är medlem).",
        f"Under programperioden har {sum(len(v) for v in meetings.values())} samverkansmöten hållits; de "
        f"fackliga parterna deltog i {sum(len(v) for v in union_meetings.values())} av dem. Deltagandet "
        "redovisas som antal per organisation, aldrig med namn.",
        (
            f"{len(due)} skriftliga överenskommelser har inte följts upp inom 24 månader: "
            + ", ".join(f.name for f in due)
            + "."
            if due
            else "Alla skriftliga överenskommelser är uppföljda inom de senaste 24 månaderna."
        ),
        f"{len(actions)} åtgärdspunkter är öppna, varav {len(overdue)} är försenade.",
    ]
    forum_table = Table(
        caption="Samverkansforum, vilka som deltar och uppföljning av överenskommelser",
        headers=[
            "Forum",
            "Vilka deltar",
            "Fackliga parter",
            "Skriftlig överenskommelse",
            "Senast uppföljd",
            "Uppföljning behövs",
        ],
        rows=[
            [
                f.name,
                _members(f),
                "ja" if f.includes_unions else "nej",
                (f"ja, {f.decided_by_label}" if f.decided_by_label else "ja")
                if f.has_written_agreement
                else "nej",
                (f"{f.last_followed_up:%Y-%m-%d}" if f.last_followed_up else "aldrig")
                if f.has_written_agreement
                else "–",
                "ja" if f in due else "nej",
            ]
            for f in forums
        ],
    )
    union_table = Table(
        caption="Samverkan med de fackliga parterna under programperioden",
        headers=["Forum", "Möten", "Möten med fackligt deltagande"],
        rows=[[f.name, str(len(per_forum[f.pk])), str(len(union_per_forum[f.pk]))] for f in union_forums],
    )
    action_table = Table(
        caption="Öppna åtgärdspunkter",
        headers=["Åtgärd", "Forum", "Ansvarig", "Klart senast", "Status"],
        rows=[
            [
                a.text,
                a.meeting.forum.name,
                str(a.owner),
                f"{a.due_date:%Y-%m-%d}" + (" (försenad)" if a.due_date < today else ""),
                a.get_status_display(),
            ]
            for a in actions
        ],
    )
    chart = Chart(
        kind="bar",
        title="Samverkansmöten per år och de fackliga parternas deltagande",
        labels=[str(y) for y in years],
        series={
            "Möten": [len(meetings[y]) if y <= today.year else None for y in years],
            "Möten med fackliga parter": [len(union_meetings[y]) if y <= today.year else None for y in years],
        },
        unit="antal",
    )
    return Section(
        title="Samverkan",
        paragraphs=paragraphs,
        tables=[forum_table, union_table, action_table],
        charts=[chart],
    )
