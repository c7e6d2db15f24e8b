from __future__ import annotations

import datetime

import factory

from varn.cooperation.models import ActionPoint, Forum, ForumMeeting, Frequency
from varn.factories import MunicipalityFactory, UnitFactory


class ForumFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Forum
        skip_postgeneration_save = True

    municipality = factory.SubFactory(MunicipalityFactory)
    name = factory.Sequence(lambda n: f"Samverkansgrupp {n}")
    purpose = "Samverkan om våldsförebyggande arbete."
    frequency = Frequency.QUARTERLY

    @factory.post_generation
    def units(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.member_units.set(extracted)

    @factory.post_generation
    def partners(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.member_partners.set(extracted)

    @factory.post_generation
    def carried(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.measures.set(extracted)


class ForumMeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ForumMeeting

    forum = factory.SubFactory(ForumFactory)
    municipality = factory.SelfAttribute("forum.municipality")
    date = datetime.date(2026, 3, 1)
    notes = "Lägesbild."


class ActionPointFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActionPoint

    meeting = factory.SubFactory(ForumMeetingFactory)
    municipality = factory.SelfAttribute("meeting.municipality")
    owner_unit = factory.SubFactory(UnitFactory, municipality=factory.SelfAttribute("..municipality"))
    text = "Ta fram en rutin."
    due_date = datetime.date(2026, 6, 30)
    status = ActionPoint.Status.OPEN
