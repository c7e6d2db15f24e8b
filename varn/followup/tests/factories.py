"""Factories for the follow-up's tests, and a helper that fills a programme at scale."""

from __future__ import annotations

import datetime
from decimal import Decimal

import factory

from varn.factories import GoalFactory, MeasureFactory, UnitFactory
from varn.followup.models import (
    Conclusion,
    CostBasis,
    CostCategory,
    CostEntry,
    FollowUpAnswer,
    FollowUpResponse,
    FollowUpRound,
    Funding,
)
from varn.programs.models import Goal, Measure, MeasureStatus, PreventionLevel


class CostEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CostEntry

    measure = factory.SubFactory(MeasureFactory)
    municipality = factory.SelfAttribute("measure.municipality")
    unit = factory.SelfAttribute("measure.responsible_unit")
    year = 2026
    category = CostCategory.STAFF_TIME
    hours = Decimal("10")
    amount = Decimal("0")
    funding = Funding.EXISTING_BUDGET
    basis = CostBasis.ACTUAL

    class Params:
        money = factory.Trait(category=CostCategory.MATERIAL, hours=Decimal("0"), amount=Decimal("5000"))


class RoundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FollowUpRound
        skip_postgeneration_save = True

    program = factory.SubFactory("varn.factories.ProgramFactory")
    municipality = factory.SelfAttribute("program.municipality")
    title = "Uppföljning inför revidering 2027"
    deadline = factory.LazyFunction(lambda: datetime.date.today() + datetime.timedelta(days=30))

    @factory.post_generation
    def questions(obj, create, extracted, **kwargs):
        if create and extracted is not False:
            obj.add_default_questions()


def open_round(program, **kwargs):
    round = RoundFactory(program=program, **kwargs)
    round.open(by=None)
    return round


def answer_all(response, *, text="Svar", conclusion=Conclusion.KEEP):
    FollowUpAnswer.objects.bulk_create(
        [
            FollowUpAnswer(municipality_id=response.municipality_id, response=response, question=q, text=text)
            for q in response.round.questions.all()
        ]
    )
    response.conclusion = conclusion
    response.save(update_fields=["conclusion"])


def fill_program(program, *, n_measures, n_units=8, n_goals=10, approved=True):
    """A programme with `n_measures` measures over some units and goals, two cost entries per
    measure, and a round whose every response is answered (and approved). Bulk inserts, so it is
    quick even for hundreds of measures."""
    municipality = program.municipality
    units = [UnitFactory(municipality=municipality) for _ in range(n_units)]
    parent = GoalFactory(program=program, municipality=municipality, code=f"G{program.pk}", title="Skalmål")
    goals = [
        GoalFactory(program=program, municipality=municipality, parent=parent, kind=Goal.Kind.SUB_GOAL)
        for _ in range(n_goals)
    ]
    # Roughly how a programme half-way looks: most measures ongoing or done, a few behind.
    statuses = [MeasureStatus.ONGOING] * 10 + [MeasureStatus.DONE] * 5 + [MeasureStatus.PLANNED] * 3
    statuses += [MeasureStatus.POSTPONED, MeasureStatus.CANCELLED]
    measures = Measure.objects.bulk_create(
        [
            Measure(
                municipality=municipality,
                program=program,
                goal=goals[i % n_goals],
                code=f"9.{program.pk}.{i:04d}",
                title=f"Skalinsats {i}",
                prevention_level=PreventionLevel.UNIVERSAL,
                responsible_unit=units[i % n_units],
                start_date=datetime.date(2025, 1, 1),
                end_date=datetime.date(2027, 12, 31),
                status=statuses[i % len(statuses)],
            )
            for i in range(n_measures)
        ]
    )
    CostEntry.objects.bulk_create(
        [
            CostEntry(
                municipality=municipality,
                measure=m,
                unit=m.responsible_unit,
                year=2025 + i % 2,
                category=CostCategory.STAFF_TIME,
                hours=Decimal(10 + i % 7),
                basis=CostBasis.ACTUAL,
            )
            for i, m in enumerate(measures)
        ]
        + [
            CostEntry(
                municipality=municipality,
                measure=m,
                unit=m.responsible_unit,
                year=2026,
                category=CostCategory.EXTERNAL_SERVICE,
                amount=Decimal(1000 * (1 + i % 5)),
                funding=Funding.STATE_GRANT if i % 10 == 0 else Funding.EXISTING_BUDGET,
                basis=CostBasis.ACTUAL,
            )
            for i, m in enumerate(measures)
        ]
    )
    round = RoundFactory(program=program)
    round.open(by=None)
    conclusions = [Conclusion.KEEP] * 6 + [Conclusion.CHANGE] * 3 + [Conclusion.END]
    responses = list(round.responses.all())
    questions = list(round.questions.all())
    FollowUpAnswer.objects.filter(response__round=round).delete()  # pre-filled from an earlier round
    FollowUpAnswer.objects.bulk_create(
        [
            FollowUpAnswer(municipality=municipality, response=r, question=q, text=f"Svar {q.key} {r.pk}")
            for r in responses
            for q in questions
        ]
    )
    for i, r in enumerate(responses):
        r.conclusion = conclusions[i % len(conclusions)]
        r.status = FollowUpResponse.Status.APPROVED if approved else FollowUpResponse.Status.SUBMITTED
    FollowUpResponse.objects.bulk_update(responses, ["conclusion", "status"])
    return round
