"""Signing in, in a real browser, as each role of the demo; and signing in with the keyboard only."""

from __future__ import annotations

import pytest

from .conftest import assert_accessible, screenshot, sign_in

pytestmark = pytest.mark.browser

ROLES = [
    # user, municipality in the header, a menu item only coordinators have
    ("samordnare", "Alingsås kommun", True),
    ("forvaltning", "Alingsås kommun", False),
    ("facket", "Alingsås kommun", False),
    ("politiker", "Alingsås kommun", False),
    ("grannkommun", "Lerums kommun", True),
]


def test_the_sign_in_page_is_accessible(demo, page):
    page.goto(demo.url + "/logga-in/")
    assert_accessible(page)
    screenshot(page, "inloggning")
    page.get_by_role("button", name="Logga in").click()
    assert page.get_by_role("alert").is_visible()
    assert_accessible(page)  # with the error summary


@pytest.mark.parametrize(("username", "municipality", "manages"), ROLES)
def test_each_demo_role_signs_in_and_lands_in_their_municipality(demo, page, username, municipality, manages):
    sign_in(page, demo.url, username)
    assert page.locator(".brand-tenant").inner_text() == municipality
    assert page.get_by_role("heading", level=1).inner_text() == f"Översikt – {municipality}"
    menu = page.get_by_role("navigation", name="Huvudmeny")
    assert menu.get_by_role("link", name="Insatser").is_visible()
    assert menu.get_by_role("link", name="Organisationer").count() == (1 if manages else 0)
    if username == "grannkommun":
        assert "Alingsås" not in page.content()
    assert_accessible(page)
    screenshot(page, f"oversikt-{username}")


def test_a_wrong_password_is_explained_and_the_account_locks_after_five(demo, page, problems):
    problems.allow("status of 429")
    for _ in range(4):
        sign_in(page, demo.url, "politiker", "fel-lösenord")
        assert "Inloggningen misslyckades" in page.content()
    sign_in(page, demo.url, "politiker", "fel-lösenord")
    assert page.get_by_role("heading", level=1).inner_text() == "Kontot är tillfälligt låst"
    assert_accessible(page)


def test_signing_in_with_the_keyboard_only(demo, page):
    page.goto(demo.url + "/logga-in/")
    # The user name field has the focus when the page opens.
    assert page.evaluate("document.activeElement.id") == "id_username"
    page.keyboard.type("samordnare")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "id_password"
    page.keyboard.type("demo")
    page.keyboard.press("Enter")
    page.wait_for_url("**/kommun/alingsas/")
    assert page.get_by_role("heading", level=1).inner_text() == "Översikt – Alingsås kommun"
    # On every page the first Tab reaches the skip link, visible when focused, and it leads past the menu.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Hoppa till innehållet"
    assert page.evaluate("document.activeElement.getBoundingClientRect().left") >= 0
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('main') !== null")
    # Signing out is a button a keyboard reaches too.
    tab_to(page, "logout", by="text")
    page.keyboard.press("Enter")
    page.wait_for_url("**/logga-in/**")


def tab_to(page, target: str, *, by: str = "id", limit: int = 80) -> None:
    """Press Tab until the element with this id (or, by="text", the sign-out button) has the focus."""
    script = (
        "document.activeElement && document.activeElement.id"
        if by == "id"
        else "document.activeElement && document.activeElement.textContent.trim() === 'Logga ut' && 'logout'"
    )
    for _ in range(limit):
        if page.evaluate(script) == target:
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {target}")


def test_a_forgotten_password_is_reset_by_email_in_the_browser(demo, page, mailoutbox):
    page.goto(demo.url + "/logga-in/")
    page.get_by_role("link", name="Glömt lösenordet?").click()
    assert_accessible(page)
    page.get_by_label("E-postadress").fill("politiker@example.se")
    page.get_by_role("button", name="Skicka länk").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Kolla din e-post"
    link = next(line for line in mailoutbox[0].body.splitlines() if "/konto/aterstall/" in line)
    page.goto(link.strip())
    page.get_by_label("Nytt lösenord:", exact=True).fill("Ett-nytt-lösen-2026")
    page.get_by_label("Bekräfta nytt lösenord").fill("Ett-nytt-lösen-2026")
    assert_accessible(page)
    page.get_by_role("button", name="Spara lösenordet").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Lösenordet är sparat"
    sign_in(page, demo.url, "politiker", "Ett-nytt-lösen-2026")
    assert page.get_by_role("heading", level=1).inner_text() == "Översikt – Alingsås kommun"


def test_the_accessibility_statement_is_public_and_linked_from_every_page(demo, page):
    page.goto(demo.url + "/logga-in/")
    page.get_by_role("contentinfo").get_by_role("link", name="Tillgänglighetsredogörelse").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Tillgänglighet för Värn"
    assert "lagen (2018:1937)" in page.content()
    assert_accessible(page)
    screenshot(page, "tillganglighetsredogorelse")
