import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from varn.cooperation.models import ActionPoint, Forum, ForumMeeting
from varn.factories import MeasureFactory, PartnerFactory, UnitFactory

from .factories import ActionPointFactory, ForumFactory, ForumMeetingFactory

TODAY = timezone.localdate()


def days(n: int) -> datetime.date:
    """A date relative to today, so that what is overdue stays overdue whenever the tests run."""
    return TODAY + datetime.timedelta(days=n)


def url(cast, name, *args):
    return reverse(f"cooperation:{name}", args=[cast.slug, *args])


@pytest.fixture
def forums(cast):
    police = PartnerFactory(municipality=cast.municipality, name="Polisen")
    central = ForumFactory(
        municipality=cast.municipality,
        name="Central samverkansgrupp",
        units=[cast.unit, cast.other_unit],
        partners=[cast.partner],
        has_written_agreement=True,
        agreement_decided_by="KSAU 2025-10-22 § 170",
        last_followed_up=days(-100),
    )
    working = ForumFactory(
        municipality=cast.municipality,
        name="Arbetsgrupp mellan förvaltningarna",
        units=[cast.other_unit],
        has_written_agreement=True,
        agreement_decided_by="Ledningsgruppen",
        last_followed_up=datetime.date(2023, 1, 1),
    )
    police_forum = ForumFactory(
        municipality=cast.municipality, name="Polissamverkan", units=[cast.unit], partners=[police]
    )
    meeting = ForumMeetingFactory(forum=central)
    ActionPointFactory(
        meeting=meeting, owner_unit=cast.unit, text="Ta fram informationsblad", due_date=days(-10)
    )
    ActionPointFactory(meeting=meeting, owner_unit=cast.unit, text="Klar punkt", status="done")
    ActionPointFactory(
        meeting=ForumMeetingFactory(forum=working),
        owner_unit=cast.other_unit,
        text="Inventera behov",
        due_date=days(30),
    )
    return {
        "central": central,
        "working": working,
        "police": police_forum,
        "meeting": meeting,
        "police_partner": police,
    }


@pytest.mark.parametrize("role", ["coordinator", "unit_editor", "viewer"])
def test_the_overview_shows_forums_unions_follow_up_and_open_action_points(cast, forums, role):
    response = cast.client(getattr(cast, role)).get(url(cast, "overview"))
    assert response.status_code == 200
    context = response.context
    assert {f.name for f in context["forums"]} == {
        "Central samverkansgrupp",
        "Arbetsgrupp mellan förvaltningarna",
        "Polissamverkan",
    }
    assert [f.name for f in context["union_forums"]] == ["Central samverkansgrupp"]
    assert [f.name for f in context["due"]] == ["Arbetsgrupp mellan förvaltningarna"]
    assert {a.text for a in context["open_actions"]} == {"Ta fram informationsblad", "Inventera behov"}
    assert context["overdue_total"] == 1
    body = response.content.decode()
    assert "Samverkan med de fackliga parterna" in body


def test_a_partner_sees_only_the_forums_it_takes_part_in(cast, forums):
    client = cast.client(cast.partner_user)
    response = client.get(url(cast, "overview"))
    assert [f.name for f in response.context["forums"]] == ["Central samverkansgrupp"]
    assert {a.text for a in response.context["open_actions"]} == {"Ta fram informationsblad"}
    assert client.get(url(cast, "forum-detail", forums["central"].pk)).status_code == 200
    assert client.get(url(cast, "forum-detail", forums["working"].pk)).status_code == 404
    assert client.get(url(cast, "forum-history", forums["working"].pk)).status_code == 404


def test_an_outsider_gets_404_everywhere(cast, forums):
    client = cast.client(cast.outsider)
    for name, args in [
        ("overview", ()),
        ("forum-detail", (forums["central"].pk,)),
        ("forum-edit", (forums["central"].pk,)),
        ("meeting-create", (forums["central"].pk,)),
    ]:
        assert client.get(url(cast, name, *args)).status_code == 404


