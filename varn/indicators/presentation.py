"""The chosen key figures with their summaries, in a fixed number of queries (used by the page,
the dashboard panel and the report)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import DEFAULT_DB_ALIAS

from varn.core.prepared import PreparedQuery
from varn.organisations.models import Municipality

from .figures import Summary, summarise
from .models import Indicator, IndicatorValue


@dataclass
class Figure:
    indicator: Indicator
    summary: Summary
    source_url: str
    status: str


_INDICATOR_FIELDS = [f.attname for f in Indicator._meta.concrete_fields]


def _indicators(municipality_id: int, shape: bool):
    indicators = Indicator.objects.filter(municipality_id=municipality_id)
    if not shape:  # shape: inactive ones included
        indicators = indicators.active()
    return indicators.values_list(*_INDICATOR_FIELDS)


# The start page asks on every view, and most municipalities have chosen none (issue 16).
_INDICATORS = PreparedQuery(_indicators, municipality_id=int)


def figures_for(municipality: Municipality, *, include_inactive: bool = False) -> list[Figure]:
    """Every chosen indicator with its summary: two queries, whatever the number of values."""
    chosen = [
        Indicator.from_db(DEFAULT_DB_ALIAS, _INDICATOR_FIELDS, row)
        for row in _INDICATORS.rows(shape=include_inactive, municipality_id=municipality.pk)
    ]
    values: dict[int, list[IndicatorValue]] = {i.pk: [] for i in chosen}
    if chosen:
        rows = (
            IndicatorValue.objects.for_municipality(municipality)
            .filter(indicator__in=chosen)
            .only("indicator_id", "area", "period", "gender", "value", "status", "source_url")
        )
        for row in rows:
            values[row.indicator_id].append(row)
    figures = []
    for indicator in chosen:
        own = values[indicator.pk]
        summary = summarise(own)
        latest = next(
            (
                v
                for v in own
                if v.area == IndicatorValue.Area.MUNICIPALITY and v.period == summary.year and v.gender == "T"
            ),
            None,
        )
        figures.append(
            Figure(
                indicator=indicator,
                summary=summary,
                source_url=latest.source_url if latest else "",
                status=latest.status if latest else "",
            )
        )
    return figures
