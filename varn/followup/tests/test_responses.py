from __future__ import annotations

from django.core import mail
from django.urls import reverse

from varn.followup.models import FollowUpAnswer, FollowUpResponse

from .factories import answer_all, open_round


def url(cast, name, *args):
    return reverse(f"followup:{name}", args=[cast.slug, *args])


def form_data(
    response, *, text="Vi har genomfört insatsen.", conclusion="keep", action="draft", version=None
):
    data = {f"q_{q.pk}": text for q in response.round.questions.all()}
    data.update(
        {
            "conclusion": conclusion,
            "action": action,
            "lock_version": str(version if version is not None else response.lock_version),
        }
    )
    return data


def own_response(cast, measures):
    round = open_round(cast.program)
    return round.responses.get(measure=measures[0]), round.responses.get(measure=measures[1])


def test_unit_editor_saves_a_draft_and_then_submits(cast, measures):
    response, _ = own_response(cast, measures)
    client = cast.client(cast.unit_editor)
    page = url(cast, "response-detail", response.pk)
    assert client.get(page).status_code == 200
    draft = client.post(page, form_data(response, text="Ett första utkast", conclusion=""))
    assert draft.status_code == 302
    response.refresh_from_db()
    assert response.status == FollowUpResponse.Status.DRAFT
    assert set(response.answers.values_list("text", flat=True)) == {"Ett första utkast"}
    submitted = client.post(page, form_data(response, action="submit"))
    assert submitted.status_code == 302
    response.refresh_from_db()
    assert response.status == FollowUpResponse.Status.SUBMITTED
    assert response.submitted_by == cast.unit_editor
    assert response.conclusion == "keep"


def test_it_refuses_to_submit_an_empty_answer(cast, measures):
    response, _ = own_response(cast, measures)
    result = cast.client(cast.unit_editor).post(
        url(cast, "response-detail", response.pk), form_data(response, text="", action="submit")
    )
    assert result.status_code == 400
    assert "alla frågor måste besvaras" in result.content.decode()
    response.refresh_from_db()
    assert response.status == FollowUpResponse.Status.DRAFT
    assert not FollowUpAnswer.objects.exists()


def test_it_refuses_to_submit_without_a_conclusion(cast, measures):
    response, _ = own_response(cast, measures)
    result = cast.client(cast.unit_editor).post(
        url(cast, "response-detail", response.pk), form_data(response, conclusion="", action="submit")
    )
    assert result.status_code == 400
    assert "utan en slutsats" in result.content.decode()
    assert not FollowUpAnswer.objects.exists()


def test_it_refuses_personal_identity_numbers_in_answers(cast, measures):
    response, _ = own_response(cast, measures)
    result = cast.client(cast.unit_editor).post(
        url(cast, "response-detail", response.pk), form_data(response, text="Gäller 19121212-1212")
    )
    assert result.status_code == 200
    assert "personnummer" in result.content.decode()
    assert not FollowUpAnswer.objects.exists()


def test_unit_editor_cannot_answer_for_another_unit_but_reads_it(cast, measures):
    _, other = own_response(cast, measures)
    client = cast.client(cast.unit_editor)
    page = url(cast, "response-detail", other.pk)
    read = client.get(page)
    assert read.status_code == 200
    assert "Skicka in" not in read.content.decode()
    assert client.post(page, form_data(other)).status_code == 403
    assert not FollowUpAnswer.objects.exists()


def test_viewer_reads_answers_partner_does_not_and_outsider_gets_404(cast, measures):
    response, _ = own_response(cast, measures)
    answer_all(response, text="Synligt svar")
    page = url(cast, "response-detail", response.pk)
    viewer = cast.client(cast.viewer).get(page)
    assert viewer.status_code == 200
    assert "Synligt svar" in viewer.content.decode()
    assert "Skicka in" not in viewer.content.decode()
    assert cast.client(cast.viewer).post(page, form_data(response)).status_code == 403
    assert cast.client(cast.partner_user).get(page).status_code == 403
    assert cast.client(cast.outsider).get(page).status_code == 404


def test_a_stale_form_does_not_overwrite_a_newer_save(cast, measures):
    response, _ = own_response(cast, measures)
    client = cast.client(cast.unit_editor)
    page = url(cast, "response-detail", response.pk)
    seen = response.lock_version
    client.post(page, form_data(response, text="Kollegans svar", version=seen))
    stale = client.post(page, form_data(response, text="Mitt svar", version=seen))
    assert stale.status_code == 409
    assert "Någon annan har sparat svaret" in stale.content.decode()
    assert set(FollowUpAnswer.objects.values_list("text", flat=True)) == {"Kollegans svar"}


