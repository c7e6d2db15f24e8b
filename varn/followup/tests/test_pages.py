from __future__ import annotations

from django.urls import reverse

from varn.factories import ProgramFactory

from .conftest import count_queries
from .factories import RoundFactory, open_round


def url(cast, name, *args):
    return reverse(f"followup:{name}", args=[cast.slug, *args])


def test_the_follow_up_start_page_per_role(cast, measures):
    open_round(cast.program)
    for user in (cast.coordinator, cast.unit_editor, cast.viewer, cast.partner_user):
        response = cast.client(user).get(url(cast, "index"))
        assert response.status_code == 200
        body = response.content.decode()
        assert "Uppföljning inför revidering 2027" in body
        assert ("Ny omgång" in body) == (user == cast.coordinator)
        assert ("Kostnader och tid" in body) == (user != cast.partner_user)
    assert cast.client(cast.outsider).get(url(cast, "index")).status_code == 404


def test_the_navigation_leads_to_the_follow_up(cast, measures):
    body = cast.client(cast.viewer).get(url(cast, "index")).content.decode()
    assert f'href="/kommun/{cast.slug}/uppfoljning/" aria-current="page"' in body


def test_the_start_page_runs_the_same_number_of_queries_for_ten_times_the_rounds(cast, measures):
    client = cast.client(cast.coordinator)
    RoundFactory(program=cast.program)
    once = count_queries(lambda: client.get(url(cast, "index")))
    for i in range(9):
        RoundFactory(program=ProgramFactory(municipality=cast.municipality), title=f"Omgång {i}")
    assert count_queries(lambda: client.get(url(cast, "index"))) == once


def test_pages_without_a_programme_say_so(db, cast):
    cast.program.delete()
    client = cast.client(cast.coordinator)
    assert "Inget program är upplagt ännu." in client.get(url(cast, "index")).content.decode()
    assert client.get(url(cast, "cost-list")).status_code == 404