def test_the_overview_runs_the_same_number_of_queries_at_1x_and_10x_data(
    cast, forums, django_assert_num_queries
):

    def more(n):
        for _ in range(n):
            unit = UnitFactory(municipality=cast.municipality)
            union = PartnerFactory(municipality=cast.municipality, union=True)
            measure = MeasureFactory(program=cast.program)
            forum = ForumFactory(
                municipality=cast.municipality, units=[unit], partners=[union], carried=[measure]
            )
            meeting = ForumMeetingFactory(forum=forum)
            meeting.set_attendance({("unit", unit.pk): 2, ("partner", union.pk): 1}, by=None)
            ActionPointFactory(meeting=meeting, owner_unit=unit)

    client = cast.client(cast.coordinator)
    more(2)
    client.get(url(cast, "overview"))
    with CaptureQueriesContext(connection) as once:
        client.get(url(cast, "overview"))
    more(18)
    with django_assert_num_queries(len(once.captured_queries)):
        assert client.get(url(cast, "overview")).status_code == 200


def forum_data(cast, **changes):
    data = {
        "name": "Ny samverkansgrupp",
        "purpose": "Samordna insatserna.",
        "member_units": [cast.unit.pk],
        "member_partners": [cast.partner.pk],
        "frequency": "quarterly",
        "has_written_agreement": "on",
        "agreement_date": "2026-01-01",
        "agreement_decided_by": "Kommunstyrelsen 2025-12-03 § 201",
        "last_followed_up": "",
        "is_active": "on",
    }
    data.update(changes)
    return data


def test_the_coordinator_creates_a_forum_with_measures(cast):
    measure = MeasureFactory(program=cast.program, code="4.1.1")
    response = cast.client(cast.coordinator).post(
        url(cast, "forum-create"), forum_data(cast, measures=[measure.pk])
    )
    assert response.status_code == 302
    forum = Forum.objects.get(name="Ny samverkansgrupp")
    assert forum.includes_unions
    assert list(measure.forums.all()) == [forum]
    assert forum.is_due_for_follow_up()  # never followed up


@pytest.mark.parametrize("role", ["unit_editor", "partner_user", "viewer"])
def test_only_the_coordinator_manages_forums(cast, forums, role):
    client = cast.client(getattr(cast, role))
    assert client.post(url(cast, "forum-create"), forum_data(cast)).status_code == 403
    assert client.get(url(cast, "forum-edit", forums["central"].pk)).status_code == 403
    assert (
        client.post(url(cast, "forum-follow-up", forums["central"].pk), {"date": "2026-11-01"}).status_code
        == 403
    )
    assert not Forum.objects.filter(name="Ny samverkansgrupp").exists()


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"member_units": [], "member_partners": []},
            "member_units",
            "Välj minst en förvaltning eller samverkanspart som deltar.",
        ),
        ({"agreement_decided_by": ""}, "agreement_decided_by", "Ange vem som beslutade överenskommelsen"),
        (
            {"has_written_agreement": ""},
            "has_written_agreement",
            "Markera att det finns en skriftlig överenskommelse",
        ),
        (
            {"last_followed_up": "2099-01-01"},
            "last_followed_up",
            "Uppföljningen kan inte vara gjord i framtiden.",
        ),
        ({"name": "Central samverkansgrupp"}, "name", "Det finns redan ett forum med det namnet."),
        ({"purpose": "Kontakt 19811218-9876"}, "purpose", "personnummer"),
        ({"frequency": "weekly"}, "frequency", "Välj ett giltigt alternativ"),
    ],
)
def test_a_bad_forum_is_refused_with_a_swedish_message(cast, forums, changes, field, message):
    response = cast.client(cast.coordinator).post(url(cast, "forum-create"), forum_data(cast, **changes))
    assert response.status_code == 200
    assert any(message in e for e in response.context["form"].errors[field])
    assert Forum.objects.count() == 3


def test_another_municipalitys_unit_cannot_be_made_a_member(cast):
    foreign = UnitFactory(municipality=cast.other)
    response = cast.client(cast.coordinator).post(
        url(cast, "forum-create"), forum_data(cast, member_units=[foreign.pk])
    )
    assert "member_units" in response.context["form"].errors
    assert not Forum.objects.exists()


