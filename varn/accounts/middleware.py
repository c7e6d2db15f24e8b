from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from .twofactor import (
    POLICY_KEY,
    SESSION_KEY,
    SETUP_KEY,
    current_policy,
    remember_whether_two_factor_is_required,
)

# Pages a signed-in user may open before giving the code.
OPEN_URL_NAMES = {
    "accounts:two-factor-verify",
    "accounts:accessibility",
    "core:logout",
    "healthz",
    "set_language",
}


class TwoFactorMiddleware:
    """Send a user who has two-factor sign-in on, and has not yet given a code, to the code page;
    and one whose role must use two-factor sign-in (VARN_REQUIRE_TWO_FACTOR), and has not set it
    up, to the setup page. Both are decided at sign-in and kept in the session, and decided again
    when the rule (VARN_REQUIRE_TWO_FACTOR) is not the one the session saw; otherwise no query."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs) -> HttpResponse | None:
        session = getattr(request, "session", None)
        if session is None:
            return None
        if request.user.is_authenticated and session.get(POLICY_KEY) != current_policy():
            # Opened before two-factor was required (or before the rule changed): decide again now,
            # so that requiring two-factor applies to existing sessions (issue 14, finding 10).
            remember_whether_two_factor_is_required(None, request, request.user)
        if session.get(SETUP_KEY) and request.user.is_authenticated:
            # A role that must use two-factor sign-in, not yet set up: only the setup page opens.
            match = request.resolver_match
            if match is not None and match.view_name in OPEN_URL_NAMES | {"accounts:two-factor"}:
                return None
            return redirect("accounts:two-factor")
        if not session.get(SESSION_KEY):
            return None
        user = request.user
        if not user.is_authenticated or user.is_verified():  # type: ignore[attr-defined]
            return None
        match = request.resolver_match
        if match is not None and match.view_name in OPEN_URL_NAMES:
            return None
        verify = reverse("accounts:two-factor-verify")
        return redirect(f"{verify}?{urlencode({'next': request.get_full_path()})}")
