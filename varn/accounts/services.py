"""Keeping memberships in step with the identity provider without overriding a coordinator."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from varn.organisations.models import Membership, Municipality, Partner, Role, Unit

from .claims import Grant
from .models import SsoNotice

log = logging.getLogger(__name__)

# The change reason single sign-on writes in the audit trail. A membership whose latest change has
# another reason (or none) was changed in Värn by a person, and sign-in leaves it alone.
SSO_REASON = "Enkel inloggning (kommunens katalog)"
LOCAL_REASON = "Ändrad i Värn; enkel inloggning ändrar den inte längre"


@dataclass
class SyncResult:
    created: list[Membership] = field(default_factory=list)
    updated: list[Membership] = field(default_factory=list)
    deactivated: list[Membership] = field(default_factory=list)
    kept_local: list[tuple[Membership, Grant]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def _describe(role: str, unit: Unit | None, partner: Partner | None) -> str:
    label = str(Role(role).label)
    organisation = unit or partner
    return f"{label}, {organisation}" if organisation else label


def _describe_membership(m: Membership) -> str:
    if not m.is_active:
        return "Ingen behörighet (avstängd i Värn)"
    return _describe(m.role, m.unit, m.partner)


def is_managed_by_sso(membership: Membership) -> bool:
    """True when single sign-on made the membership's latest change. A change by a person since then
    (in the admin or any other form) makes it local, even if the flag was not cleared."""
    if not membership.managed_by_sso:
        return False
    latest = membership.history.order_by("-history_date", "-history_id").first()  # type: ignore[attr-defined]
    return latest is not None and latest.history_change_reason == SSO_REASON


def latest_change_reasons(memberships: list[Membership]) -> dict[int, str | None]:
    """The reason of each membership's latest audited change, in one query."""
    records = (
        Membership.history.model.objects.filter(id__in=[m.pk for m in memberships])  # type: ignore[attr-defined]
        .order_by("id", "-history_date", "-history_id")
        .values_list("id", "history_change_reason")
    )
    latest: dict[int, str | None] = {}
    for pk, reason in records:
        latest.setdefault(pk, reason)
    return latest


def _save(membership: Membership, reason: str, by) -> None:
    membership._change_reason = reason  # type: ignore[attr-defined]
    membership._history_user = by  # type: ignore[attr-defined]
    membership.save()


def _resolve(municipality: Municipality, grant: Grant) -> tuple[Unit | None, Partner | None] | None:
    if grant.role == Role.UNIT_EDITOR:
        unit = (
            Unit.objects.for_municipality(municipality)
            .filter(Q(short_name__iexact=grant.organisation) | Q(name__iexact=grant.organisation))
            .first()
        )
        return (unit, None) if unit else None
    if grant.role == Role.PARTNER:
        partner = (
            Partner.objects.for_municipality(municipality).filter(name__iexact=grant.organisation).first()
        )
        return (None, partner) if partner else None
    return None, None


def _notice(membership: Membership, claimed: str) -> None:
    local = _describe_membership(membership)
    notice = (
        SsoNotice.objects.open()
        .filter(
            municipality_id=membership.municipality_id,
            user_id=membership.user_id,
            claimed=claimed,
            local=local,
        )
        .first()
    )
    if notice is None:
        SsoNotice.objects.create(
            municipality_id=membership.municipality_id,
            user_id=membership.user_id,
            membership=membership,
            claimed=claimed,
            local=local,
        )
    else:
        notice.save(update_fields=["last_seen_at"])
    log.warning(
        "SSO: %s in %s keeps the role set in Värn (%s); the identity provider says %s.",
        membership.user,
        membership.municipality,
        local,
        claimed,
    )


@transaction.atomic
def sync_memberships(user, grants: list[Grant]) -> SyncResult:
    """Make the user's single-sign-on memberships match the grants. Memberships a person set or
    changed in Värn are kept as they are; a difference is recorded as an SsoNotice and logged."""
    result = SyncResult()
    municipalities = {
        m.slug: m for m in Municipality.objects.filter(slug__in=[g.municipality for g in grants])
    }
    existing = {
        m.municipality_id: m
        for m in Membership.objects.select_for_update(of=("self",))
        .filter(user=user)
        .select_related("municipality", "unit", "partner")
    }
    granted: set[int] = set()
    for grant in grants:
        municipality = municipalities.get(grant.municipality)
        if municipality is None:
            result.problems.append(f"Okänd kommun i katalogen: {grant.municipality}")
            continue
        resolved = _resolve(municipality, grant)
        if resolved is None:
            result.problems.append(f"Okänd organisation i {municipality}: {grant.organisation}")
            continue
        unit, partner = resolved
        granted.add(municipality.pk)
        membership = existing.get(municipality.pk)
        if membership is None:
            membership = Membership(
                user=user,
                municipality=municipality,
                role=grant.role,
                unit=unit,
                partner=partner,
                managed_by_sso=True,
            )
            _save(membership, SSO_REASON, user)
            result.created.append(membership)
            continue
        wanted = (grant.role, unit.pk if unit else None, partner.pk if partner else None, True)
        current = (membership.role, membership.unit_id, membership.partner_id, membership.is_active)
        if not is_managed_by_sso(membership):
            if membership.managed_by_sso:
                membership.managed_by_sso = False
                _save(membership, LOCAL_REASON, None)
            if wanted != current:
                _notice(membership, _describe(grant.role, unit, partner))
                result.kept_local.append((membership, grant))
            continue
        if wanted != current:
            membership.role, membership.unit, membership.partner, membership.is_active = (
                grant.role,
                unit,
                partner,
                True,
            )
            _save(membership, SSO_REASON, user)
            result.updated.append(membership)
    for municipality_id, membership in existing.items():
        if municipality_id in granted or not membership.is_active:
            continue
        if is_managed_by_sso(membership):
            membership.is_active = False
            _save(membership, SSO_REASON, user)
            result.deactivated.append(membership)
    return result


def resolve_notice(notice: SsoNotice, *, by) -> None:
    notice.resolved_at = timezone.now()
    notice.resolved_by = by
    notice._history_user = by  # type: ignore[attr-defined]
    notice.save(update_fields=["resolved_at", "resolved_by"])
