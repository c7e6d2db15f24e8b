from __future__ import annotations

import datetime

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from varn.factories import MeasureFactory, ProgramFactory, UnitFactory
from varn.followup.models import (
    Conclusion,
    FollowUpAnswer,
    FollowUpError,
    FollowUpQuestion,
    FollowUpResponse,
    FollowUpRound,
    QuestionCategory,
)

from .conftest import count_queries
from .factories import RoundFactory, answer_all, open_round


def url(cast, name, *args):
    return reverse(f"followup:{name}", args=[cast.slug, *args])


def test_default_questions_follow_the_national_guidance(cast):
    round = RoundFactory(program=cast.program)
    categories = [q.category for q in round.questions.all()]
    assert categories == [
        QuestionCategory.OUTPUT,
        QuestionCategory.PROCESS,
        QuestionCategory.EFFECT,
        QuestionCategory.COOPERATION,
        QuestionCategory.COSTS,
        QuestionCategory.REVISION,
    ]
    assert "behålla, ändra eller avsluta" in round.questions.get(category=QuestionCategory.REVISION).text


def test_opening_creates_one_response_per_measure_and_responsible_unit(cast, measures):
    round = open_round(cast.program)
    responses = {(r.measure_id, r.unit_id) for r in round.responses.all()}
    assert responses == {(m.pk, m.responsible_unit_id) for m in measures}
    assert round.status == FollowUpRound.Status.OPEN
    assert round.opened_at is not None
    assert all(r.history.count() == 1 for r in round.responses.all())


def test_it_refuses_to_open_a_round_without_questions(cast, measures):
    round = RoundFactory(program=cast.program, questions=False)
    with pytest.raises(FollowUpError, match="inga frågor"):
        round.open(by=cast.coordinator)
    assert not round.responses.exists()


def test_it_refuses_to_open_a_round_with_a_deadline_in_the_past(cast, measures):
    round = RoundFactory(program=cast.program, deadline=timezone.localdate() - datetime.timedelta(days=1))
    with pytest.raises(FollowUpError, match="redan passerat"):
        round.open(by=cast.coordinator)
    round.refresh_from_db()
    assert round.is_draft


def test_it_refuses_to_open_a_round_for_a_programme_without_measures(cast):
    round = RoundFactory(program=cast.program)
    with pytest.raises(FollowUpError, match="inga insatser"):
        round.open(by=cast.coordinator)


def test_answers_are_prefilled_from_the_previous_round(cast, measures):
    first = open_round(cast.program)
    own_response = first.responses.get(measure=measures[0])
    answer_all(own_response, text="Förra årets svar", conclusion=Conclusion.CHANGE)
    first.close(by=cast.coordinator)
    second = open_round(cast.program, title="Nästa uppföljning")
    response = second.responses.get(measure=measures[0])
    assert response.prefilled_from == own_response
    assert response.conclusion == Conclusion.CHANGE
    answers = list(response.answers.select_related("question"))
    assert len(answers) == 6
    assert all(a.text == "Förra årets svar" and a.is_prefilled for a in answers)
    assert all(a.question.round_id == second.pk for a in answers)
    assert not second.responses.get(measure=measures[1]).answers.exists()


# Pages


def test_coordinator_creates_a_round_with_the_default_questions(cast, measures):
    deadline = (timezone.localdate() + datetime.timedelta(days=20)).isoformat()
    response = cast.client(cast.coordinator).post(
        url(cast, "round-create"),
        {
            "title": "Uppföljning inför revidering 2027",
            "kind": "before_revision",
            "deadline": deadline,
            "reminder_days": "7",
        },
    )
    assert response.status_code == 302
    round = FollowUpRound.objects.get()
    assert round.program == cast.program
    assert round.questions.count() == 6


