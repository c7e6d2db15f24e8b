"""Single sign-on with the municipality's identity provider over OpenID Connect.

mozilla-django-oidc does the protocol (authorisation code flow with PKCE, state and nonce, signature
check against the provider's keys). Värn adds: endpoints found by discovery from the issuer, a check
of the ID token's issuer and audience, users matched by (issuer, subject), and memberships kept in
step with the provider's role claims (see services.sync_memberships)."""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass
from typing import Any

import requests
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import ImproperlyConfigured, SuspiciousOperation
from django.db import transaction
from django.http import Http404, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import get_random_string
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from .claims import grants_from_claims
from .models import SsoIdentity
from .services import SyncResult, sync_memberships

log = logging.getLogger(__name__)

DISCOVERY_TTL = 3600


@dataclass(frozen=True)
class Provider:
    issuer: str
    authorization_endpoint: str
    token_endpoint: str
    userinfo_endpoint: str
    jwks_endpoint: str
    end_session_endpoint: str = ""


_cache: dict[str, tuple[float, dict[str, Any]]] = {}
_lock = threading.Lock()


def enabled() -> bool:
    return bool(getattr(settings, "VARN_OIDC_ENABLED", False))


def _discover(issuer: str) -> dict[str, Any]:
    with _lock:
        hit = _cache.get(issuer)
        if hit and time.monotonic() - hit[0] < DISCOVERY_TTL:
            return hit[1]
    response = requests.get(issuer + "/.well-known/openid-configuration", timeout=settings.OIDC_TIMEOUT)
    response.raise_for_status()
    document = response.json()
    if document.get("issuer", "").rstrip("/") != issuer:
        raise ImproperlyConfigured(f"The provider at {issuer} names another issuer: {document.get('issuer')}")
    with _lock:
        _cache[issuer] = (time.monotonic(), document)
    return document


def provider() -> Provider:
    """The provider's endpoints: explicit settings win, the rest come from discovery."""
    issuer = settings.VARN_OIDC_ISSUER
    document: dict[str, Any] = {}
    explicit = (
        settings.OIDC_OP_AUTHORIZATION_ENDPOINT,
        settings.OIDC_OP_TOKEN_ENDPOINT,
        settings.OIDC_OP_USER_ENDPOINT,
        settings.OIDC_OP_JWKS_ENDPOINT,
    )
    if issuer and not all(explicit):
        document = _discover(issuer)
    return Provider(
        issuer=issuer,
        authorization_endpoint=explicit[0] or document.get("authorization_endpoint", ""),
        token_endpoint=explicit[1] or document.get("token_endpoint", ""),
        userinfo_endpoint=explicit[2] or document.get("userinfo_endpoint", ""),
        jwks_endpoint=explicit[3] or document.get("jwks_uri", ""),
        end_session_endpoint=settings.VARN_OIDC_LOGOUT_ENDPOINT or document.get("end_session_endpoint", ""),
    )


def end_session_url(request, id_token: str) -> str | None:
    """Where to send the browser after Värn's own sign-out, so that the provider's session ends too
    (OpenID Connect RP-initiated logout), and the browser comes back to Värn's sign-in page. None
    when single sign-on is off, the provider has no such endpoint, or it does not answer."""
    if not enabled() or not id_token:
        return None
    try:
        endpoint = provider().end_session_endpoint
    except (requests.RequestException, ImproperlyConfigured, ValueError) as error:
        log.warning("SSO provider unavailable at sign-out: %s", error)
        return None
    if not endpoint:
        return None
    params = {
        "id_token_hint": id_token,
        "client_id": settings.OIDC_RP_CLIENT_ID,
        "post_logout_redirect_uri": request.build_absolute_uri(reverse("core:login")),
    }
    return f"{endpoint}{'&' if '?' in endpoint else '?'}{urlencode(params)}"


def _username(claims: dict[str, Any]) -> str:
    User = get_user_model()
    base = (claims.get("preferred_username") or (claims.get("email") or "").split("@")[0] or "sso").strip()
    base = "".join(ch for ch in base if ch.isalnum() or ch in "._-@+")[:120] or "sso"
    candidate = base
    while User.objects.filter(username__iexact=candidate).exists():
        candidate = f"{base}-{get_random_string(4).lower()}"
    return candidate