def test_the_coordinator_records_a_follow_up(cast, forums):
    client = cast.client(cast.coordinator)
    forum = forums["working"]
    assert client.post(url(cast, "forum-follow-up", forum.pk), {"date": "2026-11-01"}).status_code == 302
    forum.refresh_from_db()
    assert forum.last_followed_up == datetime.date(2026, 11, 1)
    refused = client.post(url(cast, "forum-follow-up", forum.pk), {"date": "2099-01-01"})
    assert refused.status_code == 400
    assert "Uppföljningen kan inte vara gjord i framtiden." in refused.content.decode()


def meeting_data(cast, forum, **changes):
    data = {
        "date": "2026-10-01",
        "notes": "Lägesbild.",
        f"count_unit_{cast.unit.pk}": "2",
        f"count_partner_{cast.partner.pk}": "1",
    }
    if forum.member_units.filter(pk=cast.other_unit.pk).exists():
        data[f"count_unit_{cast.other_unit.pk}"] = ""
    data.update(changes)
    return data


@pytest.mark.parametrize("role", ["coordinator", "unit_editor"])
def test_a_meeting_is_recorded_with_counts_per_organisation(cast, forums, role):
    forum = forums["central"]
    response = cast.client(getattr(cast, role)).post(
        url(cast, "meeting-create", forum.pk), meeting_data(cast, forum)
    )
    assert response.status_code == 302
    meeting = ForumMeeting.objects.get(forum=forum, date=datetime.date(2026, 10, 1))
    counts = {(a.unit_id, a.partner_id): a.participants for a in meeting.attendance.all()}
    assert counts == {(cast.unit.pk, None): 2, (None, cast.partner.pk): 1}


def test_a_unit_editor_records_meetings_only_in_forums_their_unit_takes_part_in(cast, forums):
    forum = forums["working"]
    client = cast.client(cast.unit_editor)
    assert client.get(url(cast, "meeting-create", forum.pk)).status_code == 403
    assert client.post(url(cast, "meeting-create", forum.pk), {"date": "2026-10-01"}).status_code == 403


@pytest.mark.parametrize("role", ["partner_user", "viewer"])
def test_partners_and_viewers_do_not_record_meetings(cast, forums, role):
    forum = forums["central"]
    client = cast.client(getattr(cast, role))
    assert client.post(url(cast, "meeting-create", forum.pk), meeting_data(cast, forum)).status_code == 403
    assert client.get(url(cast, "meeting-edit", forums["meeting"].pk)).status_code == 403
    assert client.get(url(cast, "action-create", forums["meeting"].pk)).status_code == 403
    assert ForumMeeting.objects.count() == 2


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"date": "2099-01-01"}, "date", "datumet kan inte ligga i framtiden"),
        ({"date": "inte ett datum"}, "date", "datum"),
        ({"notes": "Ring 19811218-9876"}, "notes", "personnummer"),
    ],
)
def test_a_bad_meeting_is_refused_and_nothing_is_saved(cast, forums, changes, field, message):
    forum = forums["central"]
    response = cast.client(cast.coordinator).post(
        url(cast, "meeting-create", forum.pk), meeting_data(cast, forum, **changes)
    )
    assert response.status_code == 200
    assert any(message in e for e in response.context["form"].errors[field])
    assert ForumMeeting.objects.count() == 2


def test_a_meeting_needs_participants_and_counts_are_not_negative(cast, forums):
    forum = forums["central"]
    client = cast.client(cast.coordinator)
    none = client.post(
        url(cast, "meeting-create", forum.pk),
        meeting_data(
            cast, forum, **{f"count_unit_{cast.unit.pk}": "", f"count_partner_{cast.partner.pk}": "0"}
        ),
    )
    assert "Ange antal deltagare för minst en organisation." in none.context["form"].non_field_errors()
    negative = client.post(
        url(cast, "meeting-create", forum.pk),
        meeting_data(cast, forum, **{f"count_unit_{cast.unit.pk}": "-2"}),
    )
    assert negative.context["form"].errors[f"count_unit_{cast.unit.pk}"]
    assert ForumMeeting.objects.count() == 2


