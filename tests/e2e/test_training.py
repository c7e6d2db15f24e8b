"""Recording training in the browser: an administration's contact records a course given to its
staff, is told in Swedish what is wrong with a bad figure, and sees the coverage; a union records
its own members' training and sees only its own figures. Only counts, never names."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from varn.training.models import TrainingEffort

from .conftest import assert_accessible, screenshot, sign_in

pytestmark = pytest.mark.browser

COURSE = "Basutbildning om våld i nära relationer, lärarledd"


def test_a_unit_editor_records_training_for_their_administration(demo, page):
    sign_in(page, demo.url, "forvaltning")
    page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Utbildning").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Utbildning – täckning")
    assert_accessible(page)
    page.get_by_role("link", name="Registrera utbildning").click()
    assert_accessible(page)
    screenshot(page, "utbildning-registrera")
    # The form offers the editor's own administration only, already chosen.
    organisation = page.get_by_label("Förvaltning eller samverkanspart")
    expect(organisation.locator("option:checked")).to_have_text("Socialförvaltningen")
    expect(organisation.locator("option")).to_have_count(2)  # the empty choice and the own unit
    page.get_by_label("Utbildning:", exact=True).select_option(label=COURSE)
    page.get_by_label("Målgrupp:", exact=True).select_option(label="Chefer")
    page.get_by_label("År:", exact=True).fill("2026")
    page.get_by_label("Antal tillfällen").fill("2")
    page.get_by_label("Antal deltagare").fill("40")
    page.get_by_label("Målgruppens storlek").fill("30")
    page.get_by_role("button", name="Spara").click()

    # More participants than people in the group: explained, and nothing saved.
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Antal deltagare (40) är fler än målgruppens storlek (30).")
    assert_accessible(page)
    screenshot(page, "utbildning-registrera-fel")
    assert not TrainingEffort.objects.filter(unit__short_name="SOC", target_group__name="Chefer", year=2026)
    summary.get_by_role("link").first.click()
    assert page.evaluate("document.activeElement.id") == "id_participants"
    page.get_by_label("Antal deltagare").fill("24")
    page.get_by_role("button", name="Spara").click()

    expect(page.get_by_role("status")).to_have_text("Utbildningsinsatsen är sparad.")
    expect(page.get_by_role("heading", level=1)).to_have_text("Utbildningsinsatser")
    row = page.get_by_role("row").filter(has_text=COURSE).filter(has_text="Chefer").filter(has_text="2026")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("80 %")
    assert_accessible(page)
    effort = TrainingEffort.objects.get(unit__short_name="SOC", target_group__name="Chefer", year=2026)
    assert (effort.sessions, effort.participants, effort.target_population) == (2, 24, 30)
    assert effort.created_by.username == "forvaltning"
    # Back to the coverage page, which counts it among the administration's figures.
    page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Utbildning").click()
    assert_accessible(page)


def test_a_union_records_its_own_training_and_sees_only_its_own_figures(demo, page):
    sign_in(page, demo.url, "facket")
    page.goto(demo.url + "/kommun/alingsas/utbildning/insatser/")
    expect(page.get_by_role("main")).to_contain_text("Du ser din egen organisations utbildningssiffror.")
    organisations = {
        text.strip() for text in page.locator("#results tbody td:nth-child(2)").all_inner_texts()
    }
    assert organisations == {"Vision"}
    assert_accessible(page)
    screenshot(page, "utbildning-insatser-facket")
    page.get_by_role("link", name="Registrera utbildning").click()
    assert_accessible(page)
    organisation = page.get_by_label("Förvaltning eller samverkanspart")
    expect(organisation.locator("option:checked")).to_have_text("Vision")
    page.get_by_label("Utbildning:", exact=True).select_option(label=COURSE)
    page.get_by_label("Målgrupp:", exact=True).select_option(label="Fackliga parter")
    page.get_by_label("År:", exact=True).fill("2027")
    page.get_by_label("Antal deltagare").fill("9")
    page.get_by_role("button", name="Spara").click()
    expect(page.get_by_role("status")).to_have_text("Utbildningsinsatsen är sparad.")
    assert_accessible(page)
    effort = TrainingEffort.objects.get(partner__name="Vision", year=2027)
    assert effort.unit is None and effort.participants == 9 and effort.target_population is None
