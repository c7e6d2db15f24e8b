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


@router.get(TENANT + "/units", response=list[UnitOut], url_name="unit-list", summary="Förvaltningar")
def unit_list(request: HttpRequest, municipality: str):
    membership = enter(request, municipality)
    return [
        {
            "id": u.pk,
            "name": u.name,
            "short_name": u.short_name,
            "kind": u.kind,
            "kind_label": u.get_kind_display(),
            "is_active": u.is_active,
            "email": u.email if membership.can_manage else None,
        }
        for u in Unit.objects.for_municipality(membership.municipality)
    ]


@router.get(
    TENANT + "/partners", response=list[PartnerOut], url_name="partner-list", summary="Samverkansparter"
)
def partner_list(request: HttpRequest, municipality: str):
    membership = enter(request, municipality)
    return [
        {
            "id": p.pk,
            "name": p.name,
            "kind": p.kind,
            "kind_label": p.get_kind_display(),
            "is_active": p.is_active,
            "email": p.email if membership.can_manage else None,
        }
        for p in Partner.objects.for_municipality(membership.municipality)
    ]
