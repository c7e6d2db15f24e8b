"""Synthetic follow-up for one municipality (see varn/core/synthetic.py): cost entries for every
measure (staff hours each year it ran, some money, an estimate for the last year), and an open
round before the revision with the default questions and one response per measure, most of them
answered (approved, submitted, a few returned) and the rest still drafts."""

from __future__ import annotations

import datetime

from simple_history.utils import bulk_create_with_history

from varn.programs.models import Measure

from .demo import answer_texts, conclusion_for, cost_entries
from .models import CostEntry, FollowUpAnswer, FollowUpResponse, FollowUpRound

OPENED = datetime.datetime(2026, 9, 15, 7, 0, tzinfo=datetime.UTC)
DEADLINE = datetime.date(2026, 10, 30)
# Share of the responses in each status, in the order a board shows them.
STATUSES = [
    (FollowUpResponse.Status.APPROVED, 0.45),
    (FollowUpResponse.Status.SUBMITTED, 0.2),
    (FollowUpResponse.Status.RETURNED, 0.05),
    (FollowUpResponse.Status.DRAFT, 0.3),
]


def _status(rng) -> str:
    roll = rng.random()
    for status, share in STATUSES:
        if roll < share:
            return status
        roll -= share
    return FollowUpResponse.Status.DRAFT


def generate(ctx) -> None:
    m, rng = ctx.municipality, ctx.rng
    program = ctx.extra["program"]
    coordinator = ctx.extra["coordinator"]
    units = {u.pk: u for u in ctx.extra["units"]}
    partners = {p.pk: p for p in ctx.extra["partners"]}
    measures: list[Measure] = ctx.extra["measures"]
    for x in measures:
        x.responsible_unit = units[x.responsible_unit_id]  # the demo's texts name the unit; no query
    partner_names: dict[int, list[str]] = {}
    for measure_id, partner_id in Measure.partners.through.objects.filter(
        measure__municipality=m
    ).values_list("measure_id", "partner_id"):
        partner_names.setdefault(measure_id, []).append(partners[partner_id].name)

    entries = [e for i, x in enumerate(measures) for e in cost_entries(x, i, coordinator)]
    bulk_create_with_history(entries, CostEntry, batch_size=1000, default_user=coordinator)

    round = FollowUpRound(
        municipality=m,
        program=program,
        title=f"Uppföljning inför revidering {program.period_end}",
        kind=FollowUpRound.Kind.BEFORE_REVISION,
        introduction="Svara för varje insats som er förvaltning ansvarar för.",
        deadline=DEADLINE,
        status=FollowUpRound.Status.OPEN,
        opened_at=OPENED,
        created_by=coordinator,
    )
    round._history_user = coordinator  # type: ignore[attr-defined]
    round.save()
    questions = {q.category: q for q in round.add_default_questions(by=coordinator)}

    responses = []
    for i, x in enumerate(measures):
        status = _status(rng)
        answered = status != FollowUpResponse.Status.DRAFT
        submitted = OPENED + datetime.timedelta(days=5 + i % 30)
        responses.append(
            FollowUpResponse(
                municipality=m,
                round=round,
                measure=x,
                unit_id=x.responsible_unit_id,
                conclusion=conclusion_for(x) if answered else "",
                status=status,
                submitted_at=submitted if answered else None,
                submitted_by=coordinator if answered else None,
                reviewed_at=submitted + datetime.timedelta(days=3)
                if status in (FollowUpResponse.Status.APPROVED, FollowUpResponse.Status.RETURNED)
                else None,
                reviewed_by=coordinator
                if status in (FollowUpResponse.Status.APPROVED, FollowUpResponse.Status.RETURNED)
                else None,
                return_comment="Komplettera med kostnaderna."
                if status == FollowUpResponse.Status.RETURNED
                else "",
            )
        )
    responses = bulk_create_with_history(
        responses, FollowUpResponse, batch_size=500, default_user=coordinator
    )
    answers = []
    for response in responses:
        texts = answer_texts(
            response.measure, partner_names.get(response.measure_id, []), response.conclusion or "keep"
        )
        # A draft has a few answers written so far; the others are complete.
        written = len(texts) if response.conclusion else rng.randint(0, 3)
        for category, text in list(texts.items())[:written]:
            answers.append(
                FollowUpAnswer(municipality=m, response=response, question=questions[category], text=text)
            )
    bulk_create_with_history(answers, FollowUpAnswer, batch_size=1000, default_user=coordinator)
    ctx.extra["follow_up_round"] = round
