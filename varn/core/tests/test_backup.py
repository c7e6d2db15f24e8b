"""Backup and restore round-trip a whole installation: every row of every table, on SQLite and on
PostgreSQL (the suite runs on both)."""

from __future__ import annotations

import gzip
import json
import shutil
import sqlite3
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from axes.models import AccessAttempt, AccessAttemptExpiration, AccessFailureLog
from django.conf import settings
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_tasks_db.models import DBTaskResult

from varn.accounts.claims import Grant
from varn.accounts.models import SsoIdentity
from varn.accounts.services import sync_memberships
from varn.core.backup import backed_up_models
from varn.core.backup_key import decrypt, encrypt, new_key
from varn.core.models import Job
from varn.factories import MeasureFactory, UserFactory
from varn.organisations.models import Municipality
from varn.programs.models import Measure

ROOT = Path(settings.BASE_DIR)
# Tables the round trip must have rows in (the other apps' tables are compared too, empty or not).
KEY_TABLES = {
    "organisations_municipality",
    "organisations_historicalmembership",
    "programs_measure",
    "programs_measure_partners",
    "programs_historicalmeasure",
    "programs_block",
    "auth_user",
    "auth_user_groups",
    "auth_user_user_permissions",
    "auth_group_permissions",
    "django_content_type",
    "django_session",
    "django_admin_log",
    "axes_accessattempt",
    "axes_accessattemptexpiration",
    "axes_accessfailurelog",
    "otp_totp_totpdevice",
    "django_tasks_database_dbtaskresult",
    "core_job",
    "accounts_ssoidentity",
    "accounts_ssonotice",
}


def without_stamps(cursor) -> list:
    """The rows, sorted, without `data_stamp`: a restore gives every municipality a new one, so that
    no page cached before it is used (varn/core/pagecache.py); it is not data."""
    names = [d[0] for d in cursor.description]
    keep = [i for i, name in enumerate(names) if name != "data_stamp"]
    return sorted((tuple(row[i] for i in keep) for row in cursor.fetchall()), key=repr)


def snapshot() -> dict[str, list]:
    """Every row of every table (but the migration log), in a stable order."""
    tables = sorted(
        t
        for t in connection.introspection.table_names()
        if t != "django_migrations" and not t.startswith("sqlite_")
    )
    data = {}
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            data[table] = without_stamps(cursor)
    return data


def fill_installation() -> None:
    """The demo (two municipalities) and a row in the tables the demo leaves empty."""
    call_command("load_demo", verbosity=0)
    samordnare = Municipality.objects.get(slug="alingsas").memberships.get(role="coordinator").user
    measure = Measure.objects.filter(municipality__slug="alingsas").order_by("pk")[0]
    measure.record_update(
        by=samordnare, status="done", narrative="Klart, 12 deltagare.", date=timezone.localdate()
    )
    MeasureFactory(
        program=measure.program, municipality=measure.municipality, goal=measure.goal, title="Åäö – “citat”"
    )
    group = Group.objects.create(name="Driften")
    group.permissions.set(Permission.objects.filter(codename__startswith="view_")[:5])
    samordnare.groups.add(group)
    samordnare.user_permissions.add(Permission.objects.get(codename="change_measure"))
    TOTPDevice.objects.create(user=samordnare, name="App", confirmed=True)
    LogEntry.objects.log_actions(
        user_id=samordnare.pk,
        queryset=[measure],
        action_flag=CHANGE,
        change_message="ändrat",
        single_object=True,
    )
    Job.objects.create(
        municipality=measure.municipality,
        kind="report",
        title="Rapport",
        result={"rader": [1, 2.5, None, "ä"]},
    )
    DBTaskResult.objects.create(
        id=uuid.uuid4(),
        args_kwargs={"args": [1], "kwargs": {}},
        task_path="varn.x",
        backend_name="default",
        run_after=timezone.now(),
    )
    sync_memberships(UserFactory(username="sso-person"), [Grant("alingsas", "viewer")])
    sync_memberships(samordnare, [Grant("alingsas", "viewer")])  # an SsoNotice
    client = Client()
    client.post(reverse("core:login"), {"username": "politiker", "password": "demo"})  # a session
    Client().post(reverse("core:login"), {"username": "facket", "password": "fel"})  # a failed attempt
    attempt = AccessAttempt.objects.get()
    AccessAttemptExpiration.objects.create(access_attempt=attempt, expires_at=timezone.now())
    AccessFailureLog.objects.create(
        username="facket", ip_address="127.0.0.1", user_agent="test", path_info="/"
    )
    SsoIdentity.objects.create(user=samordnare, issuer="https://idp.example.se", subject="abc-123")


