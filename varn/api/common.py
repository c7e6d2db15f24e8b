"""What every resource module uses: the tenant, the caller's rights, pages, ordering and
`updated_since`. The rules themselves stay where the interface has them (QuerySet methods on the
models, `Membership` properties, `core.tenancy`); this module only calls them."""

from __future__ import annotations

import datetime
import json
from collections.abc import Callable, Iterable
from typing import Any

from django.db.models import QuerySet, Subquery
from django.http import HttpRequest, QueryDict
from django.utils.translation import gettext as _
from ninja import Field, Schema
from pydantic import create_model

from varn.core.pagecache import mark_changed
from varn.core.tenancy import get_for_tenant, get_membership
from varn.followup.services import current_program
from varn.organisations.models import Membership
from varn.programs.models import Program

from .errors import ApiError

PAGE_SIZE = 50
# Every resource of a municipality is under its address (its `slug`, as in the interface).
TENANT = "/municipalities/{municipality}"
MAX_PAGE_SIZE = 200


def enter(request: HttpRequest, municipality: str) -> Membership:
    """The caller's membership of the municipality in the URL (404 when they have none), set on
    the request as `core.tenancy.tenant_view` does, so that `get_for_tenant` works."""
    membership = get_membership(request, municipality)
    request.membership = membership  # type: ignore[attr-defined]
    request.municipality = membership.municipality  # type: ignore[attr-defined]
    return membership


def require_write(request: HttpRequest) -> None:
    """A read-only token may not change anything."""
    if not request.auth.can_write:  # type: ignore[attr-defined]
        raise ApiError(403, _("API-nyckeln får bara läsa. Skapa en nyckel som får läsa och ändra."))


def changed(request: HttpRequest) -> None:
    """After a write: cached pages of the municipality are built again (core/pagecache.py)."""
    mark_changed([request.municipality.pk])  # type: ignore[attr-defined]


class PageParams(Schema):
    page: int = Field(1, ge=1, description="Sidnummer, från 1.", json_schema_extra={"example": 1})
    page_size: int = Field(
        PAGE_SIZE,
        ge=1,
        le=MAX_PAGE_SIZE,
        description="Rader per sida (högst 200).",
        json_schema_extra={"example": 50},
    )
    updated_since: datetime.datetime | None = Field(
        None,
        description="Bara det som ändrats sedan (ISO 8601), för stegvis synkronisering.",
        json_schema_extra={"example": "2025-10-22T08:00:00+02:00"},
    )


def page_schema(item: type[Schema]) -> type[Schema]:
    """`<Item>Page`: one page of items with the total and links to the neighbouring pages."""
    return create_model(  # type: ignore[call-overload]
        f"{item.__name__.removesuffix('Out')}Page",
        __base__=Schema,
        count=(int, Field(..., description="Antal rader i hela urvalet.", examples=[120])),
        next=(str | None, Field(None, description="Nästa sida.", examples=["…?page=3"])),
        previous=(str | None, Field(None, description="Föregående sida.", examples=["…?page=1"])),
        results=(list[item], ...),  # type: ignore[valid-type]
    )


def changed_since(qs: QuerySet, since: datetime.datetime | None, municipality_id: int) -> QuerySet:
    """Only objects with a change in their audit trail since `since` (every model has one); the
    history table is read through its municipality, as the lists are (ADR 0050)."""
    if since is None:
        return qs
    history = qs.model.history.model  # type: ignore[attr-defined]
    changed_ids = history.objects.filter(municipality_id=municipality_id, history_date__gte=since)
    return qs.filter(pk__in=Subquery(changed_ids.values("id")))


def ordered(qs: QuerySet, ordering: str | None, allowed: Iterable[str], default: Iterable[str]) -> QuerySet:
    """`ordering=field` or `-field`, comma-separated, among the allowed fields; then by id."""
    if not ordering:
        return qs.order_by(*default, "pk")
    names = [part.strip() for part in ordering.split(",") if part.strip()]
    allowed = set(allowed)
    wrong = [n for n in names if n.lstrip("-") not in allowed]
    if wrong:
        raise ApiError(
            400,
            _("Okänd sortering: %(wrong)s. Sortera på: %(allowed)s.")
            % {"wrong": ", ".join(wrong), "allowed": ", ".join(sorted(allowed))},
        )
    return qs.order_by(*names, "pk")


def paginate(
    request: HttpRequest, qs: QuerySet, params: PageParams, serialize: Callable[[list[Any]], list[Any]]
) -> dict[str, Any]:
    """One page of a list: at most `page_size` rows, counted once, in two queries plus the
    serializer's own (prefetches run once for the page)."""
    qs = changed_since(qs, params.updated_since, request.municipality.pk)  # type: ignore[attr-defined]
    count = qs.count()
    start = (params.page - 1) * params.page_size
    rows = list(qs[start : start + params.page_size])
    return {
        "count": count,
        "next": _link(request, params.page + 1) if start + params.page_size < count else None,
        "previous": _link(request, params.page - 1) if params.page > 1 and count else None,
        "results": serialize(rows),
    }


def _link(request: HttpRequest, page: int) -> str:
    query: QueryDict = request.GET.copy()
    query["page"] = str(page)
    return request.build_absolute_uri(request.path) + "?" + query.urlencode()


def chosen_program(request: HttpRequest, pk: int | None) -> Program | None:
    """The programme asked for (404 if it is not the municipality's), else the one in force."""
    if pk is not None:
        return get_for_tenant(Program.objects.all(), request, pk=pk)
    return current_program(request.municipality)  # type: ignore[attr-defined]


def json_body(request: HttpRequest) -> dict[str, Any]:
    """The request's JSON object, or 400."""
    try:
        data = json.loads(request.body or b"null")
    except ValueError:
        data = None
    if not isinstance(data, dict):
        raise ApiError(400, _("Skicka uppgifterna som ett JSON-objekt (Content-Type: application/json)."))
    return data


def body_doc(schema: type[Schema], *, description: str) -> dict[str, Any]:
    """The OpenAPI request body of a write whose input is checked by the interface's form (and
    therefore read by the operation itself, after the tenant and the rights)."""
    return {
        "requestBody": {
            "required": True,
            "description": description,
            "content": {"application/json": {"schema": schema.model_json_schema()}},
        }
    }


def form_data(data: dict[str, Any]) -> dict[str, Any]:
    """JSON values as a form reads them: lists stay lists, None is empty, the rest text."""
    result: dict[str, Any] = {}
    for key, value in data.items():
        if value is None:
            result[key] = ""
        elif isinstance(value, bool):
            result[key] = "on" if value else ""
        elif isinstance(value, list):
            result[key] = [str(v) for v in value]
        else:
            result[key] = str(value)
    return result


def ref(obj: Any, label: str = "name") -> dict[str, Any] | None:
    """{id, name} of a related object, or None."""
    if obj is None:
        return None
    return {"id": obj.pk, "name": str(getattr(obj, label))}


class Ref(Schema):
    id: int
    name: str


def display_name(user: Any) -> str | None:
    if user is None:
        return None
    return user.get_full_name() or user.username
