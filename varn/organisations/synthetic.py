"""Synthetic organisations and users for one municipality (see varn/core/synthetic.py)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from simple_history.utils import bulk_create_with_history

from .models import Membership, Partner, Role, Unit

ADMINISTRATIONS = [
    "Socialförvaltningen",
    "Barn- och utbildningsförvaltningen",
    "Vård- och omsorgsförvaltningen",
    "Kultur- och fritidsförvaltningen",
    "Samhällsbyggnadsförvaltningen",
    "Kommunledningskontoret",
    "Arbetsmarknadsförvaltningen",
    "Gymnasie- och vuxenutbildningsförvaltningen",
    "Miljöförvaltningen",
    "Tekniska förvaltningen",
    "Individ- och familjeomsorgen",
    "Räddningstjänsten",
    "Servicekontoret",
    "Bostadsbolaget AB",
    "Energibolaget AB",
    "Fastighetsbolaget AB",
]
UNIONS = ["Kommunal", "Vision", "Sveriges Lärare", "Vårdförbundet", "Akademikerförbundet SSR"]
OTHER_PARTNERS = [
    ("Polisen", Partner.Kind.POLICE),
    ("Regionen", Partner.Kind.REGION),
    ("Länsstyrelsen", Partner.Kind.COUNTY_BOARD),
    ("Kvinnojouren", Partner.Kind.SHELTER),
    ("Tjejjouren", Partner.Kind.SHELTER),
]


def generate(ctx) -> None:
    m, rng = ctx.municipality, ctx.rng
    count = rng.randint(10, 40)
    units = []
    for i in range(count):
        base = ADMINISTRATIONS[i % len(ADMINISTRATIONS)]
        name = base if i < len(ADMINISTRATIONS) else f"{base}, område {i // len(ADMINISTRATIONS) + 1}"
        kind = Unit.Kind.COMPANY if name.endswith("AB") else Unit.Kind.ADMINISTRATION
        units.append(
            Unit(municipality=m, name=name, short_name=f"E{i + 1}", kind=kind, email=f"e{i + 1}@example.se")
        )
    units = bulk_create_with_history(units, Unit)
    partners = [Partner(municipality=m, name=n, kind=Partner.Kind.UNION) for n in UNIONS]
    partners += [Partner(municipality=m, name=n, kind=k) for n, k in OTHER_PARTNERS]
    partners = bulk_create_with_history(partners, Partner)
    ctx.extra["units"] = list(Unit.objects.filter(municipality=m).order_by("pk"))
    ctx.extra["partners"] = list(Partner.objects.filter(municipality=m).order_by("pk"))

    User = get_user_model()
    prefix = m.slug
    people = [
        ("samordnare", Role.COORDINATOR),
        ("forvaltning", Role.UNIT_EDITOR),
        ("facket", Role.PARTNER),
        ("politiker", Role.VIEWER),
    ]
    users = User.objects.bulk_create(
        [
            User(username=f"{prefix}-{name}", password=ctx.password_hash, email=f"{name}@{prefix}.example.se")
            for name, _ in people
        ]
    )
    users = list(User.objects.filter(username__in=[u.username for u in users]).order_by("pk"))
    by_name = {u.username: u for u in users}
    Membership.objects.bulk_create(
        [
            Membership(
                user=by_name[f"{prefix}-{name}"],
                municipality=m,
                role=role,
                unit=ctx.extra["units"][0] if role == Role.UNIT_EDITOR else None,
                partner=ctx.extra["partners"][0] if role == Role.PARTNER else None,
            )
            for name, role in people
        ]
    )
    ctx.extra["coordinator"] = by_name[f"{prefix}-samordnare"]
