"""A crawl of the demo as each demo role, in Swedish and in English: no page may show Django's or
a library's English defaults, a raw ISO timestamp or a Python repr. The crawl starts at the
dashboard and follows every link inside the municipality, one page of each path."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client

ROLES = ("samordnare", "forvaltning", "facket", "politiker")
# Defaults Django and the libraries write when a text was not given in Swedish.
ENGLISH_DEFAULTS = (
    "- Select an option -",
    "---------",
    "Reviewed by",
    "Submitted by",
    "Created by",
    "Not Found",
    "Forbidden",
    "Server Error",
    "This field is required",
    "Enter a valid",
    "Currently:",
    "Clear",
    "Unknown",
)
RAW = (
    re.compile(r"\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}"),  # an ISO timestamp with seconds
    re.compile(r"<QuerySet|object at 0x|\{'"),
    re.compile(r"(?m)^\s*None\s*$"),
)
# A decimal point between digits in the Swedish UI ("36.7" where a Swede writes "36,7"), in the
# text a reader sees (data, title, aria-label, placeholder; never ids, URLs or other attributes).
# Not flagged: the codes Värn shows as they were written, which the crawl reads from the database
# and removes first (goal and measure numbers "1.2", case numbers "2025.202 KS"), a version after
# a name in capitals ("WCAG 2.1", "CC BY 4.0"), and dotted sequences of three or more numbers.
DECIMAL_POINT = re.compile(r"(?<![\w.,])\d+\.\d+(?![\w.])")
VERSION = re.compile(r"\b[A-Z]{2,}(?:[ /-][A-Z]+)* \d+(?:\.\d+)+")
ISO_MINUTES = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")  # a raw ISO timestamp with its T
LIMIT = 120


class _Page(HTMLParser):
    """The links inside the municipality and the text a reader sees (attributes such as
    `<time datetime>` are for machines; the language switcher's "English" is meant)."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.text: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag, attrs):
        given = dict(attrs)
        if tag in ("script", "style") or (tag == "form" and "language-form" in (given.get("class") or "")):
            self.hidden += 1
        if tag == "a" and (given.get("href") or "").startswith("/kommun/"):
            self.links.append((given.get("href") or "").split("#")[0])
        for name in ("title", "aria-label", "placeholder"):
            if given.get(name):
                self.text.append(given[name] or "")

    def handle_endtag(self, tag):
        if tag in ("script", "style", "form") and self.hidden:
            self.hidden -= 1

    def handle_data(self, data):
        if not self.hidden:
            self.text.append(data)


def _shape(path: str) -> str:
    """One page per route: /x/12/ and /x/13/ are the same page with other data."""
    return re.sub(r"/\d+/", "/N/", path.split("?")[0])


def _problems(text: str, codes: tuple[str, ...] | None = None) -> list[str]:
    """What is wrong in a page's text; with `codes` (the Swedish UI), also decimal points."""
    found = [word for word in ENGLISH_DEFAULTS if word in text]
    found += [m.group(0) for pattern in (*RAW, ISO_MINUTES) for m in [pattern.search(text)] if m]
    if codes is not None:
        for code in sorted(codes, key=len, reverse=True):
            text = text.replace(code, " ")
        text = VERSION.sub(" ", text)
        found += [f"decimal point: {m.group(0)}" for m in DECIMAL_POINT.finditer(text)]
    return found


def _codes() -> tuple[str, ...]:
    from varn.decisions.models import Case
    from varn.programs.models import Goal, Measure

    written = [*Goal.objects.values_list("code", flat=True), *Measure.objects.values_list("code", flat=True)]
    written += Case.objects.values_list("dnr", flat=True)
    return tuple(code for code in written if code and "." in code)


def test_the_decimal_point_rule():
    codes = ("1.2", "2025.202 KS")
    assert _problems("Nedlagd tid 36.7 h", codes) == ["decimal point: 36.7"]
    assert _problems("Nedlagd tid 36,7 h; 12.5 %", codes) == ["decimal point: 12.5"]
    assert _problems("Mål 1.2, ärende 2025.202 KS, WCAG 2.1, CC BY 4.0, avsnitt 1.2.3", codes) == []
    assert _problems("Nedlagd tid 36.7 h", None) == []  # the English UI keeps its points
    assert _problems("ändrad 2026-12-02T03:36", codes) == ["2026-12-02T03:36"]


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("load_demo", verbosity=0)
    yield
    with django_db_blocker.unblock():
        call_command("flush", interactive=False, verbosity=0)


def _crawl(
    client: Client, start: str, codes: tuple[str, ...] | None = None
) -> tuple[int, dict[str, list[str]]]:
    seen: set[str] = set()
    queue = [start]
    bad: dict[str, list[str]] = {}
    while queue and len(seen) < LIMIT:
        path = queue.pop(0)
        if _shape(path) in seen or any(
            part in path for part in ("/export", "/ladda-ner", ".docx", ".pdf", ".xlsx")
        ):
            continue
        seen.add(_shape(path))
        response = client.get(path)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        page = _Page()
        page.feed(response.content.decode())
        problems = _problems("\n".join(page.text), codes)
        if problems:
            bad[path] = problems
        queue.extend(page.links)
    return len(seen), bad


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["sv", "en"])
@pytest.mark.parametrize("username", ROLES)
def test_no_page_shows_english_defaults_or_raw_values(demo, username, language):
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    visited, bad = _crawl(client, "/kommun/alingsas/", _codes() if language == "sv" else None)
    assert visited > 15  # the crawl reached the lists, details, forms and histories
    assert bad == {}
