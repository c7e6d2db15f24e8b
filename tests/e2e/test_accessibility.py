"""axe-core (WCAG 2.1 A and AA) on every page the coordinator reaches from the dashboard, two clicks
deep, and on the pages outside the municipality. Zero violations. Screenshots of the main pages go
to screenshots/ (git ignores it) for a person to look at."""

from __future__ import annotations

from collections import deque
from urllib.parse import urldefrag, urlsplit

import pytest
from django.urls import Resolver404, resolve
from playwright.sync_api import Error

from .conftest import axe_violations, screenshot, sign_in

pytestmark = pytest.mark.browser

START = "/kommun/alingsas/"
DEPTH = 2
PER_ROUTE = 2  # pages of one kind (same URL name) checked at most; they share a template
SCREENSHOTS = {
    "programs:dashboard": "oversikt",
    "programs:program-detail": "program",
    "programs:program-list": "program-lista",
    "programs:goal-list": "mal",
    "programs:measure-list": "insatser-samordnare",
    "programs:measure-detail": "insats-samordnare",
    "organisations:list": "organisationer",
    "access:overview": "behorigheter",
    "programs:program-history": "historik",
    "decisions:case-list": "beslut",
    "decisions:case-detail": "arende",
    "training:coverage": "utbildning-tackning",
    "training:effort-list": "utbildning-insatser",
    "cooperation:overview": "samverkan",
    "cooperation:forum-detail": "forum",
    "followup:index": "uppfoljning",
    "followup:round-detail": "uppfoljning-omgang",
    "followup:report-list": "rapporter",
    "followup:report-detail": "rapport",
    "followup:cost-list": "kostnader",
}


def route_name(path: str) -> str:
    try:
        return resolve(path).view_name
    except Resolver404:
        return path


def links(page, base: str) -> list[str]:
    hrefs = page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)")
    found = []
    for href in hrefs:
        url, _ = urldefrag(href)
        parts = urlsplit(url)
        if f"{parts.scheme}://{parts.netloc}" != base or not parts.path.startswith(START):
            continue
        found.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return found


def open_page(page, url: str):
    """The response to opening the address, or None when it is a file (Excel, Word, PDF) that the
    browser would save rather than show."""
    try:
        return page.goto(url)
    except Error as error:
        if "Download is starting" in str(error):
            return None
        raise


def test_every_page_the_coordinator_reaches_from_the_dashboard_is_accessible(demo, page):
    sign_in(page, demo.url, "samordnare")
    queue: deque[tuple[str, int]] = deque([(START, 0)])
    seen: set[str] = {START}
    per_route: dict[str, int] = {}
    visited: list[str] = []
    downloads: list[str] = []
    violations: list[str] = []
    while queue:
        path, depth = queue.popleft()
        name = route_name(path.split("?")[0])
        if per_route.get(name, 0) >= PER_ROUTE:
            continue
        per_route[name] = per_route.get(name, 0) + 1
        response = open_page(page, demo.url + path)
        if response is None:
            downloads.append(path)
            continue
        assert response is not None and response.ok, f"{path} answered {response and response.status}"
        visited.append(path)
        violations += axe_violations(page)
        if name in SCREENSHOTS and per_route[name] == 1:
            screenshot(page, SCREENSHOTS[name])
        if depth < DEPTH:
            for link in links(page, demo.url):
                if link not in seen:
                    seen.add(link)
                    queue.append((link, depth + 1))
    kinds = {route_name(p.split("?")[0]) for p in visited}
    assert {
        "programs:dashboard",
        "programs:measure-detail",
        "programs:program-detail",
        "organisations:list",
    } <= kinds
    assert len(visited) >= 15
    assert downloads, "the crawl found no file to download (Excel, Word, PDF)"
    assert not violations, "axe-core found WCAG 2.1 A/AA violations:\n" + "\n".join(violations)


COORDINATOR_PAGES = [
    "/konto/",
    "/konto/losenord/",
    "/konto/tvastegs/",
    "/kommun/alingsas/behorighet/",
    "/kommun/alingsas/organisationer/forvaltningar/ny/",
    "/kommun/alingsas/mal/",
]
PUBLIC_PAGES = ["/logga-in/", "/konto/aterstall/", "/tillganglighet/"]


def test_the_coordinators_other_pages_and_the_public_pages_are_accessible(demo, page):
    violations = []
    for path in PUBLIC_PAGES:
        page.goto(demo.url + path)
        violations += axe_violations(page)
    sign_in(page, demo.url, "samordnare")
    for path in COORDINATOR_PAGES:
        page.goto(demo.url + path)
        violations += axe_violations(page)
        if path == "/konto/tvastegs/":
            screenshot(page, "tvastegsverifiering")
    assert not violations, "axe-core found WCAG 2.1 A/AA violations:\n" + "\n".join(violations)


def test_a_form_with_errors_is_accessible(demo, page):
    sign_in(page, demo.url, "samordnare")
    page.goto(demo.url + "/kommun/alingsas/organisationer/forvaltningar/ny/")
    page.get_by_role("button", name="Spara").click()
    assert page.get_by_role("alert").is_visible()
    assert not axe_violations(page)
