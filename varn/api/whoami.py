"""Who the caller is, and the municipalities they may read."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Schema

from varn.organisations.models import Membership

from .common import display_name
from .schemas import example, example_of

router = Router()


class MembershipOut(Schema):
    model_config = example(
        municipality="alingsas",
        municipality_name="Alingsås kommun",
        role="unit_editor",
        role_label="Förvaltningskontakt",
        organisation="Socialförvaltningen",
    )
    municipality: str
    municipality_name: str
    role: str
    role_label: str
    organisation: str | None


class MeOut(Schema):
    model_config = example(
        username="anna",
        name="Anna Ås",
        can_write=True,
        authenticated_by="token",
        memberships=[example_of(MembershipOut)],
    )
    username: str
    name: str | None
    can_write: bool
    authenticated_by: str
    memberships: list[MembershipOut]


@router.get("/me", response=MeOut, url_name="me", summary="Den som anropar")
def me(request: HttpRequest):
    """The caller, whether the token may change data, and the municipalities they are a member of
    (the `municipality` is the name used in every other address)."""
    caller = request.auth  # type: ignore[attr-defined]
    memberships = Membership.objects.filter(user=caller.user, is_active=True).select_related(
        "municipality", "unit", "partner"
    )
    return {
        "username": caller.user.username,
        "name": display_name(caller.user),
        "can_write": caller.can_write,
        "authenticated_by": caller.via,
        "memberships": [
            {
                "municipality": m.municipality.slug,
                "municipality_name": m.municipality.name,
                "role": m.role,
                "role_label": m.get_role_display(),
                "organisation": str(m.unit or m.partner or "") or None,
            }
            for m in memberships.order_by("municipality__name")
        ],
    }
