"""Editing a measure in the browser: with the mouse, with the keyboard only, and two people at once
(optimistic locking: the later save is refused and shown the difference)."""

from __future__ import annotations

import pytest

from varn.programs.models import Measure, MeasureStatus

from .conftest import assert_accessible, screenshot, sign_in
from .test_sign_in import tab_to

pytestmark = pytest.mark.browser


def soc_measure() -> Measure:
    """A measure socialförvaltningen owns, so that the unit editor 'forvaltning' may edit it."""
    return (
        Measure.objects.filter(municipality__slug="alingsas", responsible_unit__short_name="SOC")
        .exclude(status=MeasureStatus.DONE)
        .order_by("code")[0]
    )


def edit_url(base: str, measure: Measure) -> str:
    return f"{base}/kommun/alingsas/insatser/{measure.pk}/redigera/"


def test_a_unit_editor_edits_their_measure(demo, page):
    measure = soc_measure()
    sign_in(page, demo.url, "forvaltning")
    page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Insatser").click()
    assert_accessible(page)
    screenshot(page, "insatser")
    page.get_by_role("link", name=measure.title, exact=True).click()
    assert_accessible(page)
    screenshot(page, "insats")
    page.get_by_role("link", name="Redigera insatsen").click()
    assert_accessible(page)
    screenshot(page, "insats-redigera")
    page.get_by_label("Status").select_option(label="Senarelagd")
    page.get_by_label("Motivering").fill("Senarelagd i väntan på ny samordnare; startar i vår.")
    page.get_by_role("button", name="Spara").click()
    assert page.get_by_role("status").inner_text() == "Insatsen är sparad."
    assert page.locator(".badge").first.inner_text() == "Senarelagd"
    assert "Fredrik Holm ändrade" in page.content()
    assert_accessible(page)
    measure.refresh_from_db()
    assert measure.status == MeasureStatus.POSTPONED


def test_a_bad_date_is_explained_next_to_the_field(demo, page):
    measure = soc_measure()
    sign_in(page, demo.url, "samordnare")
    page.goto(edit_url(demo.url, measure))
    page.get_by_label("Slutdatum").fill("2031-01-01")
    page.get_by_role("button", name="Spara").click()
    summary = page.get_by_role("alert")
    assert "Uppgifterna sparades inte" in summary.inner_text()
    assert "utanför programperioden 2025–2027" in summary.inner_text()
    assert_accessible(page)
    summary.get_by_role("link").first.click()
    assert page.evaluate("document.activeElement.id") == "id_end_date"


def test_editing_a_measure_with_the_keyboard_only(demo, page):
    measure = soc_measure()
    sign_in(page, demo.url, "forvaltning")
    page.goto(f"{demo.url}/kommun/alingsas/insatser/{measure.pk}/")
    tab_to(page, "")  # start from the top of the page
    for _ in range(80):
        if page.evaluate("document.activeElement.textContent.trim()") == "Redigera insatsen":
            break
        page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.wait_for_url("**/redigera/")
    tab_to(page, "id_title")
    page.keyboard.press("Control+A")
    page.keyboard.type("Utbildning i våldsutsatthet för socialtjänstens chefer")
    tab_to(page, "id_status")
    page.keyboard.press("End")  # the last status: Avbruten
    page.keyboard.press("Home")  # and back to the first: Planerad
    page.keyboard.press("ArrowDown")  # Pågår
    # Every field on the way was reachable and showed where the focus was.
    for _ in range(60):
        tag = page.evaluate(
            "document.activeElement.tagName + ':' + document.activeElement.textContent.trim()"
        )
        if tag == "BUTTON:Spara":
            break
        outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
        assert outline != "none" or tag.startswith(("BODY", "MAIN")), f"no visible focus on {tag}"
        page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/insatser/{measure.pk}/")
    measure.refresh_from_db()
    assert measure.title == "Utbildning i våldsutsatthet för socialtjänstens chefer"
    assert measure.status == MeasureStatus.ONGOING


def test_two_people_saving_the_same_measure_the_later_is_refused_and_shown_the_difference(
    demo, new_page, problems
):
    problems.allow("status of 409")
    measure = soc_measure()
    coordinator, editor = new_page(), new_page()
    sign_in(coordinator, demo.url, "samordnare")
    sign_in(editor, demo.url, "forvaltning")
    coordinator.goto(edit_url(demo.url, measure))
    editor.goto(edit_url(demo.url, measure))
    # The coordinator saves first.
    coordinator.locator("#id_title").fill("Basutbildning för socialtjänsten (samordnarens version)")
    coordinator.get_by_role("button", name="Spara").click()
    assert coordinator.get_by_role("status").inner_text() == "Insatsen är sparad."
    # The unit editor, who opened the form before that, saves too: refused, and told what changed.
    editor.get_by_label("Motivering").fill("Förvaltningens motivering.")
    editor.get_by_role("button", name="Spara").click()
    conflict = editor.locator("#conflict")
    assert "Sara Lind har ändrat insatsen medan du redigerade" in conflict.inner_text()
    row = conflict.get_by_role("row", name="Insats")
    assert "Basutbildning för socialtjänsten (samordnarens version)" in row.inner_text()
    assert editor.get_by_label("Motivering").input_value() == "Förvaltningens motivering."
    assert_accessible(editor)
    screenshot(editor, "insats-konflikt")
    measure.refresh_from_db()
    assert measure.rationale != "Förvaltningens motivering."
    # Saving again, having seen the difference, is a deliberate choice and goes through: the form
    # holds the editor's own values (here the title they saw), which now replace the coordinator's.
    original_title = editor.locator("#id_title").input_value()
    editor.get_by_role("button", name="Spara").click()
    assert editor.get_by_role("status").inner_text() == "Insatsen är sparad."
    measure.refresh_from_db()
    assert measure.rationale == "Förvaltningens motivering."
    assert measure.title == original_title
