from __future__ import annotations

import datetime
from decimal import Decimal

import factory

from varn.factories import MunicipalityFactory, ProgramFactory, TargetGroupFactory, UnitFactory
from varn.training.models import (
    Course,
    CourseFormat,
    CourseLevel,
    TrainingEffort,
    TrainingTarget,
    UnionTrainingOffer,
)


class CourseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Course

    municipality = factory.SubFactory(MunicipalityFactory)
    name = factory.Sequence(lambda n: f"Kurs {n}")
    level = CourseLevel.BASIC
    provider = "Länsstyrelsen Östergötland"
    format = CourseFormat.WEB
    hours = Decimal("3.0")
    violence_scopes = ["close_relationships"]


class TrainingEffortFactory(factory.django.DjangoModelFactory):
    """An effort for a unit; pass `unit=None, partner=...` for a partner's."""

    class Meta:
        model = TrainingEffort

    program = factory.SubFactory(ProgramFactory)
    municipality = factory.SelfAttribute("program.municipality")
    course = factory.SubFactory(CourseFactory, municipality=factory.SelfAttribute("..municipality"))
    unit = factory.SubFactory(UnitFactory, municipality=factory.SelfAttribute("..municipality"))
    partner = None
    target_group = factory.SubFactory(
        TargetGroupFactory, municipality=factory.SelfAttribute("..municipality")
    )
    year = 2025
    sessions = 2
    participants = 40
    target_population = 100


class TrainingTargetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TrainingTarget

    program = factory.SubFactory(ProgramFactory)
    municipality = factory.SelfAttribute("program.municipality")
    level = CourseLevel.BASIC
    share = 80
    deadline = datetime.date(2027, 12, 31)


class UnionTrainingOfferFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = UnionTrainingOffer

    program = factory.SubFactory(ProgramFactory)
    municipality = factory.SelfAttribute("program.municipality")
    partner = None
    course = factory.SubFactory(CourseFactory, municipality=factory.SelfAttribute("..municipality"))
    status = UnionTrainingOffer.Status.OFFERED
    offered_on = datetime.date(2025, 11, 3)
