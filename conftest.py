"""The fixed cast of every view test: a municipality with one user per role, and an outsider who
coordinates another municipality."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client

from varn.factories import (
    MembershipFactory,
    MunicipalityFactory,
    PartnerFactory,
    ProgramFactory,
    UnitFactory,
    UserFactory,
)
from varn.organisations.models import Role


@dataclass
class Cast:
    municipality: Any
    other: Any
    unit: Any
    other_unit: Any
    partner: Any
    program: Any
    coordinator: Any
    unit_editor: Any
    partner_user: Any
    viewer: Any
    outsider: Any

    def client(self, user) -> Client:
        c = Client()
        c.force_login(user)
        return c

    @property
    def slug(self) -> str:
        return self.municipality.slug


@pytest.fixture
def cast(db) -> Cast:
    municipality = MunicipalityFactory(name="Alingsås kommun", slug="alingsas", code="1489")
    other = MunicipalityFactory(name="Lerums kommun", slug="lerum", code="1441")
    unit = UnitFactory(municipality=municipality, name="Socialförvaltningen", short_name="SOC")
    other_unit = UnitFactory(
        municipality=municipality, name="Barn- och ungdomsförvaltningen", short_name="BUF"
    )
    partner = PartnerFactory(municipality=municipality, name="Vision", kind="union")
    program = ProgramFactory(municipality=municipality)

    def member(username, role, **kw):
        user = UserFactory(username=username)
        MembershipFactory(user=user, municipality=municipality, role=role, **kw)
        return user

    outsider = UserFactory(username="outsider")
    MembershipFactory(user=outsider, municipality=other, role=Role.COORDINATOR)
    return Cast(
        municipality=municipality,
        other=other,
        unit=unit,
        other_unit=other_unit,
        partner=partner,
        program=program,
        coordinator=member("coordinator", Role.COORDINATOR),
        unit_editor=member("editor", Role.UNIT_EDITOR, unit=unit),
        partner_user=member("partner", Role.PARTNER, partner=partner),
        viewer=member("viewer", Role.VIEWER),
        outsider=outsider,
    )
