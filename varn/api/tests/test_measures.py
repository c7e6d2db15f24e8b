"""Measures through the API: what each role reads, the list's filters and pages, and status
updates with the interface's rights, validation, audit trail and optimistic locking."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from varn.api.models import ApiToken
from varn.factories import GoalFactory, MeasureFactory, PartnerFactory
from varn.programs.models import MeasureStatus, MeasureUpdate

from .helpers import api_client, url


@pytest.fixture
def measures(cast):
    goal = GoalFactory(program=cast.program, municipality=cast.municipality)
    own = MeasureFactory(
        program=cast.program,
        municipality=cast.municipality,
        goal=goal,
        responsible_unit=cast.unit,
        code="1.1",
        title="Basutbildning för personal",
        status=MeasureStatus.ONGOING,
    )
    own.partners.set([cast.partner])
    other = MeasureFactory(
        program=cast.program,
        municipality=cast.municipality,
        goal=goal,
        responsible_unit=cast.other_unit,
        code="1.2",
        title="Föräldrastöd",
        status=MeasureStatus.PLANNED,
    )
    return own, other


def _titles(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [m["title"] for m in response.json()["results"]]


def test_every_member_reads_the_measures_and_a_partner_only_its_own(cast, measures):
    assert _titles(api_client(cast.coordinator).get(url(cast, "measures"))) == [
        "Basutbildning för personal",
        "Föräldrastöd",
    ]
    assert len(_titles(api_client(cast.viewer).get(url(cast, "measures")))) == 2
    assert _titles(api_client(cast.partner_user).get(url(cast, "measures"))) == ["Basutbildning för personal"]


def test_another_municipality_and_no_token_see_nothing(cast, measures):
    own, _other = measures
    outsider = api_client(cast.outsider)
    assert outsider.get(url(cast, "measures")).status_code == 404
    assert outsider.get(url(cast, f"measures/{own.pk}")).status_code == 404
    anonymous = api_client(None).get(url(cast, "measures"))
    assert anonymous.status_code == 401 and "API-nyckel" in anonymous.json()["detail"]


def test_the_list_filters_as_the_measure_list_does_and_orders(cast, measures):
    client = api_client(cast.viewer)
    assert _titles(client.get(url(cast, "measures"), status="planned")) == ["Föräldrastöd"]
    assert _titles(client.get(url(cast, "measures"), unit=cast.unit.pk)) == ["Basutbildning för personal"]
    assert _titles(client.get(url(cast, "measures"), q="föräldra")) == ["Föräldrastöd"]
    assert _titles(client.get(url(cast, "measures"), ordering="-code")) == [
        "Föräldrastöd",
        "Basutbildning för personal",
    ]
    wrong = client.get(url(cast, "measures"), ordering="secret")
    assert wrong.status_code == 400 and "Okänd sortering" in wrong.json()["detail"]
    # A unit of another municipality is not one of the choices: the form's Swedish message.
    foreign = client.get(url(cast, "measures"), status="nej")
    assert foreign.status_code == 422 and foreign.json()["errors"]["status"]


def test_pages_link_to_each_other(cast, measures):
    first = api_client(cast.viewer).get(url(cast, "measures"), page_size=1).json()
    assert first["count"] == 2 and len(first["results"]) == 1 and first["previous"] is None
    assert "page=2" in first["next"]
    second = api_client(cast.viewer).get(first["next"]).json()
    assert second["next"] is None and second["results"][0]["code"] == "1.2"


def test_updated_since_gives_only_what_changed(cast, measures):
    own, _other = measures
    since = timezone.now()
    own.record_update(
        by=cast.coordinator, status=MeasureStatus.DONE, narrative="Klart.", date=timezone.localdate()
    )
    changed = api_client(cast.viewer).get(url(cast, "measures"), updated_since=since.isoformat())
    assert _titles(changed) == ["Basutbildning för personal"]


def test_a_measure_has_iso_dates_its_updates_and_an_etag(cast, measures):
    own, _other = measures
    own.record_update(
        by=cast.unit_editor,
        status=MeasureStatus.ONGOING,
        narrative="Halvvägs.",
        date=datetime.date(2025, 5, 2),
    )
    response = api_client(cast.partner_user).get(url(cast, f"measures/{own.pk}"))
    body = response.json()
    assert response["ETag"] == f'"{own.lock_version}"'
    assert body["start_date"] == own.start_date.isoformat()
    assert body["updates"][0]["narrative"] == "Halvvägs." and body["updates"][0]["date"] == "2025-05-02"
    assert body["partners"] == [{"id": cast.partner.pk, "name": "Vision"}]


def test_a_partner_does_not_find_a_measure_it_does_not_take_part_in(cast, measures):
    _own, other = measures
    assert api_client(cast.partner_user).get(url(cast, f"measures/{other.pk}")).status_code == 404


def _post_update(client, cast, measure, version, **changes):
    data = {"date": "2025-06-01", "status": "done", "narrative": "Genomförd i alla enheter."} | changes
    return client.post(url(cast, f"measures/{measure.pk}/updates"), data, version)


def test_the_unit_editor_records_a_status_update_in_the_audit_trail(cast, measures):
    own, _other = measures
    response = _post_update(api_client(cast.unit_editor), cast, own, own.lock_version)
    assert response.status_code == 201, response.content
    own.refresh_from_db()
    assert own.status == MeasureStatus.DONE and response["ETag"] == f'"{own.lock_version}"'
    assert own.history.first().history_user == cast.unit_editor
    assert MeasureUpdate.objects.get(measure=own).author == cast.unit_editor


def test_a_status_update_is_refused_to_other_roles(cast, measures):
    own, other = measures
    assert _post_update(api_client(cast.unit_editor), cast, other, other.lock_version).status_code == 403
    assert _post_update(api_client(cast.viewer), cast, own, own.lock_version).status_code == 403
    assert _post_update(api_client(cast.partner_user), cast, own, own.lock_version).status_code == 403
    assert _post_update(api_client(cast.outsider), cast, own, own.lock_version).status_code == 404
    read_only = _post_update(api_client(cast.coordinator, ApiToken.Scope.READ), cast, own, own.lock_version)
    assert read_only.status_code == 403 and "bara läsa" in read_only.json()["detail"]
    assert not MeasureUpdate.objects.exists()


def test_bad_input_gets_the_forms_swedish_messages_and_saves_nothing(cast, measures):
    own, _other = measures
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    response = _post_update(
        api_client(cast.coordinator), cast, own, own.lock_version, date=tomorrow, status="klar"
    )
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert errors["date"] == ["En lägesrapport kan inte dateras i framtiden."]
    assert "status" in errors
    not_json = api_client(cast.coordinator).client.post(
        url(cast, f"measures/{own.pk}/updates"),
        "status=done",
        content_type="text/plain",
        headers=api_client(cast.coordinator).headers,
    )
    assert not_json.status_code == 400
    assert not MeasureUpdate.objects.exists()


def test_a_stale_version_answers_412_and_no_version_428(cast, measures):
    own, _other = measures
    client = api_client(cast.coordinator)
    seen = own.lock_version
    assert _post_update(client, cast, own, seen, status="postponed").status_code == 201
    stale = _post_update(client, cast, own, seen, status="cancelled")
    assert stale.status_code == 412 and stale.json()["version"] == str(seen + 1)
    missing = client.post(
        url(cast, f"measures/{own.pk}/updates"), {"date": "2025-06-01", "status": "done", "narrative": "x"}
    )
    assert missing.status_code == 428
    in_body = client.post(
        url(cast, f"measures/{own.pk}/updates"),
        {"date": "2025-06-01", "status": "done", "narrative": "Klart.", "version": str(seen + 1)},
    )
    assert in_body.status_code == 201
    own.refresh_from_db()
    assert own.status == MeasureStatus.DONE and MeasureUpdate.objects.count() == 2


def test_the_list_costs_the_same_number_of_queries_for_more_measures(
    cast, measures, django_assert_max_num_queries
):
    client = api_client(cast.viewer)
    client.get(url(cast, "measures"))
    for _n in range(10):
        m = MeasureFactory(
            program=cast.program,
            municipality=cast.municipality,
            goal=measures[0].goal,
            responsible_unit=cast.unit,
        )
        m.partners.set([PartnerFactory(municipality=cast.municipality)])
    with django_assert_max_num_queries(12):
        assert client.get(url(cast, "measures")).json()["count"] == 12
