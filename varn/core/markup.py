"""Rows of a long table written in Python, for the few pages where the template's per-cell work was
most of the page (issue 16, docs/decisions/0150): a template variable costs a lookup, a localisation
and an escape in some thirty calls; a cell written here costs one `html.escape`.

`text` escapes exactly as Django's `escape` (and so the template's autoescape) does, the same five
characters to the same entities; the page says what it holds with `rows`, which marks the whole of
it safe once."""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable

from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

# Django's escape() is html.escape(): the same five characters to the same entities. Called
# directly, as str.translate with a table is slow on text outside ASCII (every Swedish title).


def text(value: str) -> str:
    """`value` escaped for HTML text or an attribute in double quotes."""
    return html.escape(value)


def cell(value: object) -> str:
    """Any value as `{{ value }}` writes it: text escaped (a number as digits: Värn groups no
    thousands), markup already safe as it is."""
    if isinstance(value, SafeString):
        return value
    return html.escape(str(value))


def rows(parts: Iterable[str]) -> SafeString:
    """Markup written from escaped parts, safe to put into a template as it is."""
    return mark_safe("".join(parts))  # every user-written part went through text()


def path_parts(name: str, slug: str) -> tuple[str, str]:
    """The path of the URL named `name` (a municipality's slug, then a pk) around its pk: one
    reverse() for the page rather than one per row; the path is f"{before}/{pk}/{after}"."""
    before, after = reverse(name, args=[slug, 0]).rsplit("/0/", 1)
    return before, after


def path_for(name: str, slug: str) -> Callable[[int], str]:
    """`path_parts` as a function of the pk."""
    return object_links(name, slug)


_STAND_IN = 987654321


def object_links(name: str, *args: object) -> Callable[[int], str]:
    """`object_links("programs:measure-detail", slug)(pk)` is `reverse(name, args=[slug, pk])`:
    the URL is reversed once with a stand-in for the last argument, which each call replaces."""
    head, found, tail = reverse(name, args=[*args, _STAND_IN]).rpartition(str(_STAND_IN))
    if not found:
        raise ValueError(f"{name} does not end in an object id")

    def link(pk: int) -> str:
        return f"{head}{pk}{tail}"

    return link
