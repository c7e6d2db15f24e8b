"""QuerySets compiled to SQL once per process, then run with each request's values (issue 16).

Building a QuerySet and compiling it (filters resolved into joins, expressions into SQL) costs
Django about a thousand Python calls, however small the query, and a page that runs the same
dozen queries on every request spends most of its time there, not in the database. A
`PreparedQuery` builds its QuerySet once per database alias and shape with stand-in values, keeps
the SQL and where each stand-in went among the parameters, and from then on only executes that SQL
with the request's values and converts the rows as Django would (dates, datetimes, decimals). The
rows always come from the database: only the text of the query is kept (docs/decisions/0140).

Only `values_list()` QuerySets (rows as tuples), and parameters that are integers or dates: an
integer is passed to the database as it is, a date as the backend adapts it. A stand-in that
Django did not pass as a parameter of its own is refused when the query is first prepared.
"""

from __future__ import annotations

import datetime
import threading
import weakref
from collections.abc import Callable, Hashable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import F, Func, QuerySet, Subquery

# Stand-ins no real row or request uses: negative ids, and dates in the first century.
_INT_BASE = -7_315_000_000
_KINDS = (int, datetime.date)


@dataclass(frozen=True)
class _Compiled:
    sql: str
    params: tuple[Any, ...]
    # Per parameter position: the name of the value that goes there, or None (a constant).
    slots: tuple[str | None, ...]
    # Per name: whether the backend received the date as text (SQLite) rather than a date.
    as_text: dict[str, bool]
    compiler: Any
    # Per connection (one a thread): the converters of the columns, looked up once.
    converters: weakref.WeakKeyDictionary = field(default_factory=weakref.WeakKeyDictionary)


def _stand_in(kind: type, index: int) -> Any:
    if kind is int:
        return _INT_BASE - index
    return datetime.date(11 + index, 1, 1)


class PreparedQuery:
    """`build(**values)` returns a `values_list()` QuerySet; `kinds` names each value's type.

    `rows(shape=..., **values)` runs it; `shape` is handed to `build` too, for queries whose form
    differs (a partner's extra join): each shape is prepared once."""

    def __init__(self, build: Callable[..., QuerySet], **kinds: type):
        for name, kind in kinds.items():
            if kind not in _KINDS:
                raise TypeError(f"{name}: only int and date values can be prepared, not {kind}")
        self.build = build
        self.kinds = kinds
        self._compiled: dict[tuple[str, Hashable], _Compiled] = {}
        self._lock = threading.Lock()

    def _compile(self, alias: str, shape: Hashable) -> _Compiled:
        stand_ins = {name: _stand_in(kind, i) for i, (name, kind) in enumerate(self.kinds.items())}
        kwargs = dict(stand_ins)
        if shape is not None:
            kwargs["shape"] = shape
        queryset = self.build(**kwargs)
        if not isinstance(queryset, QuerySet) or queryset._fields is None:  # type: ignore[attr-defined]
            raise TypeError("a prepared query must be a values_list() QuerySet")
        compiler = queryset.query.get_compiler(using=alias)
        sql, params = compiler.as_sql()
        slots: list[str | None] = []
        as_text: dict[str, bool] = {}
        for param in params:
            slot = None
            for name, stand_in in stand_ins.items():
                if isinstance(stand_in, datetime.date) and param == stand_in.isoformat():
                    slot, as_text[name] = name, True
                elif type(param) is type(stand_in) and param == stand_in:
                    slot, as_text[name] = name, False
            slots.append(slot)
        missing = set(stand_ins) - {s for s in slots if s}
        if missing:
            raise ValueError(f"not passed to the database as parameters of their own: {sorted(missing)}")
        return _Compiled(sql, tuple(params), tuple(slots), as_text, compiler)

    def rows(
        self,
        *,
        shape: Hashable = None,
        using: str = DEFAULT_DB_ALIAS,
        sliced: tuple[int, int] | None = None,
        **values: Any,
    ) -> list[tuple]:
        return list(self.iterate(shape=shape, using=using, sliced=sliced, **values))

    def iterate(
        self,
        *,
        shape: Hashable = None,
        using: str = DEFAULT_DB_ALIAS,
        sliced: tuple[int, int] | None = None,
        **values: Any,
    ) -> Iterator[tuple]:
        """The rows, each converted only when it is reached (for a caller that may stop early).
        `sliced=(low, high)` reads only rows low to high, as `queryset[low:high]` would: the
        backend's LIMIT and OFFSET added to the kept SQL, so one shape serves every page."""
        if values.keys() != self.kinds.keys():
            raise TypeError(f"expected the values {sorted(self.kinds)}, got {sorted(values)}")
        key = (using, shape)
        compiled = self._compiled.get(key)
        if compiled is None:
            with self._lock:
                compiled = self._compiled.get(key) or self._compile(using, shape)
                self._compiled[key] = compiled
        for name, value in values.items():
            if not isinstance(value, self.kinds[name]) or isinstance(value, bool):
                raise TypeError(f"{name} must be {self.kinds[name].__name__}, not {value!r}")
        bound = {
            name: value.isoformat() if compiled.as_text.get(name) else value for name, value in values.items()
        }
        params = [
            param if slot is None else bound[slot]
            for param, slot in zip(compiled.params, compiled.slots, strict=True)
        ]
        connection = connections[using]
        sql = compiled.sql
        if sliced is not None:
            sql = f"{sql} {connection.ops.limit_offset_sql(*sliced)}"
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            fetched = cursor.fetchall()
        converters = compiled.converters.get(connection)
        if converters is None:
            converters = compiled.converters[connection] = _converters(compiled.compiler, connection)
        if not converters:  # the rows as they are, without a generator step per row
            return map(tuple, fetched)
        return _converted(converters, connection, fetched)


def _converters(compiler, connection) -> list[tuple[int, list, Any]]:
    """The converters of each column, as compiler.results_iter finds them, for this thread's
    connection rather than the one the query was prepared on."""
    converters = []
    for position, (expression, *_rest) in enumerate(compiler.select[: compiler.col_count]):
        found = [*connection.ops.get_db_converters(expression), *expression.get_db_converters(connection)]
        if found:
            converters.append((position, found, expression))
    return converters


def _converted(converters: list, connection, fetched: list) -> Iterator[tuple]:
    """The rows as Django's own iteration gives them (compiler.results_iter)."""
    if not converters:
        yield from map(tuple, fetched)
        return
    for raw in fetched:
        row = list(raw)
        for position, found, expression in converters:
            value = row[position]
            for convert in found:
                value = convert(value, expression, connection)
            row[position] = value
        yield tuple(row)


def count_of(queryset: QuerySet) -> Subquery:
    """The number of rows of `queryset`, as a scalar subquery (a column of another query)."""
    return Subquery(queryset.order_by().values(n=Func(F("pk"), function="COUNT")))


def sum_of(queryset: QuerySet, field: str) -> Subquery:
    """The sum of `field` over `queryset` (None when it has no rows), as a scalar subquery."""
    return Subquery(queryset.order_by().values(total=Func(F(field), function="SUM")))


def one_row(municipality_id: int, *columns: Any) -> QuerySet:
    """One row of scalar subqueries (`count_of`, `sum_of`): several figures of a panel in one query."""
    from varn.organisations.models import Municipality

    return Municipality.objects.filter(pk=municipality_id).values_list(*columns)
