"""Who is calling: a personal API token, the identity provider's bearer token (when single sign-on
is configured), or a signed-in browser session (the browsable documentation).

Each gives an `ApiCaller`; the request's user is set to its person, so the audit trail and the
role checks are those of the interface. The caller's `key` is what the rate limit counts."""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from typing import Any

import requests
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest
from ninja.security import APIKeyCookie, HttpBearer

from varn.accounts import oidc
from varn.accounts.models import SsoIdentity

from .models import TOKEN_START, ApiToken

log = logging.getLogger(__name__)

# An identity provider's token is checked at its userinfo endpoint, then trusted this long.
PROVIDER_TOKEN_SECONDS = 60


@dataclass(frozen=True)
class ApiCaller:
    user: Any
    can_write: bool
    key: str  # what the rate limit counts: one token, one provider token, one session user
    via: str  # "token", "provider" or "session"

    def __str__(self) -> str:
        return self.key


def _provider_subject(token: str) -> str | None:
    """The subject the identity provider names for an access token, or None if it refuses it."""
    digest = hashlib.sha256(token.encode()).hexdigest()
    cache_key = f"api:provider-token:{digest}"
    subject = cache.get(cache_key)
    if subject is not None:
        return subject or None
    try:
        endpoint = oidc.provider().userinfo_endpoint
        response = requests.get(
            endpoint, headers={"Authorization": f"Bearer {token}"}, timeout=settings.OIDC_TIMEOUT
        )
    except (requests.RequestException, ImproperlyConfigured, ValueError) as error:
        log.warning("SSO provider unavailable for an API token: %s", error)
        return None
    subject = str(response.json().get("sub") or "") if response.ok else ""
    cache.set(cache_key, subject, PROVIDER_TOKEN_SECONDS)
    return subject or None


class TokenAuth(HttpBearer):
    """`Authorization: Bearer <token>`: a personal API token, else the identity provider's token."""

    def authenticate(self, request: HttpRequest, token: str) -> ApiCaller | None:
        if token.startswith(TOKEN_START):
            found = ApiToken.find(token)
            if found is None:
                return None
            found.note_use()
            return _enter(
                request, found.user, can_write=found.can_write, key=f"token:{found.pk}", via="token"
            )
        if not oidc.enabled():
            return None
        subject = _provider_subject(token)
        if subject is None:
            return None
        issuer = oidc.provider().issuer
        identity = SsoIdentity.objects.select_related("user").filter(issuer=issuer, subject=subject).first()
        if identity is None or not identity.user.is_active:
            return None
        # The person's own rights, as when they are signed in with the provider in the browser.
        return _enter(
            request, identity.user, can_write=True, key=f"provider:{identity.user.pk}", via="provider"
        )


class SessionAuth(APIKeyCookie):
    """A signed-in browser (the documentation's "Try it out"); changes need the CSRF token."""

    def __init__(self) -> None:
        self.param_name = settings.SESSION_COOKIE_NAME
        super().__init__(csrf=True)

    def authenticate(self, request: HttpRequest, key: str | None) -> ApiCaller | None:
        user = request.user
        if not user.is_authenticated:
            return None
        return _enter(request, user, can_write=True, key=f"session:{user.pk}", via="session")


def _enter(request: HttpRequest, user, *, can_write: bool, key: str, via: str) -> ApiCaller:
    request.user = user
    return ApiCaller(user=user, can_write=can_write, key=key, via=via)
