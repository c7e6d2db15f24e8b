"""Optimistic locking for the API's writes, in one place so that it can be swapped.

An object's version is its `lock_version` where the model has one (every object edited in a form,
`varn.core.locking`) and otherwise its last change (`updated_at`). A client sends the version it
read, in `If-Match` (the `ETag` of the GET) or as `version` in the body; a write over a newer
version answers 412 and changes nothing."""

from __future__ import annotations

from typing import Any

from django.db.models import Model
from django.http import HttpRequest
from django.utils.translation import gettext as _

from .errors import ApiError


def version_of(obj: Model) -> str:
    lock_version = getattr(obj, "lock_version", None)
    if lock_version is not None:
        return str(lock_version)
    return obj.updated_at.isoformat(timespec="microseconds")  # type: ignore[attr-defined]


def etag(obj: Model) -> str:
    return f'"{version_of(obj)}"'


def seen_version(request: HttpRequest, body_version: Any = None) -> str | None:
    """The version the client read: `If-Match`, else the body's `version`."""
    header = request.headers.get("If-Match", "").strip()
    if header:
        return header.removeprefix("W/").strip('"')
    if body_version not in (None, ""):
        return str(body_version)
    return None


def ensure_fresh(request: HttpRequest, obj: Model, body_version: Any = None) -> None:
    """428 without a version, 412 when the object changed since the client read it."""
    seen = seen_version(request, body_version)
    if seen is None:
        raise ApiError(428, _("Ange den version du läste: rubriken If-Match (ETag) eller fältet version."))
    if seen != version_of(obj):
        raise stale(obj)


def stale(obj: Model) -> ApiError:
    return ApiError(
        412,
        _("Någon annan har ändrat detta sedan du läste det. Inget är sparat; läs det på nytt."),
        version=version_of(obj),
    )
