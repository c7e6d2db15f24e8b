"""Browser tests: Debian's Chromium driven by Playwright, one browser per test session, against
pytest-django's live server with the demo loaded. Every page a test visits can be checked with
axe-core (WCAG 2.1 A and AA) and may log no error (a Content-Security-Policy violation is one)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings

from .snapshot import Snapshot

ROOT = Path(settings.BASE_DIR)
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = ROOT / "screenshots"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
DEMO_PASSWORD = "demo"


@pytest.fixture(scope="session")
def browser() -> Iterator:
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop running in this thread; Django would take every
    # ORM call from the test for async code. The live server answers in threads of its own.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    playwright = sync_playwright().start()
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield browser
    browser.close()
    playwright.stop()
    if previous is None:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(scope="session")
def e2e_media(tmp_path_factory) -> Iterator[Path]:
    """Files the demo and the tests write (reports, attachments) go to a temporary folder."""
    media = tmp_path_factory.mktemp("e2e-media")
    with override_settings(MEDIA_ROOT=media):
        yield media


@pytest.fixture(scope="session")
def demo_snapshot() -> Iterator[dict[str, Snapshot]]:
    """The database's rows right after the demo was loaded, taken by the first test that asks."""
    taken: dict[str, Snapshot] = {}
    yield taken
    for snapshot in taken.values():
        snapshot.close()


@pytest.fixture
def demo(live_server, transactional_db, demo_snapshot, e2e_media):
    """The Alingsås demo (and Lerum beside it) in the live server's database, as loaded: the first
    test loads it and keeps a snapshot, every later test starts from that snapshot (the database is
    emptied after each test, as for every test that commits)."""
    if "demo" in demo_snapshot:
        demo_snapshot["demo"].restore()
    else:
        call_command("load_demo", verbosity=0)
        demo_snapshot["demo"] = Snapshot()
    return live_server


class Problems:
    """Console errors and uncaught exceptions in the browser, checked when the test ends."""

    def __init__(self) -> None:
        self.errors: list[str] = []
        self.allowed: list[str] = []

    def allow(self, text: str) -> None:
        """An error the test expects (e.g. the 429 of a locked account)."""
        self.allowed.append(text)

    def watch(self, page) -> None:
        def on_console(message) -> None:
            if message.type == "error" and not any(text in message.text for text in self.allowed):
                self.errors.append(f"{page.url}: {message.text}")

        page.on("console", on_console)
        page.on("pageerror", lambda error: self.errors.append(f"{page.url}: {error}"))


@pytest.fixture
def problems() -> Iterator[Problems]:
    found = Problems()
    yield found
    assert not found.errors, "The browser reported errors:\n" + "\n".join(found.errors)


@pytest.fixture
def new_page(browser, problems):
    """Make pages in contexts of their own (separate cookies: separate people)."""
    contexts = []

    def make():
        context = browser.new_context(locale="sv-SE", viewport={"width": 1280, "height": 900})
        # Värn has no favicon; the browser asks anyway, and its 404 is not the page's error.
        context.route("**/favicon.ico", lambda route: route.fulfill(status=204))
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15_000)
        problems.watch(page)
        return page

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page):
    return new_page()


def sign_in(page, base_url: str, username: str, password: str = DEMO_PASSWORD) -> None:
    page.goto(base_url + "/logga-in/")
    page.get_by_label("Användarnamn").fill(username)
    page.get_by_label("Lösenord").fill(password)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_load_state()


def axe_violations(page) -> list[str]:
    """axe-core's WCAG 2.1 A/AA violations on the page as it is now, one line each.

    axe is evaluated through the DevTools protocol: add_script_tag would insert an inline script,
    which the page's Content-Security-Policy (rightly) refuses."""
    page.wait_for_load_state()  # the whole page: a click that navigates returns once it starts
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate(
        "async (tags) => (await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']}))"
        ".violations.map(v => ({id: v.id, help: v.help, nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5)}))",
        WCAG_TAGS,
    )
    path = page.url.split("://", 1)[-1].split("/", 1)[-1]
    return [f"/{path}: {v['id']} ({v['help']}) at {', '.join(v['nodes'])}" for v in result]


def assert_accessible(page) -> None:
    violations = axe_violations(page)
    assert not violations, "axe-core found WCAG 2.1 A/AA violations:\n" + "\n".join(violations)


def screenshot(page, name: str) -> None:
    page.wait_for_load_state()
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def record_decision(page, *, body: str, date: str, paragraph: str, name: str = "", title: str = "") -> None:
    """On a case's page: "Lägg till beslut" and record the council's adoption of the programme."""
    from playwright.sync_api import expect

    page.get_by_role("link", name="Lägg till beslut").click()
    page.get_by_label("Organ:", exact=True).fill(body)
    if name:
        page.get_by_label("Organets namn").fill(name)
    page.get_by_label("Datum").fill(date)
    page.get_by_label("Paragraf").fill(paragraph)
    page.get_by_label("Typ").select_option(label="Antagande")
    page.get_by_label("Utfall").select_option(label="Antaget")
    if title:
        page.get_by_label("Rubrik").fill(title)
    page.get_by_role("button", name="Spara").click()
    expect(page.get_by_role("status")).to_have_text("Beslutet är sparat.")