def test_the_round_form_refuses_a_deadline_in_the_past(cast, measures):
    response = cast.client(cast.coordinator).post(
        url(cast, "round-create"),
        {"title": "Sen", "kind": "before_revision", "deadline": "2020-01-01", "reminder_days": "7"},
    )
    assert response.status_code == 200
    assert "Sista svarsdag kan inte ligga i det förflutna." in response.content.decode()
    assert not FollowUpRound.objects.exists()


def test_only_the_coordinator_manages_rounds(cast, measures):
    round = RoundFactory(program=cast.program)
    for user in (cast.unit_editor, cast.viewer, cast.partner_user):
        client = cast.client(user)
        assert client.get(url(cast, "round-create")).status_code == 403
        assert client.post(url(cast, "round-open", round.pk)).status_code == 403
        assert client.get(url(cast, "question-create", round.pk)).status_code == 403
    round.refresh_from_db()
    assert round.is_draft
    outsider = cast.client(cast.outsider)
    assert outsider.get(url(cast, "round-detail", round.pk)).status_code == 404
    assert outsider.post(url(cast, "round-open", round.pk)).status_code == 404


def test_opening_in_the_ui_tells_the_units_by_email(cast, measures):
    round = RoundFactory(program=cast.program)
    response = cast.client(cast.coordinator).post(url(cast, "round-open", round.pk), follow=True)
    assert "Omgången är öppnad" in response.content.decode()
    recipients = sorted(addr for message in mail.outbox for addr in message.to)
    assert recipients == ["editor@example.se", "soc@example.se"]
    message = next(m for m in mail.outbox if m.to == ["soc@example.se"])
    assert round.title in message.subject
    assert str(measures[0]) in message.body
    assert str(measures[1]) not in message.body
    assert f"/kommun/{cast.slug}/uppfoljning/omgangar/{round.pk}/" in message.body


def test_opening_without_questions_in_the_ui_shows_a_clear_message(cast, measures):
    round = RoundFactory(program=cast.program, questions=False)
    response = cast.client(cast.coordinator).post(url(cast, "round-open", round.pk), follow=True)
    assert "Omgången har inga frågor" in response.content.decode()
    assert not mail.outbox


def test_questions_can_be_changed_until_the_round_opens(cast, measures):
    round = RoundFactory(program=cast.program)
    client = cast.client(cast.coordinator)
    response = client.post(
        url(cast, "question-create", round.pk),
        {
            "order": "7",
            "category": "cooperation",
            "text": "Hur har samverkan med facket fungerat?",
            "help_text": "",
            "key": "",
        },
    )
    assert response.status_code == 302
    question = round.questions.get(order=7)
    assert question.key == "hur-har-samverkan-med-facket-fungerat"
    first = round.questions.order_by("order").first()
    assert first is not None
    client.post(url(cast, "question-delete", first.pk))
    assert round.questions.count() == 6
    round.open(by=cast.coordinator)
    client.post(url(cast, "question-delete", question.pk))
    assert FollowUpQuestion.objects.filter(pk=question.pk).exists()


def test_the_board_shows_progress_per_unit_and_measure_to_every_role(cast, measures):
    round = open_round(cast.program)
    submitted = round.responses.get(measure=measures[0])
    answer_all(submitted)
    submitted.status = FollowUpResponse.Status.SUBMITTED
    submitted.save()
    for user in (cast.coordinator, cast.unit_editor, cast.viewer, cast.partner_user):
        response = cast.client(user).get(url(cast, "round-detail", round.pk))
        assert response.status_code == 200
        body = response.content.decode()
        assert "Läget per förvaltning" in body
        assert "1 av 2 svar är inskickade eller godkända." in body
        assert "Socialförvaltningen" in body and "Barn- och ungdomsförvaltningen" in body
    partner_body = cast.client(cast.partner_user).get(url(cast, "round-detail", round.pk)).content.decode()
    assert url(cast, "response-detail", submitted.pk) not in partner_body
    editor_body = cast.client(cast.unit_editor).get(url(cast, "round-detail", round.pk)).content.decode()
    assert "Att besvara för Socialförvaltningen" in editor_body


