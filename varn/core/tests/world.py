"""The world the permission-matrix test walks through: two municipalities with one of everything.

Each municipality is a Side. An object is made the first time a route asks for it, by the maker of
that name in MAKERS; add one line there when a route points at a new kind of object, e.g.

    "decision": lambda s: DecisionFactory(municipality=s.municipality, case=s.case),
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.tokens import default_token_generator
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from varn.accounts.models import SsoNotice
from varn.core.models import Job
from varn.factories import (
    GoalFactory,
    MeasureFactory,
    MembershipFactory,
    MunicipalityFactory,
    PartnerFactory,
    ProgramFactory,
    ProgramVersionFactory,
    UnitFactory,
    UserFactory,
)
from varn.organisations.models import Role

MAKERS: dict[str, Callable[[Side], Any]] = {
    "program": lambda s: ProgramFactory(municipality=s.municipality),
    "version": lambda s: ProgramVersionFactory(program=s.program, municipality=s.municipality, number=1),
    "goal": lambda s: GoalFactory(program=s.program, municipality=s.municipality),
    "unit": lambda s: UnitFactory(municipality=s.municipality, name="Socialförvaltningen", short_name="SOC"),
    "other_unit": lambda s: UnitFactory(municipality=s.municipality, name="Barn och unga", short_name="BUF"),
    "partner": lambda s: PartnerFactory(municipality=s.municipality, name="Vision", kind="union"),
    "measure": lambda s: _measure(s, s.unit, partners=[s.partner]),
    "other_measure": lambda s: _measure(s, s.other_unit, partners=[]),
    "job": lambda s: Job.objects.create(
        municipality=s.municipality, kind="test", title="Jobb", created_by=s.users["coordinator"]
    ),
    "editor_job": lambda s: Job.objects.create(
        municipality=s.municipality, kind="test", title="Jobb", created_by=s.users["unit_editor"]
    ),
    "sso_notice": lambda s: SsoNotice.objects.create(
        municipality=s.municipality, user=s.users["viewer"], claimed="Samordnare", local="Läsare"
    ),
    # Not tenant objects: values for routes outside the municipalities.
    "reset_user": lambda s: UserFactory(username=f"{s.municipality.slug}-glomsk"),
    "reset_uid": lambda s: urlsafe_base64_encode(force_bytes(s.reset_user.pk)),
    "reset_token": lambda s: default_token_generator.make_token(s.reset_user),
    "admin_catch_all": lambda s: "finns-inte/",
    "media_path": lambda s: "finns-inte.pdf",
}


def _measure(side: Side, unit, *, partners):
    measure: Any = MeasureFactory(
        program=side.program, municipality=side.municipality, goal=side.goal, responsible_unit=unit
    )
    measure.partners.set(partners)
    return measure


@dataclass
class Side:
    """One municipality and its members, with objects made on demand."""

    municipality: Any
    users: dict[str, Any]
    made: dict[str, Any] = field(default_factory=dict)

    def __getattr__(self, name: str) -> Any:
        if name in ("municipality", "users", "made"):
            raise AttributeError(name)
        if name in self.made:
            return self.made[name]
        if name in MAKERS:
            self.made[name] = MAKERS[name](self)
            return self.made[name]
        if name in self.users:
            return self.users[name]
        raise AttributeError(f"No maker for {name!r} in varn/core/tests/world.py MAKERS")

    def resolve(self, path: str) -> Any:
        value: Any = self
        for part in path.split("."):
            value = getattr(value, part)
        return value

    def kwargs(self, target: str) -> dict[str, Any]:
        """URL kwargs for a matrix row's target ("measure", "program_pk=program", ...)."""
        result: dict[str, Any] = {}
        for item in filter(None, (part.strip() for part in target.split(","))):
            key, _, path = item.partition("=")
            if not path:
                key, path = "pk", key
            value = self.resolve(path)
            result[key] = value.pk if hasattr(value, "pk") else value
        return result


@dataclass
class World:
    own: Side
    other: Side
    users: dict[str, Any]  # by role in permissions_matrix.ROLES (no user for "anonymous")


def _side(slug: str, name: str, code: str, people: dict[str, tuple[Role, dict[str, str]]]) -> Side:
    municipality = MunicipalityFactory(name=name, slug=slug, code=code)
    side = Side(municipality=municipality, users={})
    for key, (role, extra) in people.items():
        user = UserFactory(username=f"{slug}-{key}")
        organisation = {field_name: getattr(side, maker) for field_name, maker in extra.items()}
        MembershipFactory(user=user, municipality=municipality, role=role, **organisation)
        side.users[key] = user
    # Everything is made now, inside the module's transaction, so that no test's rollback loses it.
    for maker in MAKERS:
        getattr(side, maker)
    return side


def build_world() -> World:
    people = {
        "coordinator": (Role.COORDINATOR, {}),
        "unit_editor": (Role.UNIT_EDITOR, {"unit": "unit"}),
        "partner": (Role.PARTNER, {"partner": "partner"}),
        "viewer": (Role.VIEWER, {}),
    }
    own = _side("alingsas", "Alingsås kommun", "1489", people)
    other = _side("lerum", "Lerums kommun", "1441", people)
    users = dict(own.users)
    users["outsider"] = other.users["coordinator"]
    return World(own=own, other=other, users=users)
