"""Who may read and answer the follow-up's working material, for the pages and the REST API alike
(ADR 0035, ADR 0130)."""

from __future__ import annotations

from varn.core.tenancy import require
from varn.organisations.models import Membership

from .models import FollowUpResponse


def can_see_internal(membership: Membership) -> bool:
    """Internal working material (answers, cost entries, revision drafts) is not for partners."""
    return not membership.is_partner


def require_internal(request) -> None:
    """403 for a partner asking for internal working material."""
    require(can_see_internal(request.membership))


def can_answer(membership: Membership, response: FollowUpResponse) -> bool:
    """The coordinator answers every response; a unit editor their own unit's."""
    return membership.is_coordinator or (membership.is_unit_editor and response.unit_id == membership.unit_id)
