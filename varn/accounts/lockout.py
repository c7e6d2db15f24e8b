"""Sign-in lockout (django-axes) with two limits (issue 14, ADR 0120).

Axes locks one user name at one address after AXES_FAILURE_LIMIT failures. One password tried
against many user names from one address (password spraying) never trips that, so an address is
also locked after VARN_LOCKOUT_ADDRESS_FAILURES failures across all user names within the cool-off
time. That limit is higher: a municipality's staff often share one address behind NAT, and their
typos count together. A successful sign-in forgives only that user's own failures (axes resets the
user name and address), so a colleague signing in does not reset the count of an attacker.
"""

from __future__ import annotations

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum


def client_address(request) -> str | None:
    """The address a sign-in came from. Behind VARN_PROXY_COUNT reverse proxies, the address the
    outermost of them saw (counted from the right of X-Forwarded-For, which the client cannot
    forge past the proxies); without proxies, the connection's own address."""
    count = settings.VARN_PROXY_COUNT
    if count > 0:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [part for part in forwarded if part]
        if len(forwarded) >= count:
            return forwarded[-count]
    return request.META.get("REMOTE_ADDR")


class AddressLimitHandler(AxesDatabaseHandler):
    """Axes' database handler with a second, higher limit per address across user names."""

    def address_failures(self, request) -> int:
        address = getattr(request, "axes_ip_address", None)
        if not address:
            return 0
        attempts = AccessAttempt.objects.filter(ip_address=address)
        if settings.AXES_COOLOFF_TIME is not None:
            attempts = attempts.filter(attempt_time__gte=get_cool_off_threshold(request))
        return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0

    def get_failures(self, request, credentials: dict | None = None) -> int:
        """The failures of this user name at this address; or, once the address as a whole has
        reached its limit, the user limit itself (every user name there is locked)."""
        failures = super().get_failures(request, credentials)
        limit = settings.VARN_LOCKOUT_ADDRESS_FAILURES
        if limit and self.address_failures(request) >= limit:
            user_limit = get_failure_limit(request, credentials)
            # The lockout page says which lock it is: the user name's own, or the whole address's.
            request.varn_address_locked = failures < user_limit
            return max(failures, user_limit)
        return failures
