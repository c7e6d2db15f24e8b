"""Pages served again from the cache until the municipality's data changes (docs/decisions/0056).

Every municipality carries a stamp, `Municipality.data_stamp`: a random token, replaced

- whenever a row of the municipality is saved or deleted, or a many-to-many link of it changes
  (the signals connected in `connect_signals`);
- when a request that may change data (anything but GET, HEAD and OPTIONS) has been answered inside
  the municipality (`varn.core.tenancy.tenant_view`), which also covers bulk updates that send no
  signals;
- when a background job of the municipality ends (`varn.core.jobs.job_body`), and at the end of the
  management commands that write (`mark_changed`).

A view marked `@cached_page` keeps its answer under a key made of that stamp and of everything else
the page depends on: the person and the CSRF secret of their browser (the page holds their name and
their form tokens), their two-factor state, the language, today's date (overdue marks), the path
with its query, and the htmx headers (a partial is not the whole page). A change makes every key of
the municipality new, so nothing is ever invalidated by hand, and a stamp never comes back.

The membership is still read from the database on every request (the stamp comes with it), so a
revoked membership or a changed role takes effect at once. Answers with messages to show, and
answers other than 200, are never kept.
"""

from __future__ import annotations

import contextlib
import hashlib
import uuid
from collections.abc import Callable, Iterable
from functools import wraps
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpRequest, HttpResponse
from django.template.response import SimpleTemplateResponse
from django.utils import timezone, translation

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# A backstop: should a change ever slip past every path above, the page is right again this soon.
PAGE_SECONDS = 10 * 60
KEY_PREFIX = "varn-page"


def new_stamp() -> str:
    return uuid.uuid4().hex


def mark_changed(municipality_ids: Iterable[int | None]) -> None:
    """The data of these municipalities changed: their cached pages are no longer used."""
    from varn.organisations.models import Municipality

    ids = {i for i in municipality_ids if i}
    if ids:
        Municipality.objects.filter(pk__in=ids).update(data_stamp=new_stamp())


def mark_all_changed(using: str = "default") -> None:
    """After a restore, a bulk load or a migration: every municipality's pages are built anew."""
    from varn.organisations.models import Municipality

    Municipality.objects.using(using).update(data_stamp=new_stamp())


def stamp_after_migrate(sender, using: str = "default", **kwargs) -> None:
    from django.db import DatabaseError, transaction

    # Migrated back to before the stamp existed: nothing is cached by it then.
    with contextlib.suppress(DatabaseError), transaction.atomic(using=using):
        mark_all_changed(using)


def enabled() -> bool:
    return settings.VARN_PAGE_CACHE


def page_key(request: HttpRequest) -> str | None:
    """The cache key of this request's page, or None when the page must be built."""
    if request.method not in ("GET", "HEAD") or not enabled():
        return None
    municipality = getattr(request, "municipality", None)
    user = getattr(request, "user", None)
    if municipality is None or user is None or not user.is_authenticated:
        return None
    messages = getattr(request, "_messages", None)
    if messages is not None and len(messages):
        return None
    # A browser without a CSRF cookie gets one with the page; a page from the cache would carry the
    # token of another secret and the browser's next form would be refused.
    csrf_secret = request.META.get("CSRF_COOKIE")
    if not csrf_secret:
        return None
    is_verified = getattr(user, "is_verified", None)
    parts = [
        municipality.data_stamp,
        str(user.pk),
        csrf_secret,
        "otp" if callable(is_verified) and is_verified() else "",
        translation.get_language() or "",
        timezone.localdate().isoformat(),
        request.method,
        request.get_full_path(),
        *(
            request.headers.get(name, "")
            for name in ("HX-Request", "HX-Boosted", "HX-Target", "HX-History-Restore-Request")
        ),
    ]
    digest = hashlib.sha256("\x1f".join(parts).encode()).hexdigest()
    return f"{KEY_PREFIX}:{municipality.pk}:{digest}"


def cached_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Serve the view's page from the cache while the municipality's data is unchanged.

    Put it inside `@tenant_view` (which sets `request.municipality`). Only for pages that depend
    on nothing but the municipality's data and the things in `page_key`."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        key = page_key(request)
        if key is None:
            return view(request, *args, **kwargs)
        cache = caches["default"]
        found = cache.get(key)
        if found is not None:
            content, content_type = found
            return HttpResponse(content, content_type=content_type)
        response = view(request, *args, **kwargs)
        messages = getattr(request, "_messages", None)
        if (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            # Only the body and its type are kept: an answer with headers of its own is built each time.
            and {name.lower() for name in response.headers} <= {"content-type"}
            and not (messages is not None and messages.used)
        ):
            if isinstance(response, SimpleTemplateResponse) and not response.is_rendered:
                response.render()
            cache.set(key, (response.content, response["Content-Type"]), PAGE_SECONDS)
        return response

    wrapper.cached_page = True  # type: ignore[attr-defined]
    return wrapper


# What marks a municipality's data as changed


def tenant_models() -> list[type[models.Model]]:
    """The models whose rows belong to a municipality (a `municipality` foreign key)."""
    from django.apps import apps

    from varn.organisations.models import Municipality

    found = []
    for model in apps.get_models():
        if hasattr(model, "instance_type"):  # django-simple-history's rows follow their object
            continue
        if model._meta.label == "core.Job":  # progress is on no cached page; a job's end marks it
            continue
        try:
            field = model._meta.get_field("municipality")
        except FieldDoesNotExist:
            continue
        if isinstance(field, models.ForeignKey) and field.related_model is Municipality:
            found.append(model)
    return found


def _changed(sender, instance, **kwargs) -> None:
    mark_changed([getattr(instance, "municipality_id", None)])


def _links_changed(sender, instance, action: str, **kwargs) -> None:
    if action.startswith("post_"):
        mark_changed([getattr(instance, "municipality_id", None)])


def _user_changed(sender, instance, update_fields=None, **kwargs) -> None:
    """A person's name is on every page they see: their municipalities' pages are built anew.
    Signing in (which only stamps `last_login`) changes nothing shown."""
    if update_fields is not None and set(update_fields) <= {"last_login"}:
        return
    if instance.pk:
        mark_changed(instance.memberships.values_list("municipality_id", flat=True))


def connect_signals() -> None:
    """Receivers only for the tenant models (and their links), so that the other models keep
    Django's fast path for deletes."""
    from django.contrib.auth import get_user_model

    for model in tenant_models():
        uid = f"varn-pagecache-{model._meta.label_lower}"
        post_save.connect(_changed, sender=model, dispatch_uid=f"{uid}-save")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"{uid}-delete")
        for field in model._meta.many_to_many:
            through = field.remote_field.through
            m2m_changed.connect(_links_changed, sender=through, dispatch_uid=f"{uid}-{field.name}")
    post_save.connect(_user_changed, sender=get_user_model(), dispatch_uid="varn-pagecache-user")