def test_a_save_without_its_version_does_not_overwrite_a_newer_save(cast, measures):
    response, _ = own_response(cast, measures)
    client = cast.client(cast.unit_editor)
    page = url(cast, "response-detail", response.pk)
    client.post(page, form_data(response, text="Kollegans svar"))
    data = form_data(response, text="Mitt svar")
    del data["lock_version"]
    refused = client.post(page, data)
    assert refused.status_code in (200, 400, 409)
    assert "Ladda om sidan" in refused.content.decode()
    assert set(FollowUpAnswer.objects.values_list("text", flat=True)) == {"Kollegans svar"}


def submitted(cast, measures):
    response, other = own_response(cast, measures)
    for r in (response, other):
        answer_all(r)
        r.status = FollowUpResponse.Status.SUBMITTED
        r.save()
    return response, other


def test_coordinator_approves_a_submitted_answer(cast, measures):
    response, _ = submitted(cast, measures)
    result = cast.client(cast.coordinator).post(url(cast, "response-approve", response.pk))
    assert result.status_code == 302
    response.refresh_from_db()
    assert response.status == FollowUpResponse.Status.APPROVED
    assert response.reviewed_by == cast.coordinator


def test_returning_an_answer_sends_it_back_to_its_unit_only(cast, measures):
    response, other = submitted(cast, measures)
    result = cast.client(cast.coordinator).post(
        url(cast, "response-return", response.pk), {"comment": "Beskriv hur många som nåtts."}
    )
    assert result.status_code == 302
    response.refresh_from_db()
    other.refresh_from_db()
    assert response.status == FollowUpResponse.Status.RETURNED
    assert response.return_comment == "Beskriv hur många som nåtts."
    assert other.status == FollowUpResponse.Status.SUBMITTED
    assert len(mail.outbox) == 1
    assert sorted(mail.outbox[0].to) == ["editor@example.se", "soc@example.se"]
    assert "Beskriv hur många som nåtts." in mail.outbox[0].body


def test_a_returned_answer_shows_the_comment_and_can_be_submitted_again(cast, measures):
    response, _ = submitted(cast, measures)
    response.send_back(by=cast.coordinator, comment="Komplettera kostnaderna.")
    client = cast.client(cast.unit_editor)
    page = url(cast, "response-detail", response.pk)
    body = client.get(page).content.decode()
    assert "Komplettera kostnaderna." in body
    assert "Skicka in" in body
    response.refresh_from_db()
    client.post(page, form_data(response, action="submit"))
    response.refresh_from_db()
    assert response.status == FollowUpResponse.Status.SUBMITTED


def test_returning_needs_a_comment(cast, measures):
    response, _ = submitted(cast, measures)
    result = cast.client(cast.coordinator).post(url(cast, "response-return", response.pk), {"comment": ""})
    assert result.status_code == 200
    response.refresh_from_db()
    assert response.status == FollowUpResponse.Status.SUBMITTED


def test_only_the_coordinator_reviews(cast, measures):
    response, _ = submitted(cast, measures)
    for user in (cast.unit_editor, cast.viewer, cast.partner_user):
        client = cast.client(user)
        assert client.post(url(cast, "response-approve", response.pk)).status_code == 403
        assert client.post(url(cast, "response-return", response.pk), {"comment": "x"}).status_code == 403
    assert cast.client(cast.outsider).post(url(cast, "response-approve", response.pk)).status_code == 404
    response.refresh_from_db()
    assert response.status == FollowUpResponse.Status.SUBMITTED


def test_an_approved_answer_cannot_be_changed_by_the_unit(cast, measures):
    response, _ = submitted(cast, measures)
    response.approve(by=cast.coordinator)
    result = cast.client(cast.unit_editor).post(
        url(cast, "response-detail", response.pk), form_data(response, text="Ändrat i efterhand"), follow=True
    )
    assert "Svaret kan inte ändras nu" in result.content.decode()
    assert not FollowUpAnswer.objects.filter(text="Ändrat i efterhand").exists()


def test_the_history_of_an_answer_lists_every_change(cast, measures):
    response, _ = own_response(cast, measures)
    client = cast.client(cast.unit_editor)
    page = url(cast, "response-detail", response.pk)
    client.post(page, form_data(response, text="Första"))
    response.refresh_from_db()
    client.post(page, form_data(response, text="Andra", action="submit"))
    history = client.get(url(cast, "response-history", response.pk))
    body = history.content.decode()
    assert "Första" in body and "Andra" in body
    assert "Inskickat" in body
