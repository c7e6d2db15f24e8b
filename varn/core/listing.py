"""Lists sorted by their columns: `?sortera=slut` ascending, `?sortera=-slut` descending, links
that work without JavaScript, and the `aria-sort` state of each header."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import HttpRequest

SORT_PARAM = "sortera"


@dataclass(frozen=True)
class SortColumn:
    label: str
    url: str
    aria_sort: str  # "ascending", "descending" or "none"


def sort_list(
    request: HttpRequest, qs: QuerySet, columns: dict[str, tuple[str, tuple[str, ...]]], default: str
) -> tuple[QuerySet, dict[str, SortColumn]]:
    """Order `qs` by the column named in the request (`columns`: key → (label, order fields)),
    or by `default`; an unknown key sorts by the default. Each header's link keeps the filters and
    turns the direction of the current column, and goes back to the first page."""
    given = request.GET.get(SORT_PARAM, default)
    key, descending = given.removeprefix("-"), given.startswith("-")
    if key not in columns:
        key, descending = default.removeprefix("-"), default.startswith("-")
    fields = columns[key][1]
    qs = qs.order_by(*[f"-{f}" if descending else f for f in fields], "pk")
    headers = {}
    for name, (label, _fields) in columns.items():
        query = request.GET.copy()
        query.pop("sida", None)
        query[SORT_PARAM] = f"-{name}" if name == key and not descending else name
        state = ("descending" if descending else "ascending") if name == key else "none"
        headers[name] = SortColumn(label=label, url=f"?{query.urlencode()}", aria_sort=state)
    return qs, headers