def test_editing_a_meeting_replaces_its_counts(cast, forums):
    meeting = forums["meeting"]
    meeting.set_attendance({("unit", cast.unit.pk): 3}, by=cast.coordinator)
    data = meeting_data(
        cast,
        forums["central"],
        date="2026-03-01",
        **{f"count_unit_{cast.unit.pk}": "1", f"count_partner_{cast.partner.pk}": ""},
        lock_version=meeting.lock_version,
    )
    assert cast.client(cast.unit_editor).post(url(cast, "meeting-edit", meeting.pk), data).status_code == 302
    assert [(a.unit_id, a.participants) for a in meeting.attendance.all()] == [(cast.unit.pk, 1)]


def test_action_points_are_added_and_updated_by_those_who_record_meetings(cast, forums):
    meeting = forums["meeting"]
    client = cast.client(cast.unit_editor)
    data = {
        "text": "Sammanställa deltagandet",
        "owner": f"partner:{cast.partner.pk}",
        "due_date": "2026-12-31",
        "status": "open",
    }
    assert client.post(url(cast, "action-create", meeting.pk), data).status_code == 302
    action = ActionPoint.objects.get(text="Sammanställa deltagandet")
    assert action.owner == cast.partner
    edit = {**data, "status": "done", "lock_version": action.lock_version}
    assert client.post(url(cast, "action-edit", action.pk), edit).status_code == 302
    action.refresh_from_db()
    assert action.status == "done"
    assert action.history.first().history_user == cast.unit_editor


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"due_date": "2026-02-01"}, "due_date", "Sista dag kan inte vara före mötet."),
        ({"owner": "partner:999999"}, "owner", "Välj ett giltigt alternativ"),
        ({"owner": ""}, "owner", "Detta fält måste fyllas i."),
        ({"text": ""}, "text", "Detta fält måste fyllas i."),
    ],
)
def test_a_bad_action_point_is_refused(cast, forums, changes, field, message):
    data = {
        "text": "Något",
        "owner": f"unit:{cast.unit.pk}",
        "due_date": "2026-12-31",
        "status": "open",
        **changes,
    }
    response = cast.client(cast.coordinator).post(url(cast, "action-create", forums["meeting"].pk), data)
    assert response.status_code == 200
    assert any(message in e for e in response.context["form"].errors[field])
    assert ActionPoint.objects.count() == 3


def test_an_action_point_owner_must_take_part_in_the_forum(cast, forums):
    police = forums["police_partner"]  # not a member of the central group
    data = {"text": "Något", "owner": f"partner:{police.pk}", "due_date": "2026-12-31", "status": "open"}
    response = cast.client(cast.coordinator).post(url(cast, "action-create", forums["meeting"].pk), data)
    assert "owner" in response.context["form"].errors


def test_the_forum_page_shows_members_meetings_and_measures(cast, forums):
    measure = MeasureFactory(
        program=cast.program, code="4.1.1", title="Central samverkansgrupp med de fackliga parterna"
    )
    forums["central"].measures.add(measure)
    forums["meeting"].set_attendance({("partner", cast.partner.pk): 2}, by=None)
    response = cast.client(cast.viewer).get(url(cast, "forum-detail", forums["central"].pk))
    body = response.content.decode()
    assert "Vision (facklig)" in body
    assert "4.1.1" in body
    assert "Ta fram informationsblad" in body
    assert response.context["can_record"] is False


def test_a_measure_links_to_the_forums_that_carry_it(cast, forums):
    measure = MeasureFactory(program=cast.program, code="4.1.3")
    forums["police"].measures.add(measure)
    forums["central"].measures.add(measure)
    response = cast.client(cast.viewer).get(url(cast, "measure-forums", measure.pk))
    assert [f.name for f in response.context["forums"]] == ["Central samverkansgrupp", "Polissamverkan"]
    assert cast.client(cast.outsider).get(url(cast, "measure-forums", measure.pk)).status_code == 404
