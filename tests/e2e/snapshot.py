"""A copy of the test database's rows, taken once after the demo is loaded and put back before each
browser test. Loading the demo takes seconds (it reads a protocol, applies amendments, builds a
report); putting the rows back takes a fraction of one, and every test still starts from the same
demo, whatever the test before it changed.

SQLite: the whole database through SQLite's backup API (into an in-memory copy, and back).
PostgreSQL: every table of Django's models through COPY in binary form (the migrations table is
left alone: it does not change between tests), then the sequences set past the highest id."""

from __future__ import annotations

import sqlite3
from typing import Any

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.management.color import no_style
from django.db import connection, transaction


class Snapshot:
    def __init__(self) -> None:
        connection.ensure_connection()
        self.vendor = connection.vendor
        self.copy: Any = None
        if self.vendor == "sqlite":
            self.copy = sqlite3.connect(":memory:")
            connection.connection.backup(self.copy)
        elif self.vendor == "postgresql":
            self.copy = {table: _copy_out(table) for table in _tables()}
        else:
            raise RuntimeError(f"Browser-test snapshots support SQLite and PostgreSQL, not {self.vendor}.")

    def restore(self) -> None:
        connection.ensure_connection()
        if self.vendor == "sqlite":
            self.copy.backup(connection.connection)
        else:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute("TRUNCATE " + ", ".join(connection.ops.quote_name(t) for t in self.copy))
                for table, data in self.copy.items():
                    _copy_in(cursor, table, data)
                models = apps.get_models(include_auto_created=True)
                for sql in connection.ops.sequence_reset_sql(no_style(), models):
                    cursor.execute(sql)
        # The flush after the previous test made content types anew, with other ids; forget them.
        ContentType.objects.clear_cache()

    def close(self) -> None:
        if self.vendor == "sqlite":
            self.copy.close()


def _tables() -> list[str]:
    return sorted(connection.introspection.django_table_names(only_existing=True, include_views=False))


def _copy_out(table: str) -> bytes:
    with connection.cursor() as cursor:
        raw = cursor.cursor  # psycopg's own cursor, for COPY
        with raw.copy(f"COPY {connection.ops.quote_name(table)} TO STDOUT (FORMAT BINARY)") as copy:
            return b"".join(bytes(block) for block in copy)


def _copy_in(cursor, table: str, data: bytes) -> None:
    with cursor.cursor.copy(f"COPY {connection.ops.quote_name(table)} FROM STDIN (FORMAT BINARY)") as copy:
        copy.write(data)
