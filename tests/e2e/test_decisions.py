"""The decision trail in the browser: the coordinator uploads the seed protocol (KSAU 2025-10-22
§ 170), follows it being read, reviews what Värn found beside the protocol's lines and confirms;
then records the adoption, previews the amendments as a diff and adopts the text with them applied.
The programme then reads "… mellan olika förvaltningar i kommunen samt med de fackliga parterna."."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from varn.decisions.models import Amendment, Case, Decision, ProtocolImport
from varn.programs.models import Program, ProgramVersion

from .conftest import assert_accessible, record_decision, screenshot, sign_in

pytestmark = pytest.mark.browser

SEED = Path(__file__).parent / "data" / "000_9117805203868d6b.txt"


def alingsas_before_the_seed() -> Program:
    """The demo already holds the trail the seed tells, with its amendments applied. Go back to the
    day before the protocol arrived: no case 2025.202 KS yet, and the programme only as the draft
    that socialnämnden approved (version 1)."""
    program = Program.objects.get(municipality__slug="alingsas", dnr="2025.202 KS")
    Case.objects.filter(municipality=program.municipality, dnr=program.dnr).delete()
    program.versions.exclude(number=1).delete()
    Program.objects.filter(pk=program.pk).update(status=Program.Status.PROPOSED)
    return program


def test_the_coordinator_imports_the_seed_protocol_and_applies_its_amendments_on_adoption(demo, page):
    program = alingsas_before_the_seed()
    sign_in(page, demo.url, "samordnare")
    page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Beslut").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Beslut och ärenden")
    assert_accessible(page)
    page.get_by_role("link", name="Läs in protokoll").click()
    assert_accessible(page)

    # Upload: read in the background, with its progress on a page of its own.
    page.get_by_label("Protokollfil").set_input_files(SEED)
    page.get_by_role("button", name="Läs protokollet").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Läser protokoll: {SEED.name}")
    expect(page.locator("#job")).to_contain_text("1 paragraf läst")
    assert_accessible(page)
    screenshot(page, "protokoll-inlasning")
    assert not ProtocolImport.objects.exists() and not Case.objects.filter(dnr="2025.202 KS").exists()

    # Review: every item beside the lines of the protocol it came from; nothing saved yet.
    page.get_by_role("link", name="Fortsätt").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Granska inläst protokoll")
    assert page.get_by_role("heading", name="§ 170").is_visible()
    assert page.get_by_label("Diarienummer").first.input_value() == "2025.202 KS"
    tillagg_1 = page.get_by_role("group", name="Tillägg 1")
    expect(tillagg_1).to_contain_text("mellan mellan olika")  # the protocol's own line, noise and all
    assert page.get_by_role("group", name="Tillägg 2").is_visible()
    assert_accessible(page)
    screenshot(page, "protokoll-granskning")
    page.get_by_role("button", name="Bekräfta och spara i ärendet").click()

    # The case: the trail the protocol tells, in date order.
    expect(page.get_by_role("status")).to_have_text("Protokollet är sparat i ärendet.")
    timeline = page.locator(".timeline")
    for reference in ("KF 2022-02-27 § 100", "KSAU 2025-04-23 § 58", "KSAU 2025-10-22 § 170"):
        expect(timeline).to_contain_text(reference)
    assert_accessible(page)
    screenshot(page, "arende-efter-inlasning")
    case = Case.objects.get(municipality=program.municipality, dnr="2025.202 KS")
    assert case.program == program
    assert sorted(Amendment.objects.filter(decision__case=case).values_list("label", flat=True)) == [
        "Tillägg 1",
        "Tillägg 2",
    ]

    # The council's adoption, recorded by hand (it is not in this protocol).
    record_decision(
        page,
        body="KF",
        name="Kommunfullmäktige",
        date="2025-11-26",
        paragraph="200",
        title="Programmet antas med Tillägg 1 och 2",
    )

    # Preview: the text before and after each amendment.
    page.get_by_role("link", name="Tillägg och ändringar i programtexten").click()
    diffs = page.locator(".diff")
    expect(diffs).to_have_count(2)
    expect(diffs.nth(0).locator("ins")).to_have_text("samt med de fackliga parterna")
    expect(diffs.nth(1).locator("ins")).to_contain_text("Fackliga parter erbjuds basutbildning")
    assert_accessible(page)
    screenshot(page, "andringar-forhandsgranskning")
    chosen = page.get_by_label("Beslut som antar texten").locator("option:checked")
    expect(chosen).to_have_text("– Välj beslut –")  # nothing chosen for the coordinator
    page.get_by_label("Beslut som antar texten").select_option(label="KF 2025-11-26 § 200")
    page.get_by_label("Antagen den").fill("2025-11-26")
    page.get_by_role("button", name="Visa vad som antas").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bekräfta antagande av version 1")
    page.get_by_role("button", name="Bekräfta och anta").click()
    expect(page.get_by_role("status")).to_have_text("Version 2 är antagen med ändringarna införda.")
    assert_accessible(page)

    # The programme's text now: the amended sentence and the new bullet, each marked with its decision.
    page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Program").click()
    assert_accessible(page)
    page.get_by_role("link", name=program.title).first.click()
    added = page.locator("ins.change")
    expect(added).to_have_count(2)
    expect(added.nth(0)).to_have_text("samt med de fackliga parterna")
    assert added.nth(0).get_attribute("title") == "Tillägg 1, KSAU 2025-10-22 § 170"
    sentence = page.locator("p", has=added.nth(0))
    expect(sentence).to_contain_text("mellan olika förvaltningar i kommunen samt med de fackliga parterna")
    expect(added.nth(1)).to_have_text("Fackliga parter erbjuds basutbildning")
    assert added.nth(1).get_attribute("title") == "Tillägg 2, KSAU 2025-10-22 § 170"
    assert_accessible(page)
    screenshot(page, "program-antaget-med-tillaggen")
    adopted = ProgramVersion.objects.get(program=program, number=2)
    assert adopted.status == ProgramVersion.Status.ADOPTED
    assert adopted.created_by_decision == Decision.objects.get(case=case, body="KF", paragraph=200)


def test_importing_the_same_protocol_twice_adds_nothing(demo, page):
    alingsas_before_the_seed()
    sign_in(page, demo.url, "samordnare")
    for attempt in range(2):
        page.goto(demo.url + "/kommun/alingsas/beslut/importera/")
        page.get_by_label("Protokollfil").set_input_files(SEED)
        page.get_by_role("button", name="Läs protokollet").click()
        page.get_by_role("link", name="Fortsätt").click()
        # The second time the review says so, before anything is saved.
        expect(page.get_by_text("Det här protokollet lästes in redan")).to_have_count(attempt)
        if attempt:
            assert_accessible(page)
        page.get_by_role("button", name="Bekräfta och spara i ärendet").click()
        expect(page.get_by_role("status")).to_have_text("Protokollet är sparat i ärendet.")
    case = Case.objects.get(municipality__slug="alingsas", dnr="2025.202 KS")
    assert (case.decisions.count(), Amendment.objects.filter(decision__case=case).count()) == (6, 2)
    assert ProtocolImport.objects.filter(municipality__slug="alingsas").count() == 1
