"""The programme's whole cycle in the browser.

1. From an empty installation: staff set up a municipality from the official list and invite its
   coordinator, who accepts, creates the programme, writes two headings and a table in the block
   editor, adds an administration and invites its unit editor, records the council's decision and
   adopts the version (no amendments) after seeing what will be frozen.
2. The `load_demo --stage proposal` walk of the README: the seed protocol read and reviewed, the
   council's adoption recorded, the two amendments previewed and adopted."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from varn.decisions.models import Amendment, Case, Decision
from varn.organisations.models import Municipality
from varn.programs.models import Block, Program, ProgramVersion

from .conftest import assert_accessible, record_decision, screenshot, sign_in
from .municipality_steps import (  # the fixtures are used by name
    coordinator_adds_units,
    coordinator_invites,
    empty_site,  # noqa: F401
    new_municipality,  # noqa: F401
)

pytestmark = pytest.mark.browser

SEED = Path(__file__).parent / "data" / "000_9117805203868d6b.txt"


def add_block(page, kind: str, text: str, **fields) -> None:
    form = page.locator("form", has=page.locator("#add-block"))
    form.get_by_label("Typ av block").select_option(label=kind)
    form.get_by_label("Text:", exact=True).fill(text)
    for label, value in fields.items():
        form.get_by_label(label).fill(value)
    page.locator("#add-block").click()
    expect(page.locator("#editor")).to_contain_text(text)


def test_a_municipality_set_up_from_nothing_writes_and_adopts_its_programme(
    new_municipality,  # noqa: F811
):
    page, base_url = new_municipality.coordinator_page, new_municipality.base_url
    municipality = Municipality.objects.get(slug=new_municipality.slug)
    page.goto(base_url + f"/kommun/{municipality.slug}/")
    expect(page.get_by_text("Inget program är upplagt ännu.")).to_be_visible()
    page.get_by_role("link", name="Skapa programmet").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nytt program")
    assert_accessible(page)
    page.get_by_label("Titel:", exact=True).fill("Program mot våld i nära relationer 2026–2028")
    page.get_by_label("Diarienummer:", exact=True).fill("KS 2026/12")
    page.get_by_label("Gäller från år:", exact=True).fill("2026")
    page.get_by_label("Gäller till år:", exact=True).fill("2028")
    page.get_by_role("button", name="Skapa programmet").click()
    expect(page.get_by_role("status")).to_have_text("Programmet är skapat.")
    expect(page.get_by_text("Texten är tom.")).to_be_visible()
    assert_accessible(page)

    # Two headings and a table, written block by block.
    add_block(page, "Rubrik", "Inledning")
    add_block(page, "Rubrik", "Samverkan")
    add_block(page, "Tabell", "Insatser och ansvar", **{"Rader": "2", "Kolumner": "2"})
    editor = page.locator("#editor")
    expect(editor.locator("li.editor-cell")).to_have_count(4)
    # Fill the table's first cell, on the block's own page (works without JavaScript too).
    first_cell = editor.locator("li.editor-cell").first
    first_cell.get_by_role("link", name="Redigera").click()
    page.get_by_label("Text:", exact=True).fill("Insatsområde")
    page.get_by_role("button", name="Spara").click()
    expect(page.locator("#editor")).to_contain_text("Insatsområde")
    # Move the second heading above the first (with htmx only the editor is swapped).
    page.locator("li.editor-heading", has_text="Samverkan").get_by_role("button", name="Flytta upp").click()
    expect(page.locator("li.editor-heading").first).to_contain_text("Samverkan")
    assert_accessible(page)
    screenshot(page, "program-redigera-text")
    program = Program.objects.get(municipality=municipality)
    version = program.versions.get()
    assert [b.text for b in Block.objects.filter(version=version, type="heading").order_by("position")] == [
        "Samverkan",
        "Inledning",
    ]

    # The administration that carries the measures, and its contact invited.
    coordinator_adds_units(page, ["Socialförvaltningen"])
    coordinator_invites(page, "anna@alingsas.se", role="Förvaltningskontakt", unit="Socialförvaltningen")

    # The case and the council's decision.
    page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Beslut").click()
    page.get_by_role("link", name="Nytt ärende").click()
    page.get_by_label("Diarienummer:", exact=True).fill("KS 2026/12")
    page.get_by_label("Ärendemening:", exact=True).fill("Program mot våld i nära relationer")
    page.get_by_label("Program:", exact=True).select_option(label=program.title)
    page.get_by_role("button", name="Spara").click()
    record_decision(page, body="KF", date="2026-03-30", paragraph="41")

    # Adopt: nothing chosen beforehand; a confirmation page says what will be frozen.
    page.goto(base_url + f"/kommun/{municipality.slug}/program/{program.pk}/")
    page.get_by_role("link", name="Anta versionen").click()
    select = page.get_by_label("Beslut som antar texten")
    expect(select.locator("option:checked")).to_have_text("– Välj beslut –")
    assert_accessible(page)
    page.get_by_role("button", name="Visa vad som antas").click()
    expect(page.get_by_role("alert")).to_contain_text("Välj det beslut som antar versionen.")
    page.get_by_label("Beslut som antar texten").select_option(label="KF 2026-03-30 § 41")
    page.get_by_role("button", name="Visa vad som antas").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bekräfta antagande av version 1")
    expect(
        page.get_by_text("Inga tillägg eller ändringar: version 1 antas som den är och låses.")
    ).to_be_visible()
    assert_accessible(page)
    screenshot(page, "program-bekrafta-antagande")
    version.refresh_from_db()
    assert version.status == ProgramVersion.Status.DRAFT
    page.get_by_role("button", name="Bekräfta och anta").click()
    expect(page.get_by_role("status")).to_have_text("Version 1 är antagen.")
    expect(page.get_by_text("Antagen genom KF 2026-03-30 § 41 den 2026-03-30.")).to_be_visible()
    expect(page.get_by_role("link", name="Redigera texten")).to_have_count(0)  # frozen
    assert_accessible(page)
    version.refresh_from_db()
    assert version.status == ProgramVersion.Status.ADOPTED
    assert version.created_by_decision == Decision.objects.get(case__program=program, paragraph=41)


def test_the_proposal_demo_walk_of_the_readme(live_server, transactional_db, e2e_media, page):
    call_command("load_demo", stage="proposal", verbosity=0)
    sign_in(page, live_server.url, "samordnare")
    page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Beslut").click()
    page.get_by_role("link", name="Läs in protokoll").click()
    page.get_by_label("Protokollfil").set_input_files(SEED)
    page.get_by_role("button", name="Läs protokollet").click()
    expect(page.locator("#job")).to_contain_text("1 paragraf läst")
    page.get_by_role("link", name="Fortsätt").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Granska inläst protokoll")
    page.get_by_role("button", name="Bekräfta och spara i ärendet").click()
    expect(page.get_by_role("status")).to_have_text("Protokollet är sparat i ärendet.")
    case = Case.objects.get(municipality__slug="alingsas", dnr="2025.202 KS")
    assert Amendment.objects.filter(decision__case=case).count() == 2

    record_decision(page, body="KF", name="Kommunfullmäktige", date="2025-11-26", paragraph="200")

    page.get_by_role("link", name="Tillägg och ändringar i programtexten").click()
    expect(page.locator(".diff")).to_have_count(2)
    page.get_by_label("Beslut som antar texten").select_option(label="KF 2025-11-26 § 200")
    page.get_by_role("button", name="Visa vad som antas").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bekräfta antagande av version 1")
    expect(page.locator(".diff ins").first).to_have_text("samt med de fackliga parterna")
    assert_accessible(page)
    screenshot(page, "demo-forslag-bekrafta")
    page.get_by_role("button", name="Bekräfta och anta").click()
    expect(page.get_by_role("status")).to_have_text("Version 2 är antagen med ändringarna införda.")
    expect(page.locator("ins.change")).to_have_count(2)
    assert_accessible(page)
    adopted = ProgramVersion.objects.get(program__municipality__slug="alingsas", number=2)
    assert adopted.status == ProgramVersion.Status.ADOPTED and str(adopted.adopted_on) == "2025-11-26"