class VarnOIDCBackend(OIDCAuthenticationBackend):
    """Authentication backend for the callback. Does nothing unless single sign-on is configured."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.UserModel = get_user_model()

    def _configure(self) -> None:
        p = provider()
        self.provider = p
        self.OIDC_OP_TOKEN_ENDPOINT = p.token_endpoint
        self.OIDC_OP_USER_ENDPOINT = p.userinfo_endpoint
        self.OIDC_OP_JWKS_ENDPOINT = p.jwks_endpoint
        self.OIDC_RP_CLIENT_ID = settings.OIDC_RP_CLIENT_ID
        self.OIDC_RP_CLIENT_SECRET = settings.OIDC_RP_CLIENT_SECRET
        self.OIDC_RP_SIGN_ALGO = settings.OIDC_RP_SIGN_ALGO
        self.OIDC_RP_IDP_SIGN_KEY = None

    def authenticate(self, request, **kwargs: Any):
        if not enabled() or request is None or "code" not in request.GET:
            return None
        try:
            self._configure()
            return super().authenticate(request, **kwargs)
        except (requests.RequestException, ImproperlyConfigured, ValueError) as error:
            # The provider did not answer, or refused the code or the client: a failed sign-in.
            log.warning("SSO sign-in failed: %s", error)
            return None

    def verify_token(self, token: str, **kwargs: Any) -> dict[str, Any]:
        payload = super().verify_token(token, **kwargs)
        if kwargs.get("nonce") is None:
            return payload  # a signed userinfo response, not the ID token
        if self.provider.issuer and str(payload.get("iss", "")).rstrip("/") != self.provider.issuer:
            raise SuspiciousOperation("The ID token comes from another issuer.")
        audience = payload.get("aud")
        audiences = audience if isinstance(audience, list) else [audience]
        if settings.OIDC_RP_CLIENT_ID not in audiences:
            raise SuspiciousOperation("The ID token was issued for another client.")
        return payload

    def get_or_create_user(self, access_token: str, id_token: str, payload: dict[str, Any]):
        userinfo = self.get_userinfo(access_token, id_token, payload)
        if userinfo.get("sub") != payload.get("sub"):
            raise SuspiciousOperation("Userinfo and ID token name different subjects.")
        claims = {**payload, **userinfo}
        issuer = self.provider.issuer or str(payload.get("iss", ""))
        with transaction.atomic():
            user = self._find_or_create(issuer, claims)
            if user is None or not user.is_active:
                return None
            grants, rejected = grants_from_claims(
                claims,
                roles_claim=settings.VARN_OIDC_ROLES_CLAIM,
                groups_claim=settings.VARN_OIDC_GROUPS_CLAIM,
                group_map=settings.VARN_OIDC_GROUP_MAP,
            )
            result = sync_memberships(user, grants)
        for value in rejected:
            result.problems.append(f"Okänd roll i katalogen: {value}")
        for problem in result.problems:
            log.warning("SSO sign-in of %s: %s", user, problem)
        self.request.varn_sso_result = result  # type: ignore[attr-defined]
        return user

    def _find_or_create(self, issuer: str, claims: dict[str, Any]) -> Any:
        subject = str(claims["sub"])
        identity = SsoIdentity.objects.select_related("user").filter(issuer=issuer, subject=subject).first()
        user: Any = None
        identity_created = identity is None
        if identity is not None:
            user = identity.user
        else:
            email = (claims.get("email") or "").strip()
            # An existing local account is linked by its e-mail only when the provider vouches for it.
            if email and claims.get("email_verified", True) is not False:
                matches = list(self.UserModel.objects.filter(email__iexact=email)[:2])
                if len(matches) == 2:
                    raise SuspiciousOperation("Several users have the e-mail address the provider gave.")
                user = matches[0] if matches else None
            if user is None:
                user = self.UserModel.objects.create_user(_username(claims), email=email)
                user.set_unusable_password()
            identity = SsoIdentity.objects.create(user=user, issuer=issuer, subject=subject)
        fields = ("first_name", "last_name", "email")
        before = [getattr(user, name) for name in fields]
        user.first_name = str(claims.get("given_name") or user.first_name)[:150]
        user.last_name = str(claims.get("family_name") or user.last_name)[:150]
        user.email = str(claims.get("email") or user.email)[:254]
        # Saved only when the directory changed something: a save marks the person's pages changed.
        if identity_created or [getattr(user, name) for name in fields] != before:
            user.save()
        identity.last_sign_in_at = timezone.now()
        identity.save(update_fields=["last_sign_in_at"])
        return user


class SsoStartView(OIDCAuthenticationRequestView):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super(OIDCAuthenticationRequestView, self).__init__(*args, **kwargs)

    def get(self, request):
        if not enabled():
            raise Http404("Enkel inloggning är inte påslagen.")
        try:
            self.OIDC_OP_AUTH_ENDPOINT = provider().authorization_endpoint
        except (requests.RequestException, ImproperlyConfigured, ValueError) as error:
            log.warning("SSO provider unavailable: %s", error)
            messages.error(
                request,
                _(
                    "Kommunens inloggningstjänst svarar inte just nu. "
                    "Försök igen om en stund eller logga in med lösenord."
                ),
            )
            return HttpResponseRedirect(reverse("core:login"))
        self.OIDC_RP_CLIENT_ID = settings.OIDC_RP_CLIENT_ID
        return super().get(request)


class SsoCallbackView(OIDCAuthenticationCallbackView):
    @property
    def failure_url(self) -> str:
        return reverse("core:login")

    def get(self, request):
        if not enabled():
            raise Http404("Enkel inloggning är inte påslagen.")
        return super().get(request)

    def login_failure(self):
        messages.error(
            self.request,
            _("Inloggningen med kommunens konto lyckades inte. Försök igen eller logga in med lösenord."),
        )
        return HttpResponseRedirect(self.failure_url)

    def login_success(self):
        response = super().login_success()
        result: SyncResult | None = getattr(self.request, "varn_sso_result", None)
        if result is not None and result.kept_local:
            messages.info(
                self.request,
                _(
                    "Din behörighet har ändrats i Värn av kommunens samordnare och skiljer sig från "
                    "kommunens katalog. Värn använder samordnarens inställning."
                ),
            )
        return response
