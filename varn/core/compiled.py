"""A query that every request runs, compiled to SQL once per database connection (issue 16).

The ORM turns a queryset into SQL anew each time it runs it: for a small query by primary key that
is most of its cost, several times the work of running it. The frame of every page inside a
municipality runs the same query with other values (the person and their membership there), so
`CompiledQuery` builds that queryset once per connection with marker values, keeps its SQL, its
parameters and the ORM's own recipe for the model instances (converters and select_related
populators), and then only runs the SQL with the request's values. What it returns is what the
queryset's `.first()` would: the same instances, fields and related objects."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import connections
from django.db.models import Model, QuerySet
from django.db.models.query import get_related_populators


@dataclass(frozen=True)
class _Compiled:
    sql: str
    params: tuple[Any, ...]
    positions: dict[str, int]
    compiler: Any
    converters: dict
    init_list: list[str]
    start: int
    end: int
    from_db: Callable[..., Model]
    populators: list


class CompiledQuery[M: Model]:
    """`build(**markers)` is the queryset, given one value of each keyword argument; the markers
    are values that the parameters of its SQL hold nowhere else, of the type the real values have
    (an int for an id, a str for a slug). `first(**values)` runs it with the real values."""

    def __init__(self, build: Callable[..., QuerySet[M]], **markers: int | str) -> None:
        self.build = build
        self.markers = markers

    def first(self, using: str = "default", **values: int | str) -> M | None:
        if values.keys() != self.markers.keys() or any(
            type(values[name]) is not type(marker) for name, marker in self.markers.items()
        ):
            raise TypeError(f"Expected values of the types of {self.markers!r}, got {values!r}")
        connection = connections[using]
        # Kept on the connection: its converters belong to the connection's backend, a connection
        # lives in one thread, and what is kept goes with it.
        kept = connection.__dict__.setdefault("varn_compiled_queries", {})
        try:
            compiled = kept[self]
        except KeyError:
            compiled = kept[self] = self._compile(using)
        if compiled is None:  # the markers could not be found in the SQL's parameters
            return self.build(**values).using(using).first()
        params = list(compiled.params)
        for name, position in compiled.positions.items():
            params[position] = values[name]
        with connection.cursor() as cursor:
            cursor.execute(compiled.sql, params)
            row = cursor.fetchone()
        if row is None:
            return None
        if compiled.converters:
            row = next(compiled.compiler.apply_converters([row], compiled.converters))
        obj = compiled.from_db(using, compiled.init_list, row[compiled.start : compiled.end])
        for populator in compiled.populators:
            populator.populate(row, obj)
        return obj

    def _compile(self, using: str) -> _Compiled | None:
        from django.db.models.query import _get_from_db  # type: ignore[attr-defined]

        queryset = self.build(**self.markers).using(using)[:1]
        compiler = queryset.query.get_compiler(using=using)
        sql, params = compiler.as_sql()
        positions = {}
        for name, marker in self.markers.items():
            found = [i for i, value in enumerate(params) if type(value) is type(marker) and value == marker]
            if len(found) != 1:
                return None
            positions[name] = found[0]
        fetch_mode = queryset._fetch_mode  # type: ignore[attr-defined]
        if fetch_mode.track_peers or compiler.annotation_col_map or queryset._known_related_objects:  # type: ignore[attr-defined]
            return None  # the populators would keep state between requests
        klass_info, select = compiler.klass_info, compiler.select
        start, end = klass_info["select_fields"][0], klass_info["select_fields"][-1] + 1
        return _Compiled(
            sql=sql,
            params=tuple(params),
            positions=positions,
            compiler=compiler,
            converters=compiler.get_converters([column[0] for column in select[: compiler.col_count]]),
            init_list=[column[0].target.attname for column in select[start:end]],
            start=start,
            end=end,
            from_db=_get_from_db(klass_info["model"], fetch_mode),
            populators=get_related_populators(klass_info, select, using, fetch_mode),
        )
