"""The training section's own navigation (training/_subnav.html), on every training page.

Its links and words are the same on every page but for the municipality's slug, the mark on the
current link and whether the import is offered: they are reversed and translated once per process,
language and URL configuration, as the main navigation's are (core.navigation, docs/decisions/0160,
0190), instead of five `{% url %}` and six `{% translate %}` on each page."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext, gettext_lazy

_SLUG_MARKER = "varn-training-nav-slug-marker"


def _has(*words: str) -> Callable[[str], bool]:
    return lambda name: any(word in name for word in words)


# (URL name, label, is it the current page (from the URL's name), only for those who record)
_SECTIONS = (
    ("training:coverage", gettext_lazy("Täckning"), lambda name: name == "coverage", False),
    ("training:effort-list", gettext_lazy("Utbildningsinsatser"), _has("effort"), False),
    ("training:course-list", gettext_lazy("Utbildningar och mål"), _has("course", "target"), False),
    ("training:offer-list", gettext_lazy("Fackliga parter"), _has("offer"), False),
    ("training:import", gettext_lazy("Importera från Excel"), _has("import"), True),
)

# (label of the nav, [(start of the link before the slug, its end, label, is current, for recorders)])
_made: dict[tuple[str, str, str], tuple[str, tuple]] = {}


def _links() -> tuple[str, tuple]:
    key = (str(get_urlconf() or settings.ROOT_URLCONF), get_script_prefix(), get_language() or "")
    links = _made.get(key)
    if links is None:
        made = []
        for url_name, label, is_current, for_recorders in _SECTIONS:
            start, end = conditional_escape(reverse(url_name, args=[_SLUG_MARKER])).split(_SLUG_MARKER)
            made.append((start, end, str(label), is_current, for_recorders))
        # {% translate %} of a literal is not escaped: the words are written as they are translated.
        links = _made[key] = (gettext("Utbildning"), tuple(made))
    return links


def training_subnav(url_name: str | None, slug: str, *, can_record: bool) -> SafeString:
    """The `<nav>` of the training pages for this municipality, the current page marked."""
    slug = escape(slug)
    name = url_name or ""
    label, links = _links()
    parts = [f'<nav class="actions" aria-label="{label}">']
    for start, end, text, is_current, for_recorders in links:
        current = ' aria-current="page"' if is_current(name) else ""
        link = f'<a href="{start}{slug}{end}"{current}>{text}</a>'
        if for_recorders:
            parts.append(f"\n  {link if can_record else ''}")
        else:
            parts.append(f"\n  {link}")
    parts.append("\n</nav>")
    return mark_safe("".join(parts))  # built from escaped parts and translated words


_paths: dict[tuple[str, str, str], tuple[str, str]] = {}


def path_of(url_name: str, slug: str) -> str:
    """`{% url url_name slug %}` (escaped, as the tag writes it), from one reverse() per process and
    URL configuration."""
    key = (str(get_urlconf() or settings.ROOT_URLCONF), get_script_prefix(), url_name)
    parts = _paths.get(key)
    if parts is None:
        start, end = conditional_escape(reverse(url_name, args=[_SLUG_MARKER])).split(_SLUG_MARKER)
        parts = _paths[key] = (start, end)
    return f"{parts[0]}{escape(slug)}{parts[1]}"
