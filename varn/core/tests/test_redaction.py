"""Redaction (issue 14): a coordinator removes a value from an object and from every history row
that holds it; the history records that a redaction happened, never the value."""

from __future__ import annotations

from django.urls import reverse

from varn.factories import MeasureFactory

SECRET = "Anna Svensson på Storgatan"


def _measure(cast):
    measure = MeasureFactory(
        program=cast.program, responsible_unit=cast.unit, description=f"Möte med {SECRET}."
    )
    measure.title = "Ny titel"
    measure.save()
    return measure


def _address(cast, measure):
    return reverse("redaction:redact", args=[cast.slug, "programs.measure", measure.pk])


def test_a_coordinator_redacts_a_value_from_the_object_and_its_history(cast):
    measure = _measure(cast)
    assert measure.history.filter(description__contains=SECRET).count() == 2
    response = cast.client(cast.coordinator).post(
        _address(cast, measure), {"field": "description", "value": SECRET, "reason": "Namn på en enskild"}
    )
    assert response.status_code == 302
    measure.refresh_from_db()
    assert SECRET not in measure.description and "[maskerat]" in measure.description
    assert not measure.history.filter(description__contains=SECRET).exists()
    latest = measure.history.first()
    assert latest.history_user == cast.coordinator
    assert (
        "Maskering av" in latest.history_change_reason
        and "Namn på en enskild" in latest.history_change_reason
    )
    assert SECRET not in latest.history_change_reason
    page = cast.client(cast.viewer).get(reverse("programs:measure-history", args=[cast.slug, measure.pk]))
    assert "Namn på en enskild" in page.content.decode() and SECRET not in page.content.decode()


def test_a_value_that_is_not_there_is_refused_and_nothing_changes(cast):
    measure = _measure(cast)
    response = cast.client(cast.coordinator).post(
        _address(cast, measure), {"field": "description", "value": "Finns inte", "reason": "Test"}
    )
    assert response.status_code == 400
    assert "Texten finns inte" in response.content.decode()
    assert measure.history.count() == 2


def test_only_the_coordinator_redacts_and_an_outsider_finds_nothing(cast):
    measure = _measure(cast)
    data = {"field": "description", "value": SECRET, "reason": "Test"}
    assert cast.client(cast.unit_editor).post(_address(cast, measure), data).status_code == 403
    assert cast.client(cast.viewer).get(_address(cast, measure)).status_code == 403
    assert cast.client(cast.outsider).post(_address(cast, measure), data).status_code == 404
    measure.refresh_from_db()
    assert SECRET in measure.description