def test_the_board_runs_the_same_number_of_queries_for_ten_times_the_data(cast, goal):
    unit = UnitFactory(municipality=cast.municipality)
    MeasureFactory(program=cast.program, municipality=cast.municipality, goal=goal, responsible_unit=unit)
    round = open_round(cast.program)
    client = cast.client(cast.coordinator)
    page = url(cast, "round-detail", round.pk)
    once = count_queries(lambda: client.get(page))

    big = RoundFactory(program=cast.program, title="Stor omgång")
    for _ in range(9):
        MeasureFactory(
            program=cast.program,
            municipality=cast.municipality,
            goal=goal,
            responsible_unit=UnitFactory(municipality=cast.municipality),
        )
    big.open(by=None)
    for response in big.responses.all()[:5]:
        answer_all(response)
    assert big.responses.count() == 10
    page = url(cast, "round-detail", big.pk)
    assert count_queries(lambda: client.get(page)) == once


def test_closing_a_round_stops_further_answers(cast, measures):
    round = open_round(cast.program)
    cast.client(cast.coordinator).post(url(cast, "round-close", round.pk))
    round.refresh_from_db()
    assert round.status == FollowUpRound.Status.CLOSED
    response = round.responses.get(measure=measures[0])
    post = cast.client(cast.unit_editor).post(
        url(cast, "response-detail", response.pk), {"action": "draft"}, follow=True
    )
    assert "Svaret kan inte ändras nu" in post.content.decode()
    assert not FollowUpAnswer.objects.exists()


def test_round_history_is_kept(cast, measures):
    round = RoundFactory(program=cast.program)
    cast.client(cast.coordinator).post(url(cast, "round-open", round.pk))
    response = cast.client(cast.coordinator).get(url(cast, "round-history", round.pk))
    assert response.status_code == 200
    assert "Öppen" in response.content.decode()
    assert cast.client(cast.partner_user).get(url(cast, "round-history", round.pk)).status_code == 403


def test_the_board_shows_the_rounds_facts_in_the_readers_language(cast, measures):
    round = open_round(cast.program, reminder_days=1)
    n_questions = round.questions.count()
    answer_all(round.responses.get(measure=measures[0]))
    page = url(cast, "round-detail", round.pk)
    client = cast.client(cast.viewer)
    swedish = client.get(page).content.decode()
    assert f"<dd>{cast.program.title}</dd>" in swedish
    assert '<span class="badge">Öppen</span>' in swedish
    assert "1 dag före sista svarsdag" in swedish
    assert f'<td class="num">{n_questions} / {n_questions}</td>' in swedish
    assert "<td>Behåll</td>" in swedish
    reader = cast.client(cast.viewer)
    reader.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = reader.get(page).content.decode()
    assert '<span class="badge">Open</span>' in english
    assert "1 day before the response deadline" in english
    assert "<td>Keep</td>" in english and "Share done for" in english
    assert "Läget per förvaltning" not in english
    # The words of one language never show in the other's page.
    assert "<td>Behåll</td>" in client.get(page).content.decode()
    other = open_round(cast.program, reminder_days=3, title="Deluppföljning")
    other_page = client.get(url(cast, "round-detail", other.pk)).content.decode()
    assert "3 dagar före sista svarsdag" in other_page
    assert f"/uppfoljning/omgangar/{other.pk}/excel/" in other_page


def test_a_round_of_another_municipality_is_not_on_this_municipalitys_board(cast, measures):
    theirs = RoundFactory(program=ProgramFactory(municipality=cast.other))
    client = cast.client(cast.coordinator)
    assert client.get(url(cast, "round-detail", theirs.pk)).status_code == 404
    ours = open_round(cast.program)
    assert client.get(url(cast, "round-detail", ours.pk)).status_code == 200