KEY = new_key()


@pytest.fixture(autouse=True)
def backup_key(monkeypatch):
    monkeypatch.setenv("VARN_BACKUP_KEY", KEY)


def test_the_backup_file_is_encrypted_and_restore_refuses_another_key(db, tmp_path, monkeypatch):
    UserFactory(username="hemlig")
    path = tmp_path / "varn.json.gz.enc"
    call_command("backup", str(path), verbosity=0)
    data = path.read_bytes()
    assert b"hemlig" not in data and not data.startswith(b"\x1f\x8b")  # neither plain nor gzip
    assert b"hemlig" in gzip.decompress(decrypt(data, KEY))
    with pytest.raises(CommandError, match="kan inte dekrypteras med den här nyckeln"):
        call_command("restore", str(path), key=new_key(), verbosity=0)
    monkeypatch.delenv("VARN_BACKUP_KEY")
    with pytest.raises(CommandError, match="Ange nyckeln"):
        call_command("backup", str(tmp_path / "utan-nyckel"), verbosity=0)
    assert not (tmp_path / "utan-nyckel").exists()


def test_every_table_django_knows_is_backed_up():
    tables = {m._meta.db_table for m in backed_up_models()}
    assert {"programs_measure", "programs_historicalmeasure", "programs_measure_partners"} <= tables
    assert {"django_content_type", "auth_permission", "django_session", "axes_accessattempt"} <= tables
    assert {"django_tasks_database_dbtaskresult", "otp_totp_totpdevice", "accounts_ssonotice"} <= tables


def test_a_backup_restored_into_an_empty_database_has_every_row(transactional_db, tmp_path):
    fill_installation()
    before = snapshot()
    assert sum(len(rows) for rows in before.values()) > 300
    empty = {t for t, rows in before.items() if not rows}
    assert not empty & KEY_TABLES, f"Put a row in these tables too: {empty & KEY_TABLES}"
    path = tmp_path / "varn.json.gz"
    call_command("backup", str(path), verbosity=0)
    # An empty migrated database: what `migrate` leaves (content types and permissions, new ids).
    call_command("flush", interactive=False, verbosity=0)
    ContentType.objects.clear_cache()
    assert Municipality.objects.count() == 0 and ContentType.objects.exists()
    call_command("restore", str(path), verbosity=0)
    assert snapshot() == before
    # New rows get new ids (PostgreSQL's sequences were reset).
    extra = MeasureFactory(program=Measure.objects.first().program)
    assert extra.pk > max(pk for pk, *_ in before["programs_measure"])


def test_restore_refuses_a_database_that_is_not_empty(db, tmp_path):
    fill_installation()
    path = tmp_path / "varn.json.gz"
    call_command("backup", str(path), verbosity=0)
    with pytest.raises(CommandError, match="Databasen är inte tom"):
        call_command("restore", str(path), verbosity=0)


def test_restore_refuses_a_backup_of_another_schema(transactional_db, tmp_path):
    path = tmp_path / "varn.json.gz"
    call_command("backup", str(path), verbosity=0)
    lines = gzip.decompress(decrypt(path.read_bytes(), KEY)).decode().splitlines()
    manifest = json.loads(lines[0])
    manifest["migrations"].append(["programs", "9999_from_the_future"])
    text = "\n".join([json.dumps(manifest), *lines[1:]]) + "\n"
    path.write_bytes(encrypt(gzip.compress(text.encode()), KEY))
    call_command("flush", interactive=False, verbosity=0)
    with pytest.raises(CommandError, match="schema är inte detsamma") as error:
        call_command("restore", str(path), verbosity=0)
    assert "programs.9999_from_the_future" in str(error.value)


