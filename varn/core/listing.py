"""Lists people scroll through: sorted by their columns (`?sortera=slut` ascending, `?sortera=-slut`
descending, links that work without JavaScript, the `aria-sort` state of each header), one pager
for every list (`?sida=`, core/_pager.html), and the rows of an Excel export in the same order.

A list's columns are given once, as key → (label, order fields) for a QuerySet (`sort_list`) or
key → (label, key function) for rows already in memory (`sort_rows`); the export view calls the
same function with the same request, so it writes exactly the filtered rows in the order shown."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.html import conditional_escape as escape
from django.utils.safestring import SafeString, mark_safe

SORT_PARAM = "sortera"
PAGE_PARAM = "sida"
PER_PAGE = 50


_ARROWS = {
    "ascending": ' <span aria-hidden="true">▲</span>',
    "descending": ' <span aria-hidden="true">▼</span>',
}


@dataclass(frozen=True)
class SortColumn:
    label: str
    url: str
    aria_sort: str  # "ascending", "descending" or "none"

    @property
    def th(self) -> SafeString:
        """The header cell as core/_sort_header.html writes it (without `num`), for a long list
        that would otherwise include that template once per column (docs/decisions/0145)."""
        return self._th("")

    @property
    def th_num(self) -> SafeString:
        """The same with `num` (a column of figures, right-aligned)."""
        return self._th(' class="num"')

    def _th(self, attrs: str) -> SafeString:
        return mark_safe(
            f'<th scope="col"{attrs} aria-sort="{escape(self.aria_sort)}"><a href="{escape(self.url)}">'
            f"{escape(self.label)}{_ARROWS.get(self.aria_sort, '')}</a></th>"
        )


def _chosen(request: HttpRequest, keys, default: str) -> tuple[str, bool]:
    given = request.GET.get(SORT_PARAM, default)
    key, descending = given.removeprefix("-"), given.startswith("-")
    if key not in keys:
        key, descending = default.removeprefix("-"), default.startswith("-")
    return key, descending


def _headers(
    request: HttpRequest, labels: dict[str, str], key: str, descending: bool
) -> dict[str, SortColumn]:
    """Each header's link keeps the filters, turns the direction of the current column and goes
    back to the first page."""
    headers = {}
    query = request.GET.copy()  # once: each header only sets the sort parameter again
    query.pop(PAGE_PARAM, None)
    for name, label in labels.items():
        query[SORT_PARAM] = f"-{name}" if name == key and not descending else name
        state = ("descending" if descending else "ascending") if name == key else "none"
        headers[name] = SortColumn(label=label, url=f"?{query.urlencode()}", aria_sort=state)
    return headers


def sort_list(
    request: HttpRequest, qs: QuerySet, columns: dict[str, tuple[str, tuple[str, ...]]], default: str
) -> tuple[QuerySet, dict[str, SortColumn]]:
    """Order `qs` by the column named in the request (`columns`: key → (label, order fields)),
    or by `default`; an unknown key sorts by the default."""
    key, descending = _chosen(request, columns, default)
    fields = columns[key][1]
    qs = qs.order_by(*[f"-{f}" if descending else f for f in fields], "pk")
    return qs, _headers(request, {k: label for k, (label, _f) in columns.items()}, key, descending)


def sort_columns(
    request: HttpRequest, columns: dict[str, tuple[str, tuple[str, ...]]], default: str
) -> tuple[tuple[str, ...], dict[str, SortColumn]]:
    """`sort_list`'s order fields (the request's column, then "pk") and headers, for a query that
    is ordered elsewhere (a prepared query)."""
    key, descending = _chosen(request, columns, default)
    order = (*[f"-{f}" if descending else f for f in columns[key][1]], "pk")
    labels = {k: label for k, (label, _f) in columns.items()}
    if SORT_PARAM in request.GET or not all(name.isalnum() and name.isascii() for name in labels):
        return order, _headers(request, labels, key, descending)
    # No sort parameter yet: `_headers` would append it to the same query string each time, and
    # a column key of ASCII letters and digits is written as it is (urlencode quotes none of it).
    query = query_without_page(request)
    start = f"?{query}&{SORT_PARAM}=" if query else f"?{SORT_PARAM}="
    headers = {}
    for name, label in labels.items():
        state = ("descending" if descending else "ascending") if name == key else "none"
        turned = f"-{name}" if name == key and not descending else name
        headers[name] = SortColumn(label=label, url=f"{start}{turned}", aria_sort=state)
    return order, headers


def sort_rows[T](
    request: HttpRequest,
    rows: Sequence[T],
    columns: dict[str, tuple[str, Callable[[T], Any]]],
    default: str,
) -> tuple[list[T], dict[str, SortColumn]]:
    """The same for rows already in memory: `columns` maps key → (label, sort key of a row). The
    sort is stable, so rows that tie keep the order they came in."""
    key, descending = _chosen(request, columns, default)
    ordered = sorted(rows, key=columns[key][1], reverse=descending)
    return ordered, _headers(request, {k: label for k, (label, _f) in columns.items()}, key, descending)


def sort_rows_keyed[T](
    request: HttpRequest,
    rows: Sequence[T],
    columns: dict[str, tuple[str, Callable[[Sequence[T]], Sequence[Any]]]],
    default: str,
) -> tuple[list[T], dict[str, SortColumn]]:
    """`sort_rows` for a long list whose columns give the sort keys of all the rows at once, a list in
    the rows' order (`swedish_keys`), instead of a function called for each row. The same order."""
    key, descending = _chosen(request, columns, default)
    keys = columns[key][1](rows)
    order = sorted(range(len(rows)), key=keys.__getitem__, reverse=descending)
    return [rows[i] for i in order], _headers(
        request, {k: label for k, (label, _f) in columns.items()}, key, descending
    )


