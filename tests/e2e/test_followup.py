"""The follow-up in the browser: the coordinator creates a round and opens it (the demo's round is
closed), an administration's contact answers about one of its measures and sends the answer in, the
coordinator approves it; and the coordinator builds the report to the politicians, which is made in
the background (at once in the tests) and offered as Word and PDF."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from playwright.sync_api import expect

from varn.followup.models import FollowUpResponse, FollowUpRound, Report

from .conftest import assert_accessible, screenshot, sign_in

pytestmark = pytest.mark.browser

TITLE = "Deluppföljning 2027"


def menu(page, name: str):
    return page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name=name)


def test_a_unit_editor_answers_a_follow_up_question_in_a_round_the_coordinator_opened(
    demo, new_page, mailoutbox
):
    coordinator = new_page()
    sign_in(coordinator, demo.url, "samordnare")
    menu(coordinator, "Uppföljning").click()
    assert_accessible(coordinator)
    coordinator.get_by_role("link", name="Ny omgång").click()
    coordinator.get_by_label("Rubrik").fill(TITLE)
    coordinator.get_by_label("Typ").select_option(label="Deluppföljning")
    deadline = timezone.localdate() + datetime.timedelta(days=30)
    coordinator.get_by_label("Sista svarsdag:", exact=True).fill(deadline.isoformat())
    assert_accessible(coordinator)
    coordinator.get_by_role("button", name="Spara").click()
    expect(coordinator.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(coordinator.get_by_role("status")).to_contain_text("standardfrågorna")
    assert_accessible(coordinator)
    screenshot(coordinator, "uppfoljning-ny-omgang")
    coordinator.get_by_role("button", name="Öppna omgången och meddela förvaltningarna").click()
    expect(coordinator.get_by_role("status")).to_contain_text("Omgången är öppnad.")
    round = FollowUpRound.objects.get(title=TITLE)
    assert round.status == FollowUpRound.Status.OPEN
    # The administrations are told by e-mail, with a link to the round.
    editor_address = get_user_model().objects.get(username="forvaltning").email
    notice = next(m for m in mailoutbox if editor_address in m.to)
    assert round.get_absolute_url() in notice.body

    # The administration's contact finds what to answer for their unit.
    editor = new_page()
    sign_in(editor, demo.url, "forvaltning")
    menu(editor, "Uppföljning").click()
    assert_accessible(editor)
    editor.get_by_role("link", name=TITLE).click()
    mine = editor.locator("section[aria-labelledby=mine-heading]")
    expect(mine.get_by_role("heading")).to_have_text("Att besvara för Socialförvaltningen")
    assert_accessible(editor)
    screenshot(editor, "uppfoljning-att-besvara")
    mine.get_by_role("link").first.click()
    editor.wait_for_url("**/uppfoljning/svar/*/")
    response = FollowUpResponse.objects.get(round=round, pk=int(editor.url.rstrip("/").rsplit("/", 1)[1]))
    assert response.unit.short_name == "SOC"
    # Last round's answers are filled in; the editor updates the first and sends the answer in.
    expect(editor.get_by_role("main")).to_contain_text("förifyllda från förra uppföljningen")
    first = response.round.questions.order_by("order")[0]
    answer = editor.get_by_label(first.text)
    answer.fill("Under våren har tre arbetsplatsträffar genomförts; omkring 60 medarbetare nåddes.")
    editor.get_by_role("radio", name="Behåll").check()
    assert_accessible(editor)
    screenshot(editor, "uppfoljning-svar")
    editor.get_by_role("button", name="Skicka in till samordnaren").click()
    expect(editor.get_by_role("status")).to_have_text("Svaret är inskickat till samordnaren.")
    expect(editor.locator(".badge").first).to_have_text("Inskickat")
    expect(editor.get_by_role("main")).to_contain_text("omkring 60 medarbetare nåddes")
    assert_accessible(editor)
    response.refresh_from_db()
    assert response.status == FollowUpResponse.Status.SUBMITTED
    assert response.answers.get(question=first).text.startswith("Under våren har tre arbetsplatsträffar")

    # The coordinator reads it and approves it.
    coordinator.goto(f"{demo.url}/kommun/alingsas/uppfoljning/svar/{response.pk}/")
    expect(coordinator.get_by_role("main")).to_contain_text("omkring 60 medarbetare nåddes")
    assert_accessible(coordinator)
    coordinator.get_by_role("button", name="Godkänn").click()
    expect(coordinator.get_by_role("status")).to_have_text("Svaret är godkänt.")
    assert_accessible(coordinator)
    response.refresh_from_db()
    assert response.status == FollowUpResponse.Status.APPROVED


def test_the_coordinator_builds_the_report_to_the_politicians(demo, page):
    before = Report.objects.count()
    sign_in(page, demo.url, "samordnare")
    menu(page, "Uppföljning").click()
    page.get_by_role("link", name="Rapporter till politiken").click()
    assert_accessible(page)
    # The tests build the report in the request itself (immediate tasks): DOCX and PDF take seconds,
    # more than the default 15 s on a loaded machine (run 4 in docs/testing.md).
    page.get_by_role("button", name="Skapa rapport").click(timeout=90_000)
    # The job page: the report is built in the background (at once here), with its progress.
    expect(page.get_by_role("heading", level=1)).to_contain_text("Skapar rapporten")
    expect(page.locator("#job")).to_contain_text("Rapporten är klar.")
    assert_accessible(page)
    screenshot(page, "rapport-skapas")
    page.get_by_role("link", name="Fortsätt").click()
    assert Report.objects.count() == before + 1
    report = Report.objects.order_by("-built_at", "-pk").first()
    assert report is not None and report.docx_file and report.pdf_file
    expect(page.get_by_role("heading", level=1)).to_have_text(report.title)
    assert page.get_by_role("link", name="Ladda ner Word").is_visible()
    assert page.get_by_role("link", name="Ladda ner PDF").is_visible()
    contents = page.get_by_role("navigation", name="Innehåll")
    expect(contents.get_by_role("link").nth(2)).to_be_visible()  # three sections at least
    assert_accessible(page)
    screenshot(page, "rapport-ny")
    # The Word file is the one the politicians get.
    with page.expect_download() as download:
        page.get_by_role("link", name="Ladda ner Word").click()
    assert download.value.suggested_filename.endswith(".docx")
