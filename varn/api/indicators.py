"""Kolada key figures: each indicator the municipality chose, with every stored value and its
provenance (KPI id and title, area and Kolada's area id, year, gender, Kolada's status, when it was
fetched and from which address). Read by every member, as the page "Nyckeltal" is; inactive
figures only by those who manage them, as there. Values are decimal strings, or null where Kolada
has none. Nothing here calls Kolada (ADR 0100, ADR 0131)."""

from __future__ import annotations

import datetime
import math
from decimal import Decimal

from django.db.models import Prefetch, Q, QuerySet, Subquery
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema

from varn.indicators.models import Indicator, IndicatorValue

from .common import TENANT, PageParams, enter, page_schema, paginate
from .schemas import example, example_of

router = Router()

AREAS = dict(IndicatorValue.Area.choices)
GENDERS = dict(IndicatorValue.Gender.choices)


class IndicatorValueOut(Schema):
    model_config = example(
        kpi_id="N31807",
        kpi_title="Invånare som någon gång under året erhållit ekonomiskt bistånd, andel (%)",
        area="municipality",
        area_label="Kommunen",
        area_id="1489",
        period=2025,
        gender="T",
        gender_label="Totalt",
        value="3.1",
        status="",
        count=1,
        fetched_at="2026-06-01T05:00:00+02:00",
        source_url="https://api.kolada.se/v2/data/kpi/N31807/municipality/1489,0014,0000/year/2016,2017",
    )
    kpi_id: str = Field(..., description="Nyckeltalets id i Kolada.")
    kpi_title: str = Field(..., description="Nyckeltalets namn i Kolada när värdet hämtades.")
    area: str = Field(..., description="municipality, county, group eller country")
    area_label: str
    area_id: str = Field(
        ..., description="Koladas id för området: kommunkod, län (00 + länskod), grupp, 0000."
    )
    period: int = Field(..., description="År.")
    gender: str = Field(..., description="T (totalt), K (kvinnor) eller M (män)")
    gender_label: str
    value: str | None = Field(..., description="Värdet som decimaltal i text; null när Kolada saknar värde.")
    status: str = Field(..., description="Koladas status för värdet (t.ex. Missing).")
    count: int = Field(..., description="För en grupp: antal kommuner som bidrog till medelvärdet.")
    fetched_at: datetime.datetime
    source_url: str = Field(..., description="Adressen i Koladas API som värdet hämtades från.")


class IndicatorOut(Schema):
    model_config = example(
        id=4,
        kpi_id="N31807",
        title="Invånare som någon gång under året erhållit ekonomiskt bistånd, andel (%)",
        description="Antal invånare som någon gång under året erhållit ekonomiskt bistånd …",
        is_divided_by_gender=True,
        baseline="3.50",
        baseline_year=2024,
        target="3.00",
        is_active=True,
        position=1,
        values=[example_of(IndicatorValueOut)],
    )
    id: int
    kpi_id: str
    title: str
    description: str
    is_divided_by_gender: bool
    baseline: str | None = Field(..., description="Utgångsvärde (decimaltal i text) eller null.")
    baseline_year: int | None
    target: str | None = Field(..., description="Målvärde (decimaltal i text) eller null.")
    is_active: bool = Field(..., description="Visas i Värn (inaktiva ser bara samordnaren).")
    position: int
    values: list[IndicatorValueOut]


class IndicatorFilters(PageParams):
    kpi_id: str | None = Field(
        None, description="Bara detta nyckeltal.", json_schema_extra={"example": "N31807"}
    )
    area: str | None = Field(
        None,
        description="Bara värden för området: municipality, county, group eller country.",
        json_schema_extra={"example": "municipality"},
    )
    year_from: int | None = Field(
        None,
        ge=1900,
        le=2100,
        description="Bara värden från och med året.",
        json_schema_extra={"example": 2020},
    )


IndicatorPage = page_schema(IndicatorOut)


