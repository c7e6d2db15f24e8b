"""Factories for the decision trail."""

from __future__ import annotations

import datetime

import factory

from varn.decisions.models import Amendment, Attachment, Case, Decision, ReferralRequirement
from varn.factories import MunicipalityFactory


class CaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Case

    municipality = factory.SubFactory(MunicipalityFactory)
    dnr = factory.Sequence(lambda n: f"KS 2025/{n + 1}")
    title = factory.Sequence(lambda n: f"Ärende {n}")


class DecisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Decision

    case = factory.SubFactory(CaseFactory)
    municipality = factory.SelfAttribute("case.municipality")
    body = "KS"
    meeting_date = factory.Sequence(lambda n: datetime.date(2025, 1, 1) + datetime.timedelta(days=n))
    paragraph = factory.Sequence(lambda n: n + 1)
    kind = Decision.Kind.DECISION
    outcome = Decision.Outcome.GRANTED


class RequirementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReferralRequirement

    decision = factory.SubFactory(DecisionFactory, kind=Decision.Kind.REFERRAL_BACK)
    municipality = factory.SelfAttribute("decision.municipality")
    text = factory.Sequence(lambda n: f"Krav {n}")


class AmendmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Amendment

    decision = factory.SubFactory(DecisionFactory)
    municipality = factory.SelfAttribute("decision.municipality")
    label = factory.Sequence(lambda n: f"Tillägg {n + 1}")
    operation = Amendment.Operation.APPEND
    text = "samt med de fackliga parterna"


class AttachmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attachment

    decision = factory.SubFactory(DecisionFactory)
    municipality = factory.SelfAttribute("decision.municipality")
    title = factory.Sequence(lambda n: f"Tjänsteskrivelse {n}")