def query_without_page(request: HttpRequest) -> str:
    """The request's filters and sort order, for the pager's and the export's links."""
    query = request.GET.copy()
    query.pop(PAGE_PARAM, None)
    return query.urlencode()


def paginate(request: HttpRequest, rows, per_page: int = PER_PAGE) -> Page:
    """The page the request asks for (`?sida=`); a page past the end shows the last one."""
    return Paginator(rows, per_page).get_page(request.GET.get(PAGE_PARAM))


def paginate_counted(
    request: HttpRequest, fetch: Callable[[int, int], tuple[list, int]], per_page: int = PER_PAGE
) -> Page:
    """`paginate` for a query that reads a page's rows and the number of all rows together:
    `fetch(low, high)` gives rows low to high and the count (0 when it gave no rows). The page
    chosen is `paginate`'s: page 1 for a number that is no integer, the last for one past the end
    or below 1, for which a second fetch reads it."""
    try:
        number = int(request.GET.get(PAGE_PARAM))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        number = 1
    rows, count = fetch((number - 1) * per_page, number * per_page) if number >= 1 else ([], 0)
    paginator = Paginator(rows, per_page)
    if not rows and number != 1:  # no such page: the first tells the count, then the last
        rows, count = fetch(0, per_page)
        paginator.count = count  # type: ignore[misc]
        number = paginator.num_pages
        if number != 1:
            rows = fetch((number - 1) * per_page, number * per_page)[0]
    paginator.count = count  # type: ignore[misc]
    return Page(rows, number, paginator)


# Å, Ä and Ö come after Z in Swedish, in that order; Unicode puts Ä before Å. Replaced one by one:
# str.translate with a table looks each character up in a dict (some 10 µs for a measure's title,
# most of the board's sort), a str.replace is a scan in C (a tenth of that).
_SWEDISH_LAST = (("å", "{"), ("ä", "|"), ("ö", "}"), ("æ", "|"), ("ø", "}"))
_DIGITS = re.compile(r"(\d+)")


def swedish_key(text: str) -> tuple:
    """A sort key for text in memory as a Swedish reader orders it: case ignored, å ä ö after z,
    and numbers by their value ("2.10" after "2.9", "10" after "9")."""
    folded = (text or "").casefold()
    if not folded.isascii():
        for letter, after_z in _SWEDISH_LAST:
            if letter in folded:
                folded = folded.replace(letter, after_z)
    # split() with a group gives text at even and digits at odd positions. A list comprehension
    # runs inline, where a generator is a call per part (a board sorts 200 rows by this key).
    parts = _DIGITS.split(folded)
    return tuple([(0, int(p), "") if i % 2 else (1, 0, p) for i, p in enumerate(parts) if p])


def swedish_keys(texts: Sequence[str]) -> list[tuple]:
    """`[swedish_key(t) for t in texts]`, each text's key made once, and the case folding and the
    Swedish letters done in one pass over all of them (a long list's column)."""
    distinct = list(dict.fromkeys([t or "" for t in texts]))
    joined = "\0".join(distinct)
    if joined.count("\0") != len(distinct) - 1:  # a text holding NUL itself (none from a database)
        made = {t: swedish_key(t) for t in distinct}
        return [made[t or ""] for t in texts]
    # casefold() folds character by character, so folding the joined texts folds each of them.
    folded = joined.casefold()
    if not folded.isascii():
        for letter, after_z in _SWEDISH_LAST:
            if letter in folded:
                folded = folded.replace(letter, after_z)
    made = {}
    for original, text in zip(distinct, folded.split("\0"), strict=True):
        parts = _DIGITS.split(text)
        made[original] = tuple([(0, int(p), "") if i % 2 else (1, 0, p) for i, p in enumerate(parts) if p])
    return [made[t or ""] for t in texts]
