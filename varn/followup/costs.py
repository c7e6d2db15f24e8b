"""Totals of time and money: per measure, unit, goal and year, split by funding.

One grouped query fetches the sums; the pivoting into totals is plain Python, so the cost pages,
the Excel export and the report all count the same way, and the number of queries does not grow
with the number of measures."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import QuerySet, Sum

from .models import CostBasis, Funding

ZERO = Decimal("0")
NBSP = "\u00a0"


def format_number(value: Decimal | float | int, decimals: int = 0) -> str:
    """Swedish style: space between thousands, comma for decimals."""
    quantum = Decimal(1).scaleb(-decimals)
    rounded = Decimal(value).quantize(quantum, rounding=ROUND_HALF_UP)
    text = f"{rounded:,.{decimals}f}"
    return text.replace(",", NBSP).replace(".", ",")


def format_sek(value: Decimal | float | int) -> str:
    return f"{format_number(value)}{NBSP}kr"


def format_hours(value: Decimal | float | int) -> str:
    value = Decimal(value)
    return format_number(value, 0 if value == value.to_integral_value() else 1)


@dataclass
class CostTotals:
    hours: Decimal = ZERO
    staff_sek: Decimal = ZERO
    other_sek: Decimal = ZERO
    estimate_sek: Decimal = ZERO
    by_funding: dict[str, Decimal] = field(default_factory=lambda: {f.value: ZERO for f in Funding})

    def add(self, *, hours: Decimal, amount: Decimal, funding: str, basis: str, rate: Decimal) -> None:
        staff = hours * rate
        self.hours += hours
        self.staff_sek += staff
        self.other_sek += amount
        self.by_funding[funding] = self.by_funding.get(funding, ZERO) + staff + amount
        if basis == CostBasis.ESTIMATE:
            self.estimate_sek += staff + amount

    @property
    def total_sek(self) -> Decimal:
        return self.staff_sek + self.other_sek

    @property
    def existing_budget_sek(self) -> Decimal:
        return self.by_funding.get(Funding.EXISTING_BUDGET, ZERO)

    @property
    def outside_budget_sek(self) -> Decimal:
        return self.total_sek - self.existing_budget_sek

    @property
    def is_within_existing_budget(self) -> bool:
        return self.outside_budget_sek == ZERO

    @property
    def existing_share(self) -> int | None:
        """Per cent of the money carried within existing budgets; None when there is no money."""
        if not self.total_sek:
            return None
        return int((self.existing_budget_sek * 100 / self.total_sek).quantize(Decimal(1), ROUND_HALF_UP))


@dataclass
class Group:
    key: object
    label: str
    sort: tuple
    short: str = ""
    totals: CostTotals = field(default_factory=CostTotals)


@dataclass
class CostSummary:
    rate: Decimal
    total: CostTotals = field(default_factory=CostTotals)
    by_measure: dict = field(default_factory=dict)
    by_unit: dict = field(default_factory=dict)
    by_goal: dict = field(default_factory=dict)
    by_year: dict = field(default_factory=dict)

    @property
    def is_empty(self) -> bool:
        return not self.by_measure

    @staticmethod
    def _sorted(groups: dict) -> list[Group]:
        return sorted(groups.values(), key=lambda g: g.sort)

    def measures(self) -> list[Group]:
        return self._sorted(self.by_measure)

    def units(self) -> list[Group]:
        return self._sorted(self.by_unit)

    def goals(self) -> list[Group]:
        return self._sorted(self.by_goal)

    def years(self) -> list[Group]:
        return self._sorted(self.by_year)


GROUP_FIELDS = [
    "measure_id",
    "measure__code",
    "measure__title",
    "measure__goal_id",
    "measure__goal__code",
    "measure__goal__title",
    "measure__goal__position",
    "unit_id",
    "unit__name",
    "unit__short_name",
    "year",
    "funding",
    "basis",
]


def summarise(entries: QuerySet, rate: Decimal) -> CostSummary:
    """Totals of the given cost entries, with staff hours valued at `rate` SEK per hour."""
    rows = entries.order_by().values(*GROUP_FIELDS).annotate(sum_hours=Sum("hours"), sum_amount=Sum("amount"))
    return summarise_rows(rows, rate)


def summarise_rows(rows: Iterable[dict], rate: Decimal) -> CostSummary:
    summary = CostSummary(rate=rate)
    for row in rows:
        values = {
            "hours": row["sum_hours"] or ZERO,
            "amount": row["sum_amount"] or ZERO,
            "funding": row["funding"],
            "basis": row["basis"],
            "rate": rate,
        }
        code = row["measure__code"] or ""
        groups = [
            (
                summary.by_measure,
                row["measure_id"],
                f"{code} {row['measure__title']}".strip(),
                (code, row["measure__title"]),
            ),
            (summary.by_unit, row["unit_id"], row["unit__name"], (row["unit__name"],)),
            (
                summary.by_goal,
                row["measure__goal_id"],
                f"{row['measure__goal__code'] or ''} {row['measure__goal__title']}".strip(),
                (row["measure__goal__position"], row["measure__goal__code"] or ""),
            ),
            (summary.by_year, row["year"], str(row["year"]), (row["year"],)),
        ]
        for target, key, label, sort in groups:
            group = target.get(key)
            if group is None:
                short = (row["unit__short_name"] or label) if target is summary.by_unit else label
                group = target[key] = Group(key=key, label=label, sort=sort, short=short)
            group.totals.add(**values)
        summary.total.add(**values)
    return summary
