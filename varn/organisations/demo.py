"""Demo organisations and users: Alingsås kommun and a neighbouring municipality kept apart from it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model

from .models import Membership, Municipality, Partner, Role, Unit

DEMO_PASSWORD = "demo"

ALINGSAS_UNITS = [
    ("Kommunledningskontoret", "KLK", Unit.Kind.OFFICE),
    ("Socialförvaltningen", "SOC", Unit.Kind.ADMINISTRATION),
    ("Vård- och äldreomsorgsförvaltningen", "VÄF", Unit.Kind.ADMINISTRATION),
    ("Barn- och ungdomsförvaltningen", "BUF", Unit.Kind.ADMINISTRATION),
    ("Utbildningsförvaltningen", "UTB", Unit.Kind.ADMINISTRATION),
    ("Kultur- och fritidsförvaltningen", "KoF", Unit.Kind.ADMINISTRATION),
    ("Samhällsbyggnadsförvaltningen", "SBF", Unit.Kind.ADMINISTRATION),
    ("Alingsåshem AB", "AHEM", Unit.Kind.COMPANY),
]

ALINGSAS_PARTNERS = [
    ("Polisen, lokalpolisområde Alingsås", Partner.Kind.POLICE),
    ("Västra Götalandsregionen", Partner.Kind.REGION),
    ("Länsstyrelsen i Västra Götalands län", Partner.Kind.COUNTY_BOARD),
    ("Kvinnojouren i Alingsås", Partner.Kind.SHELTER),
    ("Kommunal", Partner.Kind.UNION),
    ("Vision", Partner.Kind.UNION),
    ("Sveriges Lärare", Partner.Kind.UNION),
    ("Vårdförbundet", Partner.Kind.UNION),
    ("Akademikerförbundet SSR", Partner.Kind.UNION),
]


@dataclass
class DemoContext:
    """What the demo loaders of each app share: the municipalities, their organisations and users."""

    municipality: Municipality
    neighbour: Municipality
    units: dict[str, Unit] = field(default_factory=dict)  # by short name
    partners: dict[str, Partner] = field(default_factory=dict)  # by name
    users: dict[str, Any] = field(default_factory=dict)  # by username
    extra: dict[str, Any] = field(default_factory=dict)  # what one app's loader leaves for another's


def demo_user(username: str, first: str, last: str, email: str):
    User = get_user_model()
    user, _ = User.objects.get_or_create(username=username)
    user.first_name, user.last_name, user.email = first, last, email
    user.is_active = True
    user.set_password(DEMO_PASSWORD)
    user.save()
    return user


def load(ctx_municipality: Municipality | None = None) -> DemoContext:
    alingsas = Municipality.objects.create(name="Alingsås kommun", slug="alingsas", code="1489", is_demo=True)
    lerum = Municipality.objects.create(name="Lerums kommun", slug="lerum", code="1441", is_demo=True)
    ctx = DemoContext(municipality=alingsas, neighbour=lerum)
    for name, short, kind in ALINGSAS_UNITS:
        ctx.units[short] = Unit.objects.create(
            municipality=alingsas, name=name, short_name=short, kind=kind, email=f"{short.lower()}@example.se"
        )
    for name, partner_kind in ALINGSAS_PARTNERS:
        ctx.partners[name] = Partner.objects.create(municipality=alingsas, name=name, kind=partner_kind)

    people = [
        ("samordnare", "Sara", "Lind", "samordnare@example.se", Role.COORDINATOR, None, None),
        ("forvaltning", "Fredrik", "Holm", "forvaltning@example.se", Role.UNIT_EDITOR, "SOC", None),
        ("facket", "Fatima", "Berg", "facket@example.se", Role.PARTNER, None, "Vision"),
        ("politiker", "Per", "Ek", "politiker@example.se", Role.VIEWER, None, None),
    ]
    for username, first, last, email, role, unit, partner in people:
        user = demo_user(username, first, last, email)
        Membership.objects.create(
            user=user,
            municipality=alingsas,
            role=role,
            unit=ctx.units[unit] if unit else None,
            partner=ctx.partners[partner] if partner else None,
        )
        ctx.users[username] = user

    # The neighbour: its own coordinator, units and programme, to show that municipalities are kept apart.
    neighbour = demo_user("grannkommun", "Gunnar", "Nord", "grannkommun@example.se")
    Membership.objects.create(user=neighbour, municipality=lerum, role=Role.COORDINATOR)
    ctx.users["grannkommun"] = neighbour
    ctx.extra["neighbour_units"] = [
        Unit.objects.create(municipality=lerum, name="Sektor social välfärd", short_name="SV"),
        Unit.objects.create(municipality=lerum, name="Sektor utbildning", short_name="UTB"),
    ]
    return ctx
