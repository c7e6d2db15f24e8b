"""The measure list sorts by its columns through plain links that keep the filters, and says which
column it is sorted by (aria-sort)."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from varn.factories import MeasureFactory


def _list(cast, user, query: str = "") -> str:
    url = reverse("programs:measure-list", args=[cast.slug]) + query
    return cast.client(user).get(url).content.decode()


def test_it_sorts_by_end_date_both_ways(cast):
    MeasureFactory(
        program=cast.program, responsible_unit=cast.unit, title="Zebraåtgärd", end_date=dt.date(2025, 6, 1)
    )
    MeasureFactory(
        program=cast.program, responsible_unit=cast.unit, title="Äppelåtgärd", end_date=dt.date(2027, 6, 1)
    )
    ascending = _list(cast, cast.viewer, "?sortera=slut")
    assert ascending.index("Zebraåtgärd") < ascending.index("Äppelåtgärd")
    assert 'aria-sort="ascending"><a href="?sortera=-slut"' in ascending
    descending = _list(cast, cast.viewer, "?sortera=-slut")
    assert descending.index("Äppelåtgärd") < descending.index("Zebraåtgärd")
    assert 'aria-sort="descending"' in descending


def test_a_header_link_keeps_the_filters_and_an_unknown_column_sorts_by_number(cast):
    MeasureFactory(program=cast.program, responsible_unit=cast.unit)
    body = _list(cast, cast.coordinator, f"?ansvarig={cast.unit.pk}&sortera=nonsens&sida=2")
    assert f'href="?ansvarig={cast.unit.pk}&amp;sortera=-nr"' in body
    assert 'aria-sort="ascending"><a href="?ansvarig' in body


def test_an_outsider_gets_404(cast):
    url = reverse("programs:measure-list", args=[cast.slug]) + "?sortera=slut"
    assert cast.client(cast.outsider).get(url).status_code == 404
