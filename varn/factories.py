"""factory_boy factories shared by every app's tests."""

from __future__ import annotations

import datetime

import factory
from django.contrib.auth import get_user_model

from varn.organisations.models import Membership, Municipality, Partner, Role, Unit
from varn.programs.models import (
    Goal,
    Measure,
    MeasureStatus,
    PreventionLevel,
    Program,
    ProgramVersion,
    TargetGroup,
)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Test"
    last_name = factory.Sequence(lambda n: f"Person{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.se")
    password = factory.PostGenerationMethodCall("set_password", "password")

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class MunicipalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Municipality
        django_get_or_create = ("code",)

    name = factory.Sequence(lambda n: f"Testkommun {n}")
    slug = factory.Sequence(lambda n: f"testkommun-{n}")
    code = factory.Sequence(lambda n: f"{9000 + n:04d}")


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    municipality = factory.SubFactory(MunicipalityFactory)
    name = factory.Sequence(lambda n: f"Förvaltning {n}")
    short_name = factory.Sequence(lambda n: f"F{n}")


class PartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partner

    municipality = factory.SubFactory(MunicipalityFactory)
    name = factory.Sequence(lambda n: f"Part {n}")
    kind = Partner.Kind.POLICE

    class Params:
        union = factory.Trait(kind=Partner.Kind.UNION, name=factory.Sequence(lambda n: f"Fackförbund {n}"))


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    municipality = factory.SubFactory(MunicipalityFactory)
    role = Role.VIEWER


class ProgramFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Program

    municipality = factory.SubFactory(MunicipalityFactory)
    title = "Program om våldsförebyggande arbete 2025–2027"
    dnr = "2025.202 KS"
    period_start = 2025
    period_end = 2027
    violence_scopes = ["close_relationships"]


class ProgramVersionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgramVersion

    program = factory.SubFactory(ProgramFactory)
    municipality = factory.SelfAttribute("program.municipality")
    number = factory.Sequence(lambda n: n + 1)


class GoalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Goal

    program = factory.SubFactory(ProgramFactory)
    municipality = factory.SelfAttribute("program.municipality")
    code = factory.Sequence(lambda n: str(n + 1))
    title = factory.Sequence(lambda n: f"Mål {n}")


class TargetGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TargetGroup

    municipality = factory.SubFactory(MunicipalityFactory)
    name = factory.Sequence(lambda n: f"Målgrupp {n}")


class MeasureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Measure

    program = factory.SubFactory(ProgramFactory)
    municipality = factory.SelfAttribute("program.municipality")
    goal = factory.SubFactory(GoalFactory, program=factory.SelfAttribute("..program"))
    responsible_unit = factory.SubFactory(UnitFactory, municipality=factory.SelfAttribute("..municipality"))
    code = factory.Sequence(lambda n: f"1.{n}")
    title = factory.Sequence(lambda n: f"Insats {n}")
    prevention_level = PreventionLevel.UNIVERSAL
    start_date = datetime.date(2025, 6, 1)
    end_date = datetime.date(2027, 6, 30)
    status = MeasureStatus.ONGOING
