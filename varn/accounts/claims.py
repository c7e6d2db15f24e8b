"""Reading roles from the identity provider's claims. Pure functions over plain data.

A role is written "<municipality>:<role>[:<organisation>]", e.g. "alingsas:coordinator",
"alingsas:unit_editor:SOC" (the unit's short name or name) or "alingsas:partner:Vision". It comes
either straight from a list claim (VARN_OIDC_ROLES_CLAIM, default "varn_roles") or from a group
claim (VARN_OIDC_GROUPS_CLAIM, default "groups") through the mapping VARN_OIDC_GROUP_MAP."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

ROLE_ALIASES = {
    "coordinator": "coordinator",
    "samordnare": "coordinator",
    "unit_editor": "unit_editor",
    "forvaltningskontakt": "unit_editor",
    "förvaltningskontakt": "unit_editor",
    "partner": "partner",
    "samverkanspart": "partner",
    "viewer": "viewer",
    "lasare": "viewer",
    "läsare": "viewer",
}
# When the provider gives one person several roles in one municipality, the widest one wins.
RANK = {"coordinator": 4, "unit_editor": 3, "partner": 2, "viewer": 1}
NEEDS_ORGANISATION = {"unit_editor", "partner"}


@dataclass(frozen=True)
class Grant:
    municipality: str  # slug
    role: str  # a Role value
    organisation: str = ""  # unit short name or name (unit_editor), partner name (partner)

    def describe(self) -> str:
        return f"{self.role}:{self.organisation}" if self.organisation else self.role


def _as_list(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [part for part in value.replace(",", " ").split() if part]
    if isinstance(value, Iterable):
        return [str(v) for v in value]
    return []


def parse_grant(value: str) -> Grant | None:
    parts = [p.strip() for p in value.split(":", 2)]
    if len(parts) < 2 or not parts[0]:
        return None
    role = ROLE_ALIASES.get(parts[1].lower())
    if role is None:
        return None
    organisation = parts[2] if len(parts) == 3 else ""
    if role in NEEDS_ORGANISATION and not organisation:
        return None
    if role not in NEEDS_ORGANISATION:
        organisation = ""
    return Grant(parts[0].lower(), role, organisation)


def grants_from_claims(
    claims: Mapping[str, Any],
    *,
    roles_claim: str = "varn_roles",
    groups_claim: str = "groups",
    group_map: Mapping[str, str] | None = None,
) -> tuple[list[Grant], list[str]]:
    """The grants the claims give, one per municipality (the widest), and the values not understood."""
    group_map = group_map or {}
    values = _as_list(claims.get(roles_claim))
    for group in _as_list(claims.get(groups_claim)):
        if group in group_map:
            values.append(group_map[group])
    best: dict[str, Grant] = {}
    rejected: list[str] = []
    for value in values:
        grant = parse_grant(value)
        if grant is None:
            rejected.append(value)
            continue
        current = best.get(grant.municipality)
        if current is None or RANK[grant.role] > RANK[current.role]:
            best[grant.municipality] = grant
    return [best[slug] for slug in sorted(best)], rejected