def _decimal(value: float | Decimal | None) -> str | None:
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return None
    return format(Decimal(str(value)), "f")


def value_out(v: IndicatorValue) -> dict:
    return {
        "kpi_id": v.kpi_id,
        "kpi_title": v.kpi_title,
        "area": v.area,
        "area_label": str(AREAS.get(v.area, "")),
        "area_id": v.area_id,
        "period": v.period,
        "gender": v.gender,
        "gender_label": str(GENDERS.get(v.gender, "")),
        "value": _decimal(v.value),
        "status": v.status,
        "count": v.count,
        "fetched_at": v.fetched_at,
        "source_url": v.source_url,
    }


def indicator_out(i: Indicator) -> dict:
    return {
        "id": i.pk,
        "kpi_id": i.kpi_id,
        "title": i.title,
        "description": i.description,
        "is_divided_by_gender": i.is_divided_by_gender,
        "baseline": _decimal(i.baseline),
        "baseline_year": i.baseline_year,
        "target": _decimal(i.target),
        "is_active": i.is_active,
        "position": i.position,
        "values": [value_out(v) for v in i.values.all()],  # type: ignore[attr-defined]
    }


def _visible(request: HttpRequest, filters: IndicatorFilters | None = None) -> QuerySet[Indicator]:
    """The indicators the caller sees (as the page shows them), each with its values prefetched
    through the municipality: two queries for any number of figures and values."""
    municipality = request.municipality  # type: ignore[attr-defined]
    indicators = Indicator.objects.filter(municipality=municipality)
    if not request.membership.can_manage:  # type: ignore[attr-defined]
        indicators = indicators.active()
    values = IndicatorValue.objects.for_municipality(municipality).order_by("area", "period", "gender")
    if filters is not None:
        if filters.area:
            values = values.filter(area=filters.area)
        if filters.year_from:
            values = values.filter(period__gte=filters.year_from)
    return indicators.prefetch_related(Prefetch("values", queryset=values))


def _changed_since(request: HttpRequest, qs: QuerySet[Indicator], since: datetime.datetime) -> QuerySet:
    """Indicators changed since, or with a value fetched anew since (both audit trails are read
    through the municipality)."""
    municipality_id = request.municipality.pk  # type: ignore[attr-defined]
    changed = Indicator.history.model.objects.filter(  # type: ignore[attr-defined]
        municipality_id=municipality_id, history_date__gte=since
    )
    refetched = IndicatorValue.history.model.objects.filter(  # type: ignore[attr-defined]
        municipality_id=municipality_id, history_date__gte=since
    )
    return qs.filter(
        Q(pk__in=Subquery(changed.values("id"))) | Q(pk__in=Subquery(refetched.values("indicator_id")))
    )


@router.get(TENANT + "/indicators", response=IndicatorPage, url_name="indicator-list", summary="Nyckeltal")
def indicator_list(request: HttpRequest, municipality: str, filters: Query[IndicatorFilters]):
    """The chosen Kolada key figures in the order of the page, each with its values (filter them
    with `area` and `year_from`). `updated_since` also finds figures whose values were fetched anew."""
    enter(request, municipality)
    qs = _visible(request, filters).order_by("position", "kpi_id")
    if filters.kpi_id:
        qs = qs.filter(kpi_id=filters.kpi_id.strip().upper())
    if filters.updated_since is not None:
        qs = _changed_since(request, qs, filters.updated_since)
    params = filters.model_copy(update={"updated_since": None})
    return paginate(request, qs, params, lambda rows: [indicator_out(i) for i in rows])


@router.get(
    TENANT + "/indicators/{int:pk}",
    response=IndicatorOut,
    url_name="indicator-detail",
    summary="Ett nyckeltal",
)
def indicator_detail(request: HttpRequest, municipality: str, pk: int, filters: Query[IndicatorFilters]):
    """One key figure with its values and their provenance."""
    enter(request, municipality)
    return indicator_out(get_object_or_404(_visible(request, filters), pk=pk))
