"""The dashboard's panels from the other apps: what they show, and that their queries do not grow."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from varn.cooperation.tests.factories import ActionPointFactory, ForumFactory, ForumMeetingFactory
from varn.decisions.models import Case, Decision, ReferralRequirement
from varn.factories import PartnerFactory
from varn.followup.tests.factories import fill_program
from varn.training.tests.factories import TrainingEffortFactory, UnionTrainingOfferFactory


def add_data(cast, n):
    case, _ = Case.objects.get_or_create(
        municipality=cast.municipality, dnr="2025.202 KS", program=cast.program, defaults={"title": "Program"}
    )
    for i in range(n):
        decision = Decision.objects.create(
            municipality=cast.municipality,
            case=case,
            body="KSAU",
            meeting_date="2025-04-23",
            kind="referral_back",
        )
        ReferralRequirement.objects.create(
            municipality=cast.municipality, decision=decision, text=f"Krav {i}"
        )
        TrainingEffortFactory(program=cast.program, unit=cast.unit)
        union = PartnerFactory(municipality=cast.municipality, union=True)
        TrainingEffortFactory(program=cast.program, unit=None, partner=union)
        UnionTrainingOfferFactory(program=cast.program, partner=union)
        forum = ForumFactory(municipality=cast.municipality, has_written_agreement=True)
        forum.member_partners.add(union)
        ActionPointFactory(meeting=ForumMeetingFactory(forum=forum))
    fill_program(cast.program, n_measures=2 * n, n_units=2, n_goals=2)


def dashboard_queries(cast):
    client = cast.client(cast.coordinator)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("programs:dashboard", args=[cast.slug]))
    return response, len(ctx.captured_queries)


def test_the_dashboard_shows_requirements_training_cooperation_and_follow_up(cast):
    add_data(cast, 1)
    response, _ = dashboard_queries(cast)
    body = response.content.decode()
    for title in ("Krav vid återremiss", "Utbildning", "Samverkan", "Uppföljning inför revidering 2027"):
        assert title in body
    assert "Krav 0" in body and "öppet" in body
    assert "Med fackliga parter" in body


def test_the_panels_query_count_does_not_grow_with_the_data(cast):
    add_data(cast, 1)
    _, few = dashboard_queries(cast)
    add_data(cast, 10)
    _, many = dashboard_queries(cast)
    assert many == few


def test_without_a_programme_the_coordinator_is_offered_to_create_one_and_a_viewer_is_not(cast):
    cast.program.delete()
    page = cast.client(cast.coordinator).get(reverse("programs:dashboard", args=[cast.slug])).content.decode()
    create = reverse("programs:program-create", args=[cast.slug])
    assert "Inget program är upplagt ännu." in page and f'href="{create}"' in page
    assert 'id="panel-' not in page  # no programme, no panels
    page = cast.client(cast.viewer).get(reverse("programs:dashboard", args=[cast.slug])).content.decode()
    assert "Inget program är upplagt ännu." in page and create not in page


def test_the_cooperation_panel_counts_only_a_partner_s_own_forums(cast):
    add_data(cast, 2)  # forums of other unions than the partner's
    page = cast.client(cast.coordinator).get(reverse("programs:dashboard", args=[cast.slug])).content.decode()
    assert "<dt>Deltagare, medarbetare</dt><dd>" in page
    assert "<dt>Aktiva forum</dt><dd>2</dd>" in page
    page = (
        cast.client(cast.partner_user).get(reverse("programs:dashboard", args=[cast.slug])).content.decode()
    )
    assert "<dt>Deltagare, medarbetare</dt><dd>" in page
    assert "Aktiva forum" not in page
