"""Backing up and restoring a whole installation: every row of every table Django knows, for every
municipality, audit history included, with the same primary keys.

The file is gzip-compressed JSON Lines: a manifest (format, schema as applied migrations, row counts),
then for each table a header {"table", "model", "fields"} followed by its rows as JSON arrays. Rows
are written from the database values and inserted back raw (no save(), no signals, no auto_now), so a
restore is the same data, not a re-enactment of it.

A restore goes into an empty, migrated database of the same schema: `migrate` makes the content
types and permissions, and the restore replaces them with the backed-up ones, ids included, so every
reference to them holds. On PostgreSQL the sequences are reset afterwards."""

from __future__ import annotations

import base64
import datetime
import decimal
import gzip
import json
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from django.apps import apps
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management.color import no_style
from django.db import connections, models, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone
from django.utils.duration import duration_iso_string

from varn.core.pagecache import mark_all_changed

FORMAT = "varn-backup"
VERSION = 1
# Rows migrate makes by itself; a restore replaces them.
MADE_BY_MIGRATE: tuple[type[models.Model], ...] = (ContentType, Permission)


class BackupError(Exception):
    """A backup that cannot be restored here; the message says why, in Swedish."""


@dataclass
class Manifest:
    created_at: str
    vendor: str
    migrations: list[list[str]]
    tables: dict[str, int] = field(default_factory=dict)


def backed_up_models() -> list[type[models.Model]]:
    """Every concrete table Django manages, many-to-many tables included, in a stable order."""
    result = [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy and not model._meta.swapped
    ]
    return sorted(result, key=lambda m: m._meta.db_table)


def _fields(model: type[models.Model]) -> list[models.Field]:
    return [f for f in model._meta.concrete_fields if not getattr(f, "generated", False)]


def _encode(value: Any) -> Any:
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()  # full precision: DjangoJSONEncoder would drop microseconds
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, datetime.timedelta):
        return duration_iso_string(value)
    if isinstance(value, bytes | memoryview):
        return base64.b64encode(bytes(value)).decode("ascii")
    raise TypeError(f"Cannot back up a value of type {type(value).__name__}")


def _applied_migrations(using: str) -> list[list[str]]:
    recorder = MigrationRecorder(connections[using])
    return sorted([app, name] for app, name in recorder.applied_migrations())


def write_backup(stream: IO[bytes], *, using: str = "default") -> Manifest:
    """Write the whole database to `stream` (binary). Runs in one transaction for a consistent copy."""
    manifest = Manifest(
        created_at=timezone.now().isoformat(),
        vendor=connections[using].vendor,
        migrations=_applied_migrations(using),
    )
    with transaction.atomic(using=using), gzip.GzipFile(fileobj=stream, mode="wb") as out:
        counts = {m._meta.label: m._base_manager.using(using).count() for m in backed_up_models()}
        manifest.tables = counts
        line = json.dumps({"format": FORMAT, "version": VERSION, **manifest.__dict__}, ensure_ascii=False)
        out.write(line.encode() + b"\n")
        for model in backed_up_models():
            names = [f.attname for f in _fields(model)]
            header = {"table": model._meta.db_table, "model": model._meta.label, "fields": names}
            out.write(json.dumps(header).encode() + b"\n")
            rows = model._base_manager.using(using).order_by("pk").values_list(*names)
            for row in rows.iterator(chunk_size=2000):
                out.write(json.dumps(row, default=_encode, ensure_ascii=False).encode() + b"\n")
    return manifest


def _lines(path: Path) -> Iterator[Any]:
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        for line in lines:
            yield json.loads(line)


def read_manifest(path: Path) -> Manifest:
    try:
        first = next(_lines(path))
    except (OSError, EOFError, json.JSONDecodeError, StopIteration) as error:
        raise BackupError(f"{path} är ingen säkerhetskopia från Värn.") from error
    if not isinstance(first, dict) or first.get("format") != FORMAT:
        raise BackupError(f"{path} är ingen säkerhetskopia från Värn.")
    if first.get("version") != VERSION:
        raise BackupError(
            f"Säkerhetskopian har version {first.get('version')}; den här Värn läser {VERSION}."
        )
    return Manifest(
        created_at=first["created_at"],
        vendor=first["vendor"],
        migrations=first["migrations"],
        tables=first["tables"],
    )


