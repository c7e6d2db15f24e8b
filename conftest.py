"""The fixed cast of every view test: a municipality with one user per role, and an outsider who
coordinates another municipality."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client

from varn.factories import (
    MembershipFactory,
    MunicipalityFactory,
    PartnerFactory,
    ProgramFactory,
    UnitFactory,
    UserFactory,
)
from varn.organisations.models import Role


@dataclass
class Cast:
    municipality: Any
    other: Any
    unit: Any
    other_unit: Any
    partner: Any
    program: Any
    coordinator: Any
    unit_editor: Any
    partner_user: Any
    viewer: Any
    outsider: Any

    def client(self, user) -> Client:
        c = Client()
        c.force_login(user)
        return c

    @property
    def slug(self) -> str:
        return self.municipality.slug


@pytest.fixture
def cast(db) -> Cast:
    municipality = MunicipalityFactory(name="Alingsås kommun", slug="alingsas", code="1489")
    other = MunicipalityFactory(name="Lerums kommun", slug="lerum", code="1441")
    unit = UnitFactory(municipality=municipality, name="Socialförvaltningen", short_name="SOC")
    other_unit = UnitFactory(
        municipality=municipality, name="Barn- och ungdomsförvaltningen", short_name="BUF"
    )
    partner = PartnerFactory(municipality=municipality, name="Vision", kind="union")
    program = ProgramFactory(municipality=municipality)

    def member(username, role, **kw):
        user = UserFactory(username=username)
        MembershipFactory(user=user, municipality=municipality, role=role, **kw)
        return user

    outsider = UserFactory(username="outsider")
    MembershipFactory(user=outsider, municipality=other, role=Role.COORDINATOR)
    return Cast(
        municipality=municipality,
        other=other,
        unit=unit,
        other_unit=other_unit,
        partner=partner,
        program=program,
        coordinator=member("coordinator", Role.COORDINATOR),
        unit_editor=member("editor", Role.UNIT_EDITOR, unit=unit),
        partner_user=member("partner", Role.PARTNER, partner=partner),
        viewer=member("viewer", Role.VIEWER),
        outsider=outsider,
    )


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix, request, tmp_path_factory):
    """Browser tests on SQLite get a test database in a file, not in memory (issue 16).

    The live server answers in threads; with an in-memory database Django hands every thread the
    test's one connection, so one thread's rollback undid another's insert (`Job.DoesNotExist`)
    and a commit during another thread's read failed with "database table is locked" (shared-cache
    locks do not wait). A file gives each thread its own connection, with WAL, the busy timeout and
    IMMEDIATE write transactions of config/settings.py, as under gunicorn."""
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"].endswith("sqlite3") and any(
        item.get_closest_marker("browser") for item in request.session.items
    ):
        database.setdefault("TEST", {})["NAME"] = str(tmp_path_factory.mktemp("db") / "test.sqlite3")


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """pytest-django's test databases, and on PostgreSQL, before they are dropped, no session of
    this run still attached: a connection a test's thread left open made DROP DATABASE fail with
    "being accessed by other users" after every test had passed. The one found was the worker's
    heartbeat thread (varn.core.workers now closes its connections when it ends, tested in
    test_worker_heartbeat); this stays so that another leak fails its own test, not the run."""
    yield
    from django.db import connection

    if connection.vendor == "postgresql":
        with django_db_blocker.unblock(), connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )


@pytest.fixture(autouse=True)
def _jobs_start_as_in_a_request(monkeypatch):
    """A view starts a job outside any transaction of its own, so its task is enqueued at once
    (`varn.core.jobs.after_commit`). In a test the whole test runs inside the test case's
    transaction, which never commits: treat that one as autocommit, and defer only inside
    transactions the code under test opened itself."""
    from django.db import connection, transaction

    from varn.core import jobs

    def after_commit(func):
        if all(getattr(block, "_from_testcase", False) for block in connection.atomic_blocks):
            func()
        else:
            transaction.on_commit(func, robust=False)

    monkeypatch.setattr(jobs, "after_commit", after_commit)
