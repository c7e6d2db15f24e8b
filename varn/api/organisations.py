"""Units (administrations, committees, companies) and partners. Every member reads their names, as
the interface shows them beside measures and in its filters; the contact addresses only the
coordinator, who alone opens the organisations page."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Schema

from varn.organisations.models import Partner, Unit

from .common import TENANT, enter
from .schemas import example

router = Router()


class UnitOut(Schema):
    model_config = example(
        id=2,
        name="Socialförvaltningen",
        short_name="SOC",
        kind="administration",
        kind_label="Förvaltning",
        is_active=True,
        email="soc@alingsas.se",
    )
    id: int
    name: str
    short_name: str
    kind: str
    kind_label: str
    is_active: bool
    email: str | None


class PartnerOut(Schema):
    model_config = example(
        id=5, name="Vision", kind="union", kind_label="Facklig organisation", is_active=True, email=None
    )
    id: int
    name: str
    kind: str
    kind_label: str
    is_active: bool
    email: str | None


def organisation_out(organisation: Unit | Partner, membership) -> dict:
    return {
        "id": organisation.pk,
        "name": organisation.name,
        "short_name": getattr(organisation, "short_name", ""),
        "kind": organisation.kind,
        "kind_label": organisation.get_kind_display(),
        "is_active": organisation.is_active,
        "email": organisation.email if membership.can_manage else None,
    }


@router.get(TENANT + "/units", response=list[UnitOut], url_name="unit-list", summary="Förvaltningar")
def unit_list(request: HttpRequest, municipality: str):
    membership = enter(request, municipality)
    return [organisation_out(u, membership) for u in Unit.objects.for_municipality(membership.municipality)]


@router.get(
    TENANT + "/partners", response=list[PartnerOut], url_name="partner-list", summary="Samverkansparter"
)
def partner_list(request: HttpRequest, municipality: str):
    membership = enter(request, municipality)
    return [
        organisation_out(p, membership) for p in Partner.objects.for_municipality(membership.municipality)
    ]
