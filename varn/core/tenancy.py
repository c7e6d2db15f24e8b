"""Tenancy and permissions: every view fetches through the signed-in user's membership of the
municipality named in the URL. Another municipality's objects are 404; a missing right is 403."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from varn.organisations.models import Membership, Municipality

from .pagecache import SAFE_METHODS, mark_changed


class TenantRequest(HttpRequest):
    membership: Membership
    municipality: Municipality


def get_membership(request: HttpRequest, slug: str) -> Membership:
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

    return wrapper


def require(allowed: bool) -> None:
    """Answer 403 unless the membership has the right."""
    if not allowed:
        raise PermissionDenied(_("Du har inte behörighet till detta."))


def get_for_tenant[M: Model](queryset: QuerySet[M], request: HttpRequest, **lookup: Any) -> M:
    """One object of the current municipality, or 404."""
    return get_object_or_404(queryset, municipality=request.municipality, **lookup)  # type: ignore[attr-defined]