def test_restore_refuses_a_file_that_is_not_a_backup(db, tmp_path):
    path = tmp_path / "annat.json.gz"
    path.write_bytes(b"inte en kopia")
    with pytest.raises(CommandError, match="ingen krypterad säkerhetskopia"):
        call_command("restore", str(path), verbosity=0)


def test_backup_never_overwrites_a_file(db, tmp_path):
    path = tmp_path / "varn.json.gz"
    path.write_text("en äldre kopia")
    with pytest.raises(CommandError, match="finns redan"):
        call_command("backup", str(path), verbosity=0)
    assert path.read_text() == "en äldre kopia"


class Databases:
    """Two throwaway databases of the backend the suite runs on, for the commands to work in."""

    def __init__(self, tmp_path: Path) -> None:
        self.tmp_path = tmp_path
        self.vendor = connection.vendor
        self.base = f"{connection.settings_dict['NAME']}_cli"
        if self.vendor == "postgresql":
            self._admin(f"DROP DATABASE IF EXISTS {self.base}_old WITH (FORCE)")
            self._admin(f"DROP DATABASE IF EXISTS {self.base}_new WITH (FORCE)")
            self._admin(f"CREATE DATABASE {self.base}_old")

    def _url(self, name: str) -> str:
        s = connection.settings_dict
        return f"postgres://{s['USER']}:{s['PASSWORD'] or ''}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{name}"

    def _admin(self, sql: str) -> None:
        import psycopg

        with psycopg.connect(self._url("postgres"), autocommit=True) as conn:
            conn.execute(sql)

    def env(self, which: str) -> dict[str, str]:
        env = {"PATH": "/usr/bin:/bin", "HOME": str(self.tmp_path), "VARN_BACKUP_KEY": KEY}
        if self.vendor == "sqlite":
            env["VARN_SQLITE_PATH"] = str(self.tmp_path / f"{which}.sqlite3")
        else:
            env["DATABASE_URL"] = self._url(f"{self.base}_{which}")
        return env

    def copy_old_to_new(self) -> None:
        if self.vendor == "sqlite":
            shutil.copyfile(self.tmp_path / "old.sqlite3", self.tmp_path / "new.sqlite3")
        else:
            self._admin(f"CREATE DATABASE {self.base}_new TEMPLATE {self.base}_old")

    def rows(self, which: str) -> dict[str, list]:
        if self.vendor == "sqlite":
            with sqlite3.connect(self.tmp_path / f"{which}.sqlite3") as conn:
                names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
                return {
                    n: without_stamps(conn.execute(f'SELECT * FROM "{n}"'))
                    for n in names
                    if n != "django_migrations" and not n.startswith("sqlite_")
                }
        import psycopg

        with psycopg.connect(self._url(f"{self.base}_{which}")) as conn:
            names = [
                r[0]
                for r in conn.execute(
                    "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
                ).fetchall()
            ]
            return {
                n: without_stamps(conn.execute(f'SELECT * FROM "{n}"'))
                for n in names
                if n != "django_migrations"
            }

    def drop(self) -> None:
        if self.vendor == "postgresql":
            self._admin(f"DROP DATABASE IF EXISTS {self.base}_old WITH (FORCE)")
            self._admin(f"DROP DATABASE IF EXISTS {self.base}_new WITH (FORCE)")


@pytest.mark.slow
def test_the_commands_move_an_installation_to_a_new_database(db, tmp_path):
    """The commands as an operator runs them: back up one database, restore into a new, migrated one."""
    databases = Databases(tmp_path)
    path = tmp_path / "varn.json.gz"

    def manage(which: str, *args: str) -> None:
        subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=databases.env(which),
            check=True,
            capture_output=True,
        )

    try:
        manage("old", "migrate", "-v", "0")
        databases.copy_old_to_new()  # an empty migrated database
        manage("old", "load_demo")
        manage("old", "backup", str(path))
        manage("new", "restore", str(path))
        old, new = databases.rows("old"), databases.rows("new")
        assert sum(len(r) for r in old.values()) > 300
        assert new == old
    finally:
        databases.drop()
