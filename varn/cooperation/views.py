from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.db.models import Count, Max, Prefetch, Q, Sum
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from varn.core.history import history_entries
from varn.core.tenancy import get_for_tenant, require, tenant_view
from varn.organisations.models import Partner
from varn.programs.models import Measure

from .forms import ActionPointForm, FollowUpForm, ForumForm, MeetingForm
from .models import ActionPoint, Forum, ForumMeeting, MeetingAttendance

OPEN_ACTIONS_SHOWN = 100


def _forums(request):
    return Forum.objects.visible_to(request.membership)


@tenant_view
def overview(request):
    membership = request.membership
    today = timezone.localdate()
    visible = _forums(request)
    forums = list(
        visible.with_union_flag()
        .annotate(
            open_actions=Count(
                "meetings__action_points",
                filter=~Q(meetings__action_points__status=ActionPoint.Status.DONE),
            ),
            last_meeting=Max("meetings__date"),
        )
        .prefetch_related("member_units", "member_partners", "measures")
        .order_by("-is_active", "name")
    )
    union_attendance = {
        row["meeting__forum"]: row
        for row in MeetingAttendance.objects.filter(
            municipality=request.municipality,
            meeting__forum__in=visible,
            partner__kind=Partner.Kind.UNION,
        )
        .order_by()
        .values("meeting__forum")
        .annotate(meetings=Count("meeting", distinct=True), participants=Sum("participants"))
    }
    for forum in forums:
        forum.union_attendance = union_attendance.get(forum.pk)  # type: ignore[attr-defined]
    actions = ActionPoint.objects.visible_to(membership).open()
    open_actions = list(
        actions.select_related("meeting__forum", "owner_unit", "owner_partner").order_by("due_date", "pk")[
            :OPEN_ACTIONS_SHOWN
        ]
    )
    counts = actions.aggregate(total=Count("pk"), overdue=Count("pk", filter=Q(due_date__lt=today)))
    context = {
        "forums": forums,
        "union_forums": [f for f in forums if f.includes_unions],
        "due": [f for f in forums if f.is_due_for_follow_up(today)],
        "without_agreement": [f for f in forums if f.is_active and not f.has_written_agreement],
        "open_actions": open_actions,
        "open_total": counts["total"],
        "overdue_total": counts["overdue"],
        "today": today,
    }
    return render(request, "cooperation/overview.html", context)


def _forum_for_display(request, pk: int) -> Forum:
    return get_object_or_404(
        _forums(request)
        .with_union_flag()
        .select_related("agreement_decision")
        .prefetch_related("member_units", "member_partners", "measures"),
        pk=pk,
    )


@tenant_view
def forum_detail(request, pk: int):
    forum = _forum_for_display(request, pk)
    meetings = list(
        forum.meetings.prefetch_related(
            Prefetch("attendance", queryset=MeetingAttendance.objects.select_related("unit", "partner")),
            Prefetch(
                "action_points", queryset=ActionPoint.objects.select_related("owner_unit", "owner_partner")
            ),
        ).order_by("-date", "-pk")
    )
    context = {
        "forum": forum,
        "meetings": meetings,
        "can_record": forum.can_record_meetings(request.membership),
        "follow_up_form": FollowUpForm(initial={"date": timezone.localdate()}),
        "is_due": forum.is_due_for_follow_up(),
    }
    return render(request, "cooperation/forum_detail.html", context)


def _forum_form(request, forum: Forum):
    require(request.membership.can_manage)
    form = ForumForm(request.POST or None, instance=forum, municipality=request.municipality)
    if request.method == "POST" and form.is_valid():
        forum = form.save()
        messages.success(request, _("Forumet är sparat."))
        return redirect("cooperation:forum-detail", request.municipality.slug, forum.pk)
    return render(request, "cooperation/forum_form.html", {"form": form, "forum": forum})


@tenant_view
def forum_create(request):
    return _forum_form(request, Forum(municipality=request.municipality))


@tenant_view
def forum_edit(request, pk: int):
    return _forum_form(request, get_for_tenant(Forum.objects.all(), request, pk=pk))


