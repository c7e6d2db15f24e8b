"""Trend and comparison of a key figure, as pure functions over plain values.

`summarise` takes one indicator's stored values (area, period, gender, value) and gives the latest
year the municipality has a value for, that value, the change from the year before, and what the
county, the similar municipalities and the whole country had that year. Nothing here touches the
database (only the word for a missing value is translated); the dashboard panel, the
indicator page and the report all show what it returns."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Protocol

from django.utils import formats
from django.utils.translation import gettext as _

AREAS = ("municipality", "county", "group", "country")


class ValueLike(Protocol):
    area: str
    period: int
    gender: str
    value: float | None


@dataclass
class Summary:
    year: int | None = None
    value: float | None = None
    previous_year: int | None = None
    previous: float | None = None
    comparisons: dict[str, float | None] = field(default_factory=dict)  # area -> value in `year`
    series: list[tuple[int, float | None]] = field(default_factory=list)  # the municipality's years
    women: float | None = None
    men: float | None = None

    @property
    def change(self) -> float | None:
        if self.value is None or self.previous is None:
            return None
        return self.value - self.previous

    @property
    def trend(self) -> str:
        """ "up", "down", "same" or "" (no earlier year to compare with)."""
        change = self.change
        if change is None:
            return ""
        if abs(change) < 1e-9:
            return "same"
        return "up" if change > 0 else "down"


def summarise(values: Iterable[ValueLike]) -> Summary:
    by_area: dict[tuple[str, str], dict[int, float | None]] = {}
    for v in values:
        by_area.setdefault((v.area, v.gender), {})[v.period] = v.value
    own = by_area.get(("municipality", "T"), {})
    summary = Summary(series=sorted(own.items()))
    known = sorted(year for year, value in own.items() if value is not None)
    if not known:
        return summary
    summary.year, summary.value = known[-1], own[known[-1]]
    if len(known) > 1:
        summary.previous_year, summary.previous = known[-2], own[known[-2]]
    for area in AREAS[1:]:
        summary.comparisons[area] = by_area.get((area, "T"), {}).get(summary.year)
    summary.women = by_area.get(("municipality", "K"), {}).get(summary.year)
    summary.men = by_area.get(("municipality", "M"), {}).get(summary.year)
    return summary


def format_value(value: float | None) -> str:
    """A value the Swedish way (decimal comma, at most one decimal), or "saknas"."""
    if value is None:
        return _("saknas")
    decimals = 1 if abs(value - round(value)) > 1e-9 else 0
    # The active language's separators: "1 234,5" in Swedish, "1,234.5" in English.
    return formats.number_format(round(value, decimals), decimals, use_l10n=True, force_grouping=True)
