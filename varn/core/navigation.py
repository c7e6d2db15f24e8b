"""The main navigation of every page inside a municipality (issue 16).

The links and their words are the same on every page but for the municipality's slug, the
coordinator's two extra sections and the mark on the current one. They are reversed and
translated once per process, language and URL configuration (`_links`); a page joins them with its
slug and marks the current one, instead of reversing and translating twelve links each time."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.conf import settings
from django.urls import ResolverMatch, get_script_prefix, get_urlconf, reverse
from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext_lazy, pgettext_lazy

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise

# A slug no municipality has, reversed in its place and replaced by the real one.
_SLUG_MARKER = "varn-nav-slug-marker"


def _url_name_is(*names: str) -> Callable[[ResolverMatch], bool]:
    return lambda match: match.url_name in names


def _url_name_has(word: str) -> Callable[[ResolverMatch], bool]:
    return lambda match: word in (match.url_name or "")


def _namespace_is(namespace: str) -> Callable[[ResolverMatch], bool]:
    return lambda match: match.namespace == namespace


@dataclass(frozen=True)
class Section:
    url_name: str
    label: _StrPromise
    is_current: Callable[[ResolverMatch], bool]
    for_managers: bool = False


SECTIONS = (
    Section("programs:dashboard", gettext_lazy("Översikt"), _url_name_is("dashboard")),
    Section(
        "programs:program-list",
        pgettext_lazy("plural", "Program"),
        _url_name_is("program-list", "program-detail"),
    ),
    Section("programs:goal-list", pgettext_lazy("plural", "Mål"), _url_name_is("goal-list")),
    Section("programs:measure-list", gettext_lazy("Insatser"), _url_name_has("measure")),
    Section(
        "organisations:list",
        gettext_lazy("Organisationer"),
        _namespace_is("organisations"),
        for_managers=True,
    ),
    Section("decisions:case-list", pgettext_lazy("plural", "Beslut"), _namespace_is("decisions")),
    Section("training:coverage", gettext_lazy("Utbildning"), _namespace_is("training")),
    Section("cooperation:overview", gettext_lazy("Samverkan"), _namespace_is("cooperation")),
    Section("followup:index", gettext_lazy("Uppföljning"), _namespace_is("followup")),
    Section("indicators:list", gettext_lazy("Nyckeltal"), _namespace_is("indicators")),
    Section("access:overview", gettext_lazy("Behörigheter"), _namespace_is("access"), for_managers=True),
)

# (section, the link's start before the slug, its end after it, the escaped label)
type _Link = tuple[Section, str, str, str]
_made: dict[tuple[str, str, str], tuple[_Link, ...]] = {}


def _links() -> tuple[_Link, ...]:
    key = (str(get_urlconf() or settings.ROOT_URLCONF), get_script_prefix(), get_language() or "")
    links = _made.get(key)
    if links is None:
        made = []
        for section in SECTIONS:
            start, end = conditional_escape(reverse(section.url_name, args=[_SLUG_MARKER])).split(
                _SLUG_MARKER
            )
            made.append((section, start, end, str(conditional_escape(section.label))))
        links = _made[key] = tuple(made)
    return links


def main_nav(match: ResolverMatch | None, slug: str, *, can_manage: bool) -> SafeString:
    """The `<li>` of each section for this municipality, the current one marked."""
    slug = escape(slug)
    items = []
    for section, start, end, label in _links():
        if section.for_managers and not can_manage:
            continue
        current = ' aria-current="page"' if match is not None and section.is_current(match) else ""
        items.append(f'<li><a href="{start}{slug}{end}"{current}>{label}</a></li>')
    return mark_safe("\n".join(items))  # built from escaped parts above
