"""The measure list's two queries, compiled once per shape (docs/decisions/0140, 0185).

`choices`: the filter form's option lists (units, target groups, goals), the target groups of the
municipality's measures and, for a coordinator, its programmes, in one query (a UNION ALL with the
kind of each row first). `page`: the page's rows with the number of all matching rows beside them
(a window COUNT), so the pager needs no COUNT query of its own."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from itertools import groupby
from operator import itemgetter

from django.db.models import AutoField, CharField, Count, F, Value, Window

from varn.core.prepared import PreparedQuery
from varn.organisations.models import Unit

from . import measure_table
from .models import Goal, Measure, Program, TargetGroup

UNIT, TARGET_GROUP, GOAL, MEASURE_GROUP, PROGRAM = range(5)
first = itemgetter(0)

# Each part's columns: kind, id, two labels, and four sort keys that give each part the order of
# its own query (its model's Meta.ordering): an integer, a text, an integer, a text.
_COLUMNS = ("row_kind", "row_id", "row_a", "row_b", "row_k1", "row_k2", "row_k3", "row_k4")


def _text(value: str = "") -> Value:
    return Value(value, output_field=CharField())


def _int(value: int = 0) -> Value:
    # An integer column that Django does not pass through int() row by row (it does for an
    # IntegerField expression; the database returns integers already): AutoField has no converter.
    return Value(value, output_field=AutoField())


def _part(qs, kind: int, ident, a, b, k1, k2, k3, k4):
    return (
        qs.order_by()
        .annotate(**dict(zip(_COLUMNS, (_int(kind), ident, a, b, k1, k2, k3, k4), strict=True)))
        .values_list(*_COLUMNS)
    )


def _choices(*, municipality_id: int, shape: bool):
    """`shape`: whether the programmes are read too (the coordinator's "Ny insats")."""
    # Units and target groups: id and name, by name (their Meta.ordering).
    units, groups = (
        _part(
            model.objects.filter(municipality_id=municipality_id),  # type: ignore[attr-defined]
            kind,
            F("pk"),
            F("name"),
            _text(),
            _int(),
            F("name"),
            _int(),
            _text(),
        )
        for model, kind in ((Unit, UNIT), (TargetGroup, TARGET_GROUP))
    )
    # As Goal's Meta.ordering: the programme's (newest period first, then title), position, code.
    goals = _part(
        Goal.objects.filter(municipality_id=municipality_id),
        GOAL,
        F("pk"),
        F("code"),
        F("title"),
        -F("program__period_start"),
        F("program__title"),
        F("position"),
        F("code"),
    )
    through = Measure.target_groups.through.objects  # type: ignore[attr-defined]
    measure_groups = _part(
        through.filter(targetgroup__municipality_id=municipality_id),
        MEASURE_GROUP,
        F("measure_id"),
        F("targetgroup__name"),
        _text(),
        F("measure_id"),
        F("targetgroup__name"),
        _int(),
        _text(),
    )
    parts = [groups, goals, measure_groups]
    if shape:
        parts.append(
            _part(
                Program.objects.filter(municipality_id=municipality_id),
                PROGRAM,
                F("pk"),
                F("status"),
                _text(),
                -F("period_start"),
                F("title"),
                F("period_start"),
                _text(),
            )
        )
    return units.union(*parts, all=True).order_by(*_COLUMNS[:1], *_COLUMNS[4:])


CHOICES = PreparedQuery(_choices, municipality_id=int)


def choices(municipality_id: int, *, with_programs: bool) -> dict[int, list[tuple]]:
    """Kind → its rows (kind, id, a, b, k1, k2, k3, k4) in order."""
    found: dict[int, list[tuple]] = {kind: [] for kind in range(5)}
    found.update(
        (kind, list(rows))
        for kind, rows in groupby(CHOICES.rows(shape=with_programs, municipality_id=municipality_id), first)
    )
    return found


# The form's filters that are ids: a value of the prepared query when given.
ID_FILTERS = ("unit", "target_group", "goal")


def _page(*, shape: tuple, **values):
    status, level, order = shape
    qs = Measure.objects.visible_within(values["municipality_id"], values.get("partner_id"))
    data = {
        "q": "",
        **{name: values.get(name) for name in ID_FILTERS},
        "status": status,
        "level": level,
        "overdue": "today" in values,
    }
    qs = filter_measures(qs, data, today=values.get("today"))
    return (
        qs.joined_within(values["municipality_id"], "goal", "responsible_unit")
        .annotate(total=Window(Count("pk")))
        .order_by(*order)
        .values_list(*measure_table.FIELDS, "total")
    )


# One prepared query per set of values the filters use (a stand-in must reach the SQL), each
# prepared once per shape: the status and level chosen (a few codes each) and the order.
_PAGES: dict[frozenset[str], PreparedQuery] = {}
_KINDS = {"municipality_id": int, "partner_id": int, "unit": int, "target_group": int, "goal": int}


def page(values: dict, *, shape: tuple, sliced: tuple[int, int]) -> list[tuple]:
    """The rows (measure_table.FIELDS, then the number of all matching rows) from `sliced[0]` to
    `sliced[1]`. `values`: the ids (and `today` for overdue) the shape uses, no others."""
    key = frozenset(values)
    prepared = _PAGES.get(key)
    if prepared is None:
        kinds = {name: _KINDS.get(name, datetime.date) for name in values}
        prepared = _PAGES.setdefault(key, PreparedQuery(_page, **kinds))
    return prepared.rows(shape=shape, sliced=sliced, **values)


def filter_measures(qs, data: Mapping, *, today: datetime.date | None = None):
    """`qs` narrowed by the filter form's cleaned values (ids for unit, target group and goal)."""
    if data["q"]:
        qs = qs.search(data["q"])
    if data["unit"]:
        qs = qs.filter(responsible_unit=data["unit"])
    if data["status"]:
        qs = qs.filter(status=data["status"])
    if data["level"]:
        qs = qs.filter(prevention_level=data["level"])
    if data["target_group"]:
        qs = qs.filter(target_groups=data["target_group"])
    if data["goal"]:
        qs = qs.filter(goal=data["goal"])
    if data["overdue"]:
        qs = qs.overdue(today)
    return qs