def check_restorable(manifest: Manifest, *, using: str = "default") -> None:
    applied = _applied_migrations(using)
    if applied != manifest.migrations:
        missing = {tuple(m) for m in manifest.migrations} - {tuple(m) for m in applied}
        extra = {tuple(m) for m in applied} - {tuple(m) for m in manifest.migrations}
        detail = ""
        if missing:
            detail += " Saknas här: " + ", ".join(f"{a}.{n}" for a, n in sorted(missing)[:5]) + "."
        if extra:
            detail += " Finns bara här: " + ", ".join(f"{a}.{n}" for a, n in sorted(extra)[:5]) + "."
        raise BackupError(
            "Databasens schema är inte detsamma som säkerhetskopians. Återställ med samma version av "
            "Värn som tog kopian, på en databas där `manage.py migrate` har körts." + detail
        )
    for model in backed_up_models():
        if model in MADE_BY_MIGRATE:
            continue
        if model._base_manager.using(using).exists():
            raise BackupError(
                f"Databasen är inte tom (tabellen {model._meta.db_table} har rader). "
                "Återställ till en ny databas där bara `manage.py migrate` har körts."
            )


def _instances(model: type[models.Model], names: list[str], rows: list[list[Any]]) -> list[models.Model]:
    by_attname = {f.attname: f for f in _fields(model)}
    converters = [by_attname[name] for name in names]
    objs = []
    for row in rows:
        values: dict[str, Any] = {}
        for f, value in zip(converters, row, strict=True):
            # JSON fields hold the decoded structure already; everything else is parsed back.
            keep = value is None or isinstance(f, models.JSONField)
            values[f.attname] = value if keep else f.to_python(value)
        objs.append(model(**values))
    return objs


def restore_backup(path: Path, *, using: str = "default") -> Manifest:
    """Restore a backup into an empty migrated database (check_restorable says whether it is)."""
    manifest = read_manifest(path)
    check_restorable(manifest, using=using)
    connection = connections[using]
    labels = {m._meta.label: m for m in backed_up_models()}
    counts: dict[str, int] = {}
    current: type[models.Model] | None = None
    names: list[str] = []
    batch: list[list[Any]] = []

    def flush() -> None:
        if current is None or not batch:
            return
        fields = [f for f in _fields(current) if f.attname in names]
        objs = _instances(current, names, batch)
        size = max(1, connection.ops.bulk_batch_size(fields, objs) or len(objs))
        for start in range(0, len(objs), size):
            # Raw insert, as loaddata does: values exactly as stored, no auto_now, no signals.
            queryset: Any = current._base_manager.using(using)
            queryset._insert(objs[start : start + size], fields=fields, raw=True)
        counts[current._meta.label] = counts.get(current._meta.label, 0) + len(objs)
        batch.clear()

    with transaction.atomic(using=using):
        for made in MADE_BY_MIGRATE:
            made._base_manager.using(using).all().delete()

        lines = _lines(path)
        next(lines)  # the manifest
        for item in lines:
            if isinstance(item, dict):
                flush()
                if item["model"] not in labels:
                    raise BackupError(
                        f"Säkerhetskopian har tabellen {item['table']}, som den här Värn saknar."
                    )
                current, names = labels[item["model"]], item["fields"]
                continue
            batch.append(item)
            if len(batch) >= 2000:
                flush()
        flush()
        connection.check_constraints(table_names=[m._meta.db_table for m in labels.values()])
        sql = connection.ops.sequence_reset_sql(no_style(), list(labels.values()))
        if sql:
            with connection.cursor() as cursor:
                for statement in sql:
                    cursor.execute(statement)
        wrong = {
            label: (n, counts.get(label, 0))
            for label, n in manifest.tables.items()
            if counts.get(label, 0) != n
        }
        if wrong:
            raise BackupError(f"Säkerhetskopian är ofullständig: {wrong}")
    ContentType.objects.clear_cache()
    mark_all_changed(using)  # the rows came back by SQL, without signals: no page from before is used
    return manifest
