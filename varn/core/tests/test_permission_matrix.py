"""Every route of the URL configuration, visited as every role, in its own municipality and in
another, answers as docs/permissions.md (varn/core/permissions_matrix.py) says."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.db import transaction
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from varn.core.permissions_matrix import METHODS, ROLES, ROUTES, Route, markdown_table, rows_for

from .world import Side, World, build_world

PERMISSIONS_MD = Path(settings.BASE_DIR) / "docs" / "permissions.md"
# Values for URL parts that no row names: the admin site's object ids and app labels.
DEFAULTS = {"app_label": "programs", "object_id": "1", "content_type_id": "1", "pk": "1", "id": "1"}


def walk(patterns, prefix: str = "", namespace: str = ""):
    """(name, pattern, is_tenant) of every route, name "" for routes without one."""
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = namespace
            if p.namespace:
                ns = f"{namespace}:{p.namespace}" if namespace else p.namespace
            yield from walk(p.url_patterns, prefix + str(p.pattern), ns)
        elif isinstance(p, URLPattern):
            name = f"{namespace}:{p.name}" if namespace and p.name else (p.name or "")
            pattern = prefix + str(p.pattern)
            yield name, pattern


ALL_ROUTES = sorted(set(walk(get_resolver().url_patterns)), key=lambda r: r[1])


def route_id(route: tuple[str, str]) -> str:
    return route[0] or route[1]


def fill(pattern: str, kwargs: dict) -> str:
    """The concrete path of a route pattern, both <converter:name> and regex groups."""

    def value(name: str) -> str:
        return str(kwargs.get(name, DEFAULTS.get(name, "1")))

    path = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda m: value(m.group(1)), pattern)
    path = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: value(m.group(1)), path)
    path = re.sub(r"\([^)]*\)", "1", path)
    return "/" + path.replace("^", "").replace("$", "")


TENANT_PREFIXES = ("kommun/<slug:municipality>/", "api/v1/municipalities/<municipality>/")


def is_tenant(pattern: str) -> bool:
    """A page (or API resource) inside a municipality (the public pages name one too, but are not
    behind sign-in)."""
    return pattern.startswith(TENANT_PREFIXES)


def answer(response) -> str:
    if response.status_code == 302 and response["Location"].startswith(reverse("core:login")):
        return "login"
    return str(response.status_code)


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    """Built once for the module, inside a transaction rolled back at the end; its files (an
    attachment, a report) in a temporary folder."""
    media = override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media"))
    with media, django_db_blocker.unblock(), transaction.atomic():
        yield build_world()
        transaction.set_rollback(True)


def _client(world: World, role: str) -> Client:
    client = Client()
    if role != "anonymous":
        client.force_login(world.users[role])
    return client


def _visit(client: Client, method: str, path: str) -> str:
    # Each visit in its own savepoint, so an action that succeeds changes nothing for the next.
    with transaction.atomic():
        if method == "POST":
            response = client.post(path, {})
        elif method == "PUT":
            response = client.put(path, "", content_type="application/json")
        else:
            response = client.get(path)
        transaction.set_rollback(True)
    return answer(response)


def _path(pattern: str, row: Route, slug_side: Side, object_side: Side) -> str:
    kwargs = object_side.kwargs(row.target) if row.target and row.target != "admin" else {}
    kwargs.setdefault("municipality", slug_side.municipality.slug)
    return fill(pattern, kwargs)


def test_every_route_has_a_row_in_the_matrix():
    missing = [route_id(r) for r in ALL_ROUTES if not rows_for(*r)]
    assert not missing, "Routes without a row in varn/core/permissions_matrix.py: " + ", ".join(missing)


def test_every_row_of_the_matrix_has_a_route():
    names = {n for n, _ in ALL_ROUTES} | {p for _, p in ALL_ROUTES}
    stale = [r.name for r in ROUTES if r.name != "admin:*" and not r.debug_only and r.name not in names]
    assert not stale, "Rows for routes that no longer exist: " + ", ".join(stale)


def test_docs_show_the_current_matrix():
    text = PERMISSIONS_MD.read_text(encoding="utf-8")
    start, end = "<!-- matrix:start -->\n", "<!-- matrix:end -->"
    assert start in text and end in text
    shown = text.split(start, 1)[1].split(end, 1)[0]
    assert shown == markdown_table(), "Run: python manage.py permission_matrix --write"


@pytest.mark.parametrize("route", ALL_ROUTES, ids=route_id)
def test_the_route_answers_every_role_as_the_matrix_says(route, world, db):
    clients = {role: _client(world, role) for role in ROLES}
    check_route(route, world, clients)


def check_route(route: tuple[str, str], world: World, clients: dict[str, Client]) -> None:
    """Visit the route as every role (each with its client), in its own municipality, in another,
    and with another municipality's object ids, and compare with the matrix's rows."""
    name, pattern = route
    rows = rows_for(name, pattern)
    assert rows, f"{route_id(route)} has no row in the matrix"
    wrong: list[str] = []

    def check(method: str, role: str, path: str, expected: set[str], scope: str) -> None:
        got = _visit(clients[role], method, path)
        if got not in expected:
            wrong.append(
                f"{method} {path} as {role} ({scope}): {got}, expected {' or '.join(sorted(expected))}"
            )

    for row in rows:
        for method in METHODS:
            if not row.answers(method):
                continue
            expected = row.expected(method)
            # Signed out: pages send to the sign-in page, the API answers 401.
            signed_out = {expected["anonymous"]} if expected["anonymous"] == "401" else {"login"}
            own_path = _path(pattern, row, world.own, world.own)
            for role in ROLES:
                check(method, role, own_path, {expected[role]}, "own municipality")
            if not is_tenant(pattern):
                continue
            # Another municipality's pages: nothing there for members of this one; its own
            # coordinator (the outsider) has a coordinator's rights there.
            other_path = _path(pattern, row, world.other, world.other)
            for role in ROLES:
                want = signed_out if role == "anonymous" else {expected["coordinator"]}
                if role not in ("anonymous", "outsider"):
                    want = {"404"}
                check(method, role, other_path, want, "other municipality")
            # This municipality's address with another municipality's object ids: never found.
            # (A target that is no object, e.g. a token, gives the same address: nothing to mix.)
            mixed_path = _path(pattern, row, world.own, world.other)
            if row.target and mixed_path != own_path:
                for role in ROLES:
                    want = signed_out if role == "anonymous" else {"404"}
                    if expected[role] in ("403", "405"):
                        want.add(expected[role])  # refused before the object is looked up: reveals nothing
                    check(method, role, mixed_path, want, "own address, other municipality's object")
    assert not wrong, "\n".join(wrong)
