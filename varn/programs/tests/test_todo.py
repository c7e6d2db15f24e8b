"""The start page's "Att göra": each person sees what is theirs to do, each item linking to where it
is done, before the overview; the number of queries does not grow with the data."""

from __future__ import annotations

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from varn.cooperation.tests.factories import ActionPointFactory, ForumFactory, ForumMeetingFactory
from varn.core.models import Job
from varn.decisions.models import ReferralRequirement
from varn.decisions.tests.factories import CaseFactory, DecisionFactory
from varn.factories import MeasureFactory
from varn.followup.models import FollowUpResponse, FollowUpRound
from varn.followup.tests.factories import RoundFactory
from varn.training.tests.factories import CourseFactory, UnionTrainingOfferFactory

PAST = datetime.date(2025, 12, 31)


def add_work(cast, n=1):
    """n of everything: responses due from the unit and submitted for review, overdue measures, an
    offer to the partner, an action point in the partner's forum, an open requirement, a forum due
    for follow-up and a failed job."""
    round = RoundFactory(program=cast.program, status=FollowUpRound.Status.OPEN)
    case = CaseFactory(municipality=cast.municipality, program=cast.program)
    for i in range(n):
        late = MeasureFactory(
            program=cast.program, responsible_unit=cast.unit, title=f"Försenad {i}", end_date=PAST
        )
        FollowUpResponse.objects.create(
            municipality=cast.municipality, round=round, measure=late, unit=cast.unit
        )
        other = MeasureFactory(program=cast.program, responsible_unit=cast.other_unit, title=f"Granskas {i}")
        FollowUpResponse.objects.create(
            municipality=cast.municipality,
            round=round,
            measure=other,
            unit=cast.other_unit,
            status=FollowUpResponse.Status.SUBMITTED,
        )
        UnionTrainingOfferFactory(
            municipality=cast.municipality,
            program=cast.program,
            partner=cast.partner,
            course=CourseFactory(municipality=cast.municipality),
        )
        forum = ForumFactory(municipality=cast.municipality, has_written_agreement=True)
        forum.member_partners.add(cast.partner)
        ActionPointFactory(meeting=ForumMeetingFactory(forum=forum), text=f"Åtgärd {i}", owner_unit=cast.unit)
        ReferralRequirement.objects.create(
            municipality=cast.municipality,
            decision=DecisionFactory(case=case, kind="referral_back"),
            text=f"Krav {i}",
        )
        Job.objects.create(
            municipality=cast.municipality, kind="report", title=f"Rapport {i}", status=Job.Status.FAILED
        )


def start_page(cast, user):
    return cast.client(user).get(reverse("programs:dashboard", args=[cast.slug])).content.decode()


def todo(page):
    return page.split('id="todo-heading"')[1].split('id="program-heading"')[0]


def test_a_unit_editor_sees_the_answers_due_from_their_unit_and_its_overdue_measures(cast):
    add_work(cast)
    page = start_page(cast, cast.unit_editor)
    mine = todo(page)
    assert "Uppföljningssvar att lämna" in mine and "Försenad 0" in mine
    response = FollowUpResponse.objects.get(unit=cast.unit)
    assert reverse("followup:response-detail", args=[cast.slug, response.pk]) in mine
    assert "Försenade insatser" in mine and "skulle vara klar 2025-12-31" in mine
    assert "Granskas 0" not in mine and "Krav 0" not in mine  # not theirs
    assert page.index('id="todo-heading"') < page.index('id="program-heading"')  # before the overview


def test_a_partner_sees_training_offers_and_their_forums_open_action_points(cast):
    add_work(cast)
    mine = todo(start_page(cast, cast.partner_user))
    assert "Utbildningserbjudanden att svara på" in mine
    assert "/utbildning/fackliga-parter/" in mine
    assert "Öppna åtgärdspunkter i era forum" in mine and "Åtgärd 0" in mine
    assert "Försenad 0" not in mine and "Rapport 0" not in mine


def test_a_coordinator_sees_reviews_requirements_forums_and_failed_jobs(cast):
    add_work(cast)
    mine = todo(start_page(cast, cast.coordinator))
    for title in (
        "Svar som väntar på granskning",
        "Öppna krav från återremiss",
        "Forum att följa upp (24 månader)",
        "Bakgrundsjobb som misslyckades",
    ):
        assert title in mine
    assert "Granskas 0" in mine and "Krav 0" in mine and "aldrig uppföljd" in mine and "Rapport 0" in mine
    requirement = ReferralRequirement.objects.get()
    assert reverse("decisions:requirement-resolve", args=[cast.slug, requirement.pk]) in mine


def test_a_viewer_has_nothing_to_do_and_an_outsider_sees_nothing(cast):
    add_work(cast)
    assert "Du har inget att göra just nu." in start_page(cast, cast.viewer)
    client = cast.client(cast.outsider)
    assert client.get(reverse("programs:dashboard", args=[cast.slug])).status_code == 404


def test_the_lists_are_cut_and_their_queries_do_not_grow_with_the_data(cast):
    def queries(user):
        client = cast.client(user)
        with CaptureQueriesContext(connection) as ctx:
            client.get(reverse("programs:dashboard", args=[cast.slug]) + "?q=1")
        return len(ctx.captured_queries)

    add_work(cast, 1)
    few = {u: queries(u) for u in (cast.coordinator, cast.unit_editor, cast.partner_user)}
    add_work(cast, 10)
    many = {u: queries(u) for u in (cast.coordinator, cast.unit_editor, cast.partner_user)}
    assert many == few
    assert "(de 8 första)" in todo(start_page(cast, cast.coordinator))
