"""Fetching the chosen key figures from Kolada and storing them with their provenance."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from varn.organisations.models import Municipality

from .kolada import COUNTRY, DataPoint, KoladaClient, KoladaError, county_id
from .models import Indicator, IndicatorValue, KoladaGroup, KoladaGroupMember, KoladaKpi, KoladaSource

YEARS_BACK = 10
KPI_PATTERN = re.compile(r"^[A-Z]\d{5}$")


def source_for(municipality: Municipality, *, create: bool = False) -> KoladaSource:
    """The municipality's source settings; unsaved defaults until someone saves them or a fetch runs."""
    if create:
        return KoladaSource.objects.get_or_create(municipality=municipality)[0]
    return KoladaSource.objects.filter(municipality=municipality).first() or KoladaSource(
        municipality=municipality
    )


def areas_for(municipality: Municipality, source: KoladaSource) -> dict[str, str]:
    """Kolada's id for each area the municipality's figures are compared with."""
    areas = {
        "municipality": municipality.code,
        "county": source.county_id or county_id(municipality.code),
        "country": COUNTRY,
    }
    if source.group_id:
        areas["group"] = source.group_id
    return areas


def fetch_for_municipality(
    municipality: Municipality, *, client: KoladaClient | None = None, now: datetime.datetime | None = None
) -> int:
    """Fetch every active indicator's values for the last ten years and store them, all or nothing.
    Returns the number of values stored. A failure from Kolada is recorded on the source and raised
    as KoladaError; the values fetched before stay as they were."""
    client = client or KoladaClient()
    now = now or timezone.now()
    source = source_for(municipality, create=True)
    indicators = list(Indicator.objects.filter(municipality=municipality).active())
    if not indicators:
        _record(source, attempted_at=now, last_error="")
        return 0
    areas = areas_for(municipality, source)
    area_of = {kolada_id: area for area, kolada_id in areas.items()}
    years = list(range(now.year - YEARS_BACK, now.year + 1))
    try:
        kpis = {k.id: k for k in client.kpis([i.kpi_id for i in indicators])}
        points = client.data([i.kpi_id for i in indicators], list(areas.values()), years)
    except KoladaError as error:
        _record(source, attempted_at=now, last_error=str(error)[:300])
        raise
    by_kpi = {i.kpi_id: i for i in indicators}
    with transaction.atomic():
        for indicator in indicators:
            kpi = kpis.get(indicator.kpi_id)
            if kpi is not None and (
                kpi.title != indicator.title or kpi.is_divided_by_gender != indicator.is_divided_by_gender
            ):
                indicator.title = kpi.title[:300]
                indicator.description = kpi.description[:5000]
                indicator.is_divided_by_gender = kpi.is_divided_by_gender
                indicator.save(update_fields=["title", "description", "is_divided_by_gender"])
        stored = 0
        for point in points:
            indicator = by_kpi.get(point.kpi)
            area = area_of.get(point.area)
            if indicator is None or area is None:
                continue
            _store(indicator, area, point, now)
            stored += 1
        _record(source, attempted_at=now, fetched_at=now, last_error="")
    return stored


def _record(source: KoladaSource, **bookkeeping) -> None:
    """How the fetch went, stored beside the coordinator's settings without touching them: an update
    of these columns only, so that `lock_version` stays and an edit of the comparison areas opened
    before the fetch still saves (the values fetched are audited by themselves)."""
    for name, value in bookkeeping.items():
        setattr(source, name, value)
    KoladaSource.objects.filter(pk=source.pk).update(**bookkeeping)


def _store(indicator: Indicator, area: str, point: DataPoint, now: datetime.datetime) -> None:
    IndicatorValue.objects.update_or_create(
        indicator=indicator,
        area_id=point.area,
        period=point.period,
        gender=point.gender,
        defaults={
            "municipality_id": indicator.municipality_id,
            "kpi_id": point.kpi,
            "kpi_title": indicator.title,
            "area": area,
            "value": point.value,
            "status": point.status[:40],
            "count": max(point.count, 0),
            "fetched_at": now,
            "source_url": point.url[:1000],
        },
    )


@dataclass(frozen=True)
class CatalogueCounts:
    kpis: int
    groups: int


def fetch_catalogue(
    *,
    client: KoladaClient | None = None,
    now: datetime.datetime | None = None,
    progress: Callable[[int, str], None] | None = None,
) -> CatalogueCounts:
    """Kolada's whole KPI catalogue and its municipality groups (with their members), stored all or
    nothing: a failure, or an answer without a single KPI, raises KoladaError and keeps the
    catalogue as it was. KPIs and groups that Kolada no longer lists are removed."""
    client = client or KoladaClient()
    now = now or timezone.now()
    report = progress or (lambda percent, text: None)
    report(10, _("Hämtar nyckeltalen i Koladas katalog …"))
    kpis = {k.id: k for k in client.catalogue() if KPI_PATTERN.match(k.id) and k.title}
    if not kpis:
        raise KoladaError(_("Kolada svarade med en tom katalog."))
    report(50, _("Hämtar Koladas kommungrupper …"))
    groups = {g.id: g for g in client.municipality_groups() if g.id and g.title and len(g.id) <= 12}
    report(80, _("Sparar katalogen …"))
    with transaction.atomic():
        KoladaKpi.objects.exclude(pk__in=list(kpis)).delete()
        existing = set(KoladaKpi.objects.values_list("pk", flat=True))
        rows = [
            KoladaKpi(
                id=k.id,
                title=k.title[:500],
                description=k.description,
                operating_area=k.operating_area[:300],
                is_divided_by_gender=k.is_divided_by_gender,
                search_text=KoladaKpi.search_text_for(k.id, k.title),
                fetched_at=now,
            )
            for k in kpis.values()
        ]
        KoladaKpi.objects.bulk_create([r for r in rows if r.pk not in existing], batch_size=500)
        KoladaKpi.objects.bulk_update(
            [r for r in rows if r.pk in existing],
            ["title", "description", "operating_area", "is_divided_by_gender", "search_text", "fetched_at"],
            batch_size=500,
        )
        # Groups are few (a few hundred): replaced whole, members included.
        KoladaGroup.objects.all().delete()
        KoladaGroup.objects.bulk_create(
            [KoladaGroup(id=g.id, title=g.title[:300], fetched_at=now) for g in groups.values()],
            batch_size=500,
        )
        members = {
            (g.id, code): title
            for g in groups.values()
            for code, title in zip(g.members, g.member_titles, strict=False)
            if code and len(code) <= 12
        }
        KoladaGroupMember.objects.bulk_create(
            [
                KoladaGroupMember(group_id=gid, code=code, title=title[:200])
                for (gid, code), title in members.items()
            ],
            batch_size=1000,
        )
    return CatalogueCounts(kpis=len(kpis), groups=len(groups))


def catalogue_fetched_at() -> datetime.datetime | None:
    """When the stored catalogue was fetched; None when it never was."""
    return KoladaKpi.objects.aggregate(at=Max("fetched_at"))["at"]


def groups_for(municipality: Municipality) -> list[KoladaGroup]:
    """Kolada's municipality groups that have the municipality as a member, by name."""
    return list(KoladaGroup.objects.filter(members__code=municipality.code).order_by("title", "id"))
