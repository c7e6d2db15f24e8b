"""Training coverage computed from plain figures, without the database.

Coverage is participants / target population. How figures are put together (see
docs/decisions/0020-training-coverage.md):

- Within one organisation and target group the population is the same people whichever course or
  year the figure is for, so populations are never added up there: the largest one recorded is used.
  Participants are added up (a person is expected to take a level's training once) and are capped at
  the population; a capped cell is flagged, so the reader knows people may have been counted twice.
- Across organisations or target groups, both participants and populations are added up.
- A figure that was never recorded is missing (None), never zero: an organisation with no figures
  has no coverage, a year with no figures has no participants, and a year that has not begun has no
  cumulative coverage. Participants whose population is unknown are counted as participants but
  left out of the share, and the cell is flagged as partial.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import NamedTuple

from django.utils.translation import gettext as _

UNIT = "unit"
UNION = "union"
PARTNER = "partner"


class Figure(NamedTuple):
    """One training effort reduced to what coverage needs (a tuple: a page reads hundreds)."""

    org: str  # "unit:3", "partner:7"
    group: str  # UNIT, UNION or PARTNER
    target_group: str
    level: str
    year: int
    participants: int
    population: int | None


@dataclass
class Cell:
    """Participants and population of a set of figures. None means missing."""

    participants: int | None = None
    population: int | None = None
    trained: int = 0  # participants counted against a known population, capped at it
    is_capped: bool = False
    is_partial: bool = False

    @property
    def share(self) -> float | None:
        if not self.population:
            return None
        return self.trained / self.population

    @property
    def percent(self) -> float | None:
        share = self.share
        return None if share is None else round(share * 100, 1)

    @property
    def is_missing(self) -> bool:
        return self.participants is None


def combine(figures: Iterable[Figure]) -> Cell:
    # Written without a call per figure: a coverage page combines a few hundred cells.
    pairs: dict[tuple[str, str], list] = {}  # (organisation, target group) -> [participants, population]
    for f in figures:
        key = (f.org, f.target_group)
        if key in pairs:
            pair = pairs[key]
            pair[0] += f.participants
            if f.population is not None and (pair[1] is None or f.population > pair[1]):
                pair[1] = f.population
        else:
            pairs[key] = [f.participants, f.population]
    if not pairs:
        return Cell()
    participants = population = trained = 0
    is_capped = is_partial = False
    for count, size in pairs.values():
        participants += count
        if size is None:
            is_partial = True
            continue
        population += size
        if count > size:
            trained += size
            is_capped = True
        else:
            trained += count
    return Cell(
        participants=participants,
        population=population or None,
        trained=trained,
        is_capped=is_capped,
        # Without any population there is nothing to be partial about: the share is simply missing.
        is_partial=is_partial and bool(population),
    )


@dataclass
class Row:
    key: str
    label: str
    kind: str  # "unit", "units_total", "unions", "partners", "union", "target_group", "all"
    years: list[Cell]  # participants in each year of the period
    period: Cell  # the whole period
    target: float | None = None  # percent

    @property
    def meets_target(self) -> bool | None:
        if self.target is None or self.period.percent is None:
            return None
        return self.period.percent >= self.target


@dataclass
class LevelRow:
    level: str
    label: str
    units: Cell
    unions: Cell
    target: float | None


@dataclass
class TimePoint:
    year: int
    units: Cell  # cumulative up to the end of the year
    unions: Cell
    is_future: bool


@dataclass
class CoverageReport:
    level: str
    level_label: str
    years: list[int]
    target: float | None
    target_label: str
    by_organisation: list[Row] = field(default_factory=list)
    by_target_group: list[Row] = field(default_factory=list)
    by_level: list[LevelRow] = field(default_factory=list)
    over_time: list[TimePoint] = field(default_factory=list)
    unions: list[Row] = field(default_factory=list)

    def union_row(self, key: str) -> Row | None:
        return next((r for r in self.unions if r.key == key), None)


def _row(
    key: str, label: str, kind: str, figures: list[Figure], years: list[int], target: float | None
) -> Row:
    return Row(
        key=key,
        label=label,
        kind=kind,
        years=[combine([f for f in figures if f.year == y]) for y in years],
        period=combine(figures),
        target=target,
    )


def build_report(
    figures: list[Figure],
    *,
    level: str,
    levels: list[tuple[str, str]],
    years: list[int],
    units: list[tuple[str, str]],
    unions: list[tuple[str, str]],
    partners: list[tuple[str, str]],
    target_groups: list[str],
    targets: dict[tuple[str, str | None], float],
    current_year: int,
    labels: dict[str, str] | None = None,
) -> CoverageReport:
    """Every table of the coverage view for one course level (the per-level table covers all).

    `units`, `unions` and `partners` are (key, label) in display order; every unit gets a row
    even when it has no figures (shown as missing). `targets` maps (level, target group or None)
    to a percentage."""
    labels = {
        "units_total": _("Kommunens förvaltningar totalt"),
        "unions": _("Fackliga parter"),
        "partners": _("Övriga samverkansparter"),
        "all": _("Alla målgrupper"),
        **(labels or {}),
    }
    level_label = dict(levels).get(level, level)
    general = targets.get((level, None))
    in_period = [f for f in figures if years and years[0] <= f.year <= years[-1]]
    at_level = [f for f in in_period if f.level == level]
    report = CoverageReport(
        level=level,
        level_label=level_label,
        years=years,
        target=general,
        target_label=_("Mål %(share)s %%") % {"share": f"{general:g}"} if general is not None else "",
    )

    by_org: dict[str, list[Figure]] = defaultdict(list)
    for f in at_level:
        by_org[f.org].append(f)
    for key, label in units:
        report.by_organisation.append(_row(key, label, "unit", by_org.get(key, []), years, general))
    unit_figures = [f for f in at_level if f.group == UNIT]
    union_figures = [f for f in at_level if f.group == UNION]
    partner_figures = [f for f in at_level if f.group == PARTNER]
    report.by_organisation.append(
        _row("units_total", labels["units_total"], "units_total", unit_figures, years, general)
    )
    report.by_organisation.append(_row("unions", labels["unions"], "unions", union_figures, years, general))
    if partner_figures:
        report.by_organisation.append(
            _row("partners", labels["partners"], "partners", partner_figures, years, general)
        )
    for key, label in unions:
        report.unions.append(_row(key, label, "union", by_org.get(key, []), years, general))

    by_group: dict[str, list[Figure]] = defaultdict(list)
    for f in at_level:
        by_group[f.target_group].append(f)
    for name in target_groups:
        target = targets.get((level, name), general)
        report.by_target_group.append(_row(name, name, "target_group", by_group.get(name, []), years, target))
    report.by_target_group.append(_row("all", labels["all"], "all", at_level, years, general))

    for code, label in levels:
        report.by_level.append(
            LevelRow(
                level=code,
                label=label,
                units=combine([f for f in in_period if f.level == code and f.group == UNIT]),
                unions=combine([f for f in in_period if f.level == code and f.group == UNION]),
                target=targets.get((code, None)),
            )
        )

    for year in years:
        future = year > current_year
        upto = [f for f in at_level if f.year <= year]
        report.over_time.append(
            TimePoint(
                year=year,
                units=Cell() if future else combine([f for f in upto if f.group == UNIT]),
                unions=Cell() if future else combine([f for f in upto if f.group == UNION]),
                is_future=future,
            )
        )
    return report


def format_count(value: int | None, *, missing: str | None = None) -> str:
    """1 234 (a no-break space between thousands), or "saknas" (`missing`, when the caller has
    translated it once for a whole table)."""
    if value is None:
        return _("saknas") if missing is None else missing
    return f"{value:,}".replace(",", "\u00a0")


def format_percent(cell: Cell, *, missing: str | None = None) -> str:
    percent = cell.percent
    if percent is None:
        return _("saknas") if missing is None else missing
    return percent_text(cell, percent, "")


def percent_text(cell: Cell, percent: float | None, missing: str) -> str:
    """`format_percent(cell)` from the cell's percent, computed already."""
    if percent is None:
        return missing
    text = f"{percent:.0f} %"
    if cell.is_capped:
        text += "*"
    if cell.is_partial:
        text += "†"
    return text