@tenant_view
@require_POST
def forum_follow_up(request, pk: int):
    forum = get_for_tenant(Forum.objects.all(), request, pk=pk)
    require(request.membership.can_manage)
    form = FollowUpForm(request.POST)
    if form.is_valid():
        forum.mark_followed_up(by=request.user, on=form.cleaned_data["date"])
        messages.success(request, _("Uppföljningen av överenskommelsen är registrerad."))
        return redirect("cooperation:forum-detail", request.municipality.slug, forum.pk)
    forum = _forum_for_display(request, pk)
    return render(
        request,
        "cooperation/forum_follow_up.html",
        {"forum": forum, "follow_up_form": form},
        status=400,
    )


@tenant_view
def forum_history(request, pk: int):
    forum = get_object_or_404(_forums(request), pk=pk)
    return render(
        request,
        "core/history.html",
        {"object": forum, "title": forum.name, "entries": history_entries(forum)},
    )


# Meetings and action points


def _meeting_form(request, forum: Forum, meeting: ForumMeeting):
    require(forum.can_record_meetings(request.membership))
    form = MeetingForm(request.POST or None, instance=meeting, forum=forum)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            meeting = form.save(commit=False)
            if meeting.created_by_id is None:
                meeting.created_by = request.user
            meeting._history_user = request.user  # type: ignore[attr-defined]
            meeting.save()
            meeting.set_attendance(form.counts(), by=request.user)
        messages.success(request, _("Mötet är sparat."))
        return redirect("cooperation:forum-detail", request.municipality.slug, forum.pk)
    return render(
        request, "cooperation/meeting_form.html", {"form": form, "forum": forum, "meeting": meeting}
    )


@tenant_view
def meeting_create(request, forum_pk: int):
    forum = get_object_or_404(
        _forums(request).prefetch_related("member_units", "member_partners"), pk=forum_pk
    )
    meeting = ForumMeeting(municipality=request.municipality, forum=forum)
    if request.method == "GET":
        meeting.date = timezone.localdate()
    return _meeting_form(request, forum, meeting)


@tenant_view
def meeting_edit(request, pk: int):
    meeting = get_for_tenant(
        ForumMeeting.objects.filter(forum__in=_forums(request))
        .select_related("forum")
        .prefetch_related("forum__member_units", "forum__member_partners", "attendance"),
        request,
        pk=pk,
    )
    return _meeting_form(request, meeting.forum, meeting)


def _action_form(request, meeting: ForumMeeting, action: ActionPoint):
    require(meeting.forum.can_record_meetings(request.membership))
    form = ActionPointForm(request.POST or None, instance=action, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Åtgärdspunkten är sparad."))
        return redirect("cooperation:forum-detail", request.municipality.slug, meeting.forum_id)
    return render(
        request, "cooperation/action_form.html", {"form": form, "meeting": meeting, "action": action}
    )


def _meeting_for_actions(request, pk: int) -> ForumMeeting:
    return get_for_tenant(
        ForumMeeting.objects.filter(forum__in=_forums(request))
        .select_related("forum")
        .prefetch_related("forum__member_units", "forum__member_partners"),
        request,
        pk=pk,
    )


@tenant_view
def action_create(request, meeting_pk: int):
    meeting = _meeting_for_actions(request, meeting_pk)
    action = ActionPoint(municipality=request.municipality, meeting=meeting)
    return _action_form(request, meeting, action)


@tenant_view
def action_edit(request, pk: int):
    action = get_for_tenant(ActionPoint.objects.visible_to(request.membership), request, pk=pk)
    meeting = _meeting_for_actions(request, action.meeting_id)
    return _action_form(request, meeting, action)


@tenant_view
def action_history(request, pk: int):
    action = get_for_tenant(ActionPoint.objects.visible_to(request.membership), request, pk=pk)
    return render(
        request,
        "core/history.html",
        {"object": action, "title": str(action), "entries": history_entries(action)},
    )


# Measures and the forums that carry them


@tenant_view
def measure_forums(request, measure_pk: int):
    measure = get_object_or_404(
        Measure.objects.visible_to(request.membership).select_related("responsible_unit"), pk=measure_pk
    )
    forums = (
        _forums(request)
        .carrying(measure)
        .with_union_flag()
        .prefetch_related("member_units", "member_partners")
        .order_by("name")
    )
    return render(request, "cooperation/measure_forums.html", {"measure": measure, "forums": forums})
