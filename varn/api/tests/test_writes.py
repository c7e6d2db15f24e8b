"""Cost entries and follow-up answers through the API: the interface's forms, rights, audit trail
and locking; money as decimal strings."""

from __future__ import annotations

import pytest

from varn.factories import GoalFactory, MeasureFactory
from varn.followup.models import CostEntry, FollowUpResponse
from varn.followup.tests.factories import CostEntryFactory, open_round

from .helpers import api_client, url


@pytest.fixture
def measures(cast):
    goal = GoalFactory(program=cast.program, municipality=cast.municipality)
    own = MeasureFactory(
        program=cast.program, municipality=cast.municipality, goal=goal, responsible_unit=cast.unit
    )
    other = MeasureFactory(
        program=cast.program, municipality=cast.municipality, goal=goal, responsible_unit=cast.other_unit
    )
    return own, other


def _cost(measure, **changes):
    return {
        "measure": measure.pk,
        "year": 2026,
        "category": "staff_time",
        "hours": "12.5",
        "basis": "actual",
    } | changes


def test_the_unit_editor_records_a_cost_for_their_own_measure(cast, measures):
    own, _other = measures
    response = api_client(cast.unit_editor).post(url(cast, "costs"), _cost(own))
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["hours"] == "12.5" and body["amount"] == "0" and body["unit"]["id"] == cast.unit.pk
    assert body["value"] == str(
        (cast.municipality.hourly_cost * 125 / 10).quantize(cast.municipality.hourly_cost)
    )
    entry = CostEntry.objects.get()
    assert entry.history.first().history_user == cast.unit_editor


def test_costs_are_refused_beyond_the_role(cast, measures):
    own, other = measures
    # The form offers a unit editor only their own unit's measures, as the page does.
    foreign = api_client(cast.unit_editor).post(url(cast, "costs"), _cost(other))
    assert foreign.status_code == 422 and foreign.json()["errors"]["measure"]
    assert api_client(cast.viewer).post(url(cast, "costs"), _cost(own)).status_code == 403
    assert api_client(cast.partner_user).get(url(cast, "costs")).status_code == 403
    assert api_client(cast.outsider).post(url(cast, "costs"), _cost(own)).status_code == 404
    assert not CostEntry.objects.exists()


def test_a_bad_cost_gets_the_forms_swedish_messages(cast, measures):
    own, _other = measures
    response = api_client(cast.coordinator).post(url(cast, "costs"), _cost(own, hours="-3", year=1990))
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert "Antalet timmar kan inte vara negativt." in errors["hours"]
    assert errors["year"]
    assert not CostEntry.objects.exists()


def test_a_cost_is_changed_under_its_version_and_a_stale_one_is_refused(cast, measures):
    own, _other = measures
    entry = CostEntryFactory(municipality=cast.municipality, measure=own, hours="10")
    client = api_client(cast.unit_editor)
    read = client.get(url(cast, f"costs/{entry.pk}"))
    version = read.json()["version"]
    assert read["ETag"] == f'"{version}"'
    changed = client.put(url(cast, f"costs/{entry.pk}"), {"hours": "20"}, version=version)
    assert changed.status_code == 200, changed.content
    assert changed.json()["hours"] == "20.0" and changed.json()["year"] == 2026
    stale = client.put(url(cast, f"costs/{entry.pk}"), {"hours": "30"}, version=version)
    assert stale.status_code == 412
    entry.refresh_from_db()
    assert entry.hours == 20 and entry.history.first().history_user == cast.unit_editor


def test_the_cost_list_filters_by_year(cast, measures):
    own, other = measures
    CostEntryFactory(municipality=cast.municipality, measure=own, year=2025)
    CostEntryFactory(municipality=cast.municipality, measure=other, year=2026, money=True)
    body = api_client(cast.viewer).get(url(cast, "costs"), year=2026).json()
    assert body["count"] == 1 and body["results"][0]["amount"] == "5000"


@pytest.fixture
def response(cast, measures):
    round = open_round(cast.program, municipality=cast.municipality)
    return round, FollowUpResponse.objects.get(round=round, measure=measures[0])


def test_the_unit_editor_saves_and_submits_answers(cast, response):
    round, answer = response
    questions = list(round.questions.all())
    client = api_client(cast.unit_editor)
    read = client.get(url(cast, f"followup/responses/{answer.pk}"))
    assert read.status_code == 200
    body = {"answers": {str(q.pk): f"Svar på {q.pk}" for q in questions}, "conclusion": "keep"}
    saved = client.put(url(cast, f"followup/responses/{answer.pk}"), body, version=read.json()["version"])
    assert saved.status_code == 200, saved.content
    assert saved.json()["status"] == "draft" and len(saved.json()["answers"]) == len(questions)
    submitted = client.put(
        url(cast, f"followup/responses/{answer.pk}"), body | {"submit": True}, version=saved.json()["version"]
    )
    assert submitted.json()["status"] == "submitted"
    answer.refresh_from_db()
    assert answer.submitted_by == cast.unit_editor and answer.history.first().history_user == cast.unit_editor
    closed = client.put(
        url(cast, f"followup/responses/{answer.pk}"), body, version=submitted.json()["version"]
    )
    assert closed.status_code == 409


def test_submitting_without_answers_is_refused_in_swedish(cast, response):
    _round, answer = response
    refused = api_client(cast.coordinator).put(
        url(cast, f"followup/responses/{answer.pk}"),
        {"answers": {}, "submit": True},
        version=answer.lock_version,
    )
    assert refused.status_code == 422 and "alla frågor måste besvaras" in refused.json()["detail"]
    answer.refresh_from_db()
    assert answer.status == FollowUpResponse.Status.DRAFT


def test_answers_are_not_for_partners_viewers_or_other_units(cast, response, measures):
    round, answer = response
    other = FollowUpResponse.objects.get(round=round, measure=measures[1])
    body = {"answers": {}, "conclusion": ""}
    assert api_client(cast.partner_user).get(url(cast, f"followup/responses/{answer.pk}")).status_code == 403
    assert (
        api_client(cast.viewer).put(url(cast, f"followup/responses/{answer.pk}"), body, version=1).status_code
        == 403
    )
    assert (
        api_client(cast.unit_editor)
        .put(url(cast, f"followup/responses/{other.pk}"), body, version=1)
        .status_code
        == 403
    )
    assert api_client(cast.outsider).get(url(cast, f"followup/responses/{answer.pk}")).status_code == 404
    # Everyone reads the board: the status of every response.
    board = api_client(cast.partner_user).get(url(cast, f"followup/rounds/{round.pk}/responses")).json()
    assert board["count"] == 2 and {r["status"] for r in board["results"]} == {"draft"}


def test_a_stale_answer_is_refused(cast, response):
    _round, answer = response
    client = api_client(cast.unit_editor)
    assert (
        client.put(
            url(cast, f"followup/responses/{answer.pk}"), {"answers": {}}, version=answer.lock_version
        ).status_code
        == 200
    )
    stale = client.put(
        url(cast, f"followup/responses/{answer.pk}"), {"answers": {}}, version=answer.lock_version
    )
    assert stale.status_code == 412 and "Någon annan har ändrat" in stale.json()["detail"]
