"""Tenancy and permissions: every view fetches through the signed-in user's membership of the
municipality named in the URL. Another municipality's objects are 404; a missing right is 403.

Inside a municipality the signed-in person and their membership there come from one query
(`TenantAuthenticationMiddleware`), read anew on every request: a revoked membership or a changed
role takes effect at the next request."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib import auth
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.middleware import AuthenticationMiddleware
from django.contrib.auth.middleware import get_user as get_request_user
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.crypto import constant_time_compare
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from varn.organisations.models import Membership, Municipality

from .compiled import CompiledQuery
from .pagecache import SAFE_METHODS, mark_changed


class TenantRequest(HttpRequest):
    membership: Membership
    municipality: Municipality


# The active membership of a person in the municipality of a slug, with the person, the municipality
# and their unit or partner organisation: the one query of the frame of every page in a municipality.
MEMBERSHIP_WITH_USER = CompiledQuery(
    lambda user_id, slug: Membership.objects.select_related("user", "municipality", "unit", "partner").filter(
        user_id=user_id, municipality__slug=slug, is_active=True
    ),
    user_id=-918_273_645,
    slug="varn-compiled-query-slug",
)
# Set on the request by TenantAuthenticationMiddleware: (slug, user id, membership or None).
LOADED_KEY = "_varn_tenant_membership"


def get_membership(request: HttpRequest, slug: str) -> Membership:
    loaded = getattr(request, LOADED_KEY, None)
    if loaded is not None and loaded[0] == slug and loaded[1] is not None and loaded[1] == request.user.pk:
        membership = loaded[2]
    else:
        membership = (
            Membership.objects.select_related("municipality", "unit", "partner")
            .filter(user_id=request.user.pk or 0, municipality__slug=slug, is_active=True)
            .first()
        )
    if membership is None:
        raise Http404(_("Ingen sådan kommun."))
    membership.user = request.user  # type: ignore[assignment]  # already loaded by the middleware
    return membership


def tenant_view(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Resolve the `municipality` slug in the URL to the user's membership there.

    The wrapped view receives the request with `request.membership` and `request.municipality` set,
    and no longer the slug. A request that may change data marks the municipality's data as changed
    when it has been answered, so that no cached page shows what was before (varn/core/pagecache.py)."""

    @wraps(view)
    def wrapper(request: HttpRequest, municipality: str, *args: Any, **kwargs: Any) -> HttpResponse:
        membership = get_membership(request, municipality)
        request.membership = membership  # type: ignore[attr-defined]
        request.municipality = membership.municipality  # type: ignore[attr-defined]
        if request.method in SAFE_METHODS:
            return view(request, *args, **kwargs)
        try:
            return view(request, *args, **kwargs)
        finally:
            mark_changed([membership.municipality_id])

    # Read by TenantAuthenticationMiddleware; decorators made with functools.wraps keep it.
    wrapper.is_tenant_view = True  # type: ignore[attr-defined]
    return wrapper


class TenantAuthenticationMiddleware(AuthenticationMiddleware):
    """Django's AuthenticationMiddleware, except that for a tenant view the signed-in person is
    read in the same query as their active membership of the URL's municipality, which
    `get_membership` then takes without asking the database again.

    The person is checked as `django.contrib.auth.get_user` checks them: the session's backend must
    be configured, the backend's own rule must allow the user (ModelBackend: active), and the
    session's hash must match the password's (or a fallback secret's, and is then renewed), else
    the session is flushed. A backend with a `get_user` of its own, a request outside a tenant
    view, and a person without an active membership there are loaded by Django's `get_user`."""

    def process_request(self, request: HttpRequest) -> None:
        super().process_request(request)
        request.user = SimpleLazyObject(lambda: _request_user(request))  # type: ignore[assignment]


def _request_user(request: HttpRequest):
    if not hasattr(request, "_cached_user"):
        match = request.resolver_match  # the user is first needed in process_view (LoginRequired)
        slug = match.kwargs.get("municipality") if match is not None else None
        if match is not None and isinstance(slug, str) and getattr(match.func, "is_tenant_view", False):
            request._cached_user = _user_with_membership(request, slug)  # type: ignore[attr-defined]
    return get_request_user(request)


def _user_with_membership(request: HttpRequest, slug: str):
    try:
        user_id = auth._get_user_session_key(request)  # type: ignore[attr-defined]
        backend_path = request.session[auth.BACKEND_SESSION_KEY]
    except KeyError:
        return AnonymousUser()
    if backend_path not in settings.AUTHENTICATION_BACKENDS or not isinstance(user_id, int):
        return auth.get_user(request)
    backend = auth.load_backend(backend_path)
    backend_get_user = type(backend).get_user
    if backend_get_user is ModelBackend.get_user:
        can_authenticate = backend.user_can_authenticate  # type: ignore[attr-defined]
    elif backend_get_user is OIDCAuthenticationBackend.get_user:
        can_authenticate = _anyone  # mozilla-django-oidc's get_user admits every stored user
    else:
        return auth.get_user(request)
    membership = MEMBERSHIP_WITH_USER.first(user_id=user_id, slug=slug)
    if membership is None:
        setattr(request, LOADED_KEY, (slug, user_id, None))
        return auth.get_user(request)
    user = membership.user
    if not can_authenticate(user):
        return AnonymousUser()
    session_hash = request.session.get(auth.HASH_SESSION_KEY)
    session_auth_hash = user.get_session_auth_hash()
    if not (session_hash and constant_time_compare(session_hash, session_auth_hash)):
        if session_hash and any(
            constant_time_compare(session_hash, fallback_auth_hash)
            for fallback_auth_hash in user.get_session_auth_fallback_hash()
        ):
            request.session.cycle_key()
            request.session[auth.HASH_SESSION_KEY] = session_auth_hash
        else:
            request.session.flush()
            return AnonymousUser()
    setattr(request, LOADED_KEY, (slug, user.pk, membership))
    return user


def _anyone(user) -> bool:
    return True


def require(allowed: bool) -> None:
    """Answer 403 unless the membership has the right."""
    if not allowed:
        raise PermissionDenied(_("Du har inte behörighet till detta."))


def get_for_tenant[M: Model](queryset: QuerySet[M], request: HttpRequest, **lookup: Any) -> M:
    """One object of the current municipality, or 404."""
    return get_object_or_404(queryset, municipality=request.municipality, **lookup)  # type: ignore[attr-defined]
