"""Every API route, called with a personal token of every role (read-write, so only the role
limits it), answers as the permission matrix says: the same rows the session test checks."""

from __future__ import annotations

import pytest
from django.test import Client

from varn.core.permissions_matrix import ROLES
from varn.core.tests.test_permission_matrix import ALL_ROUTES, check_route, route_id, world  # noqa: F401

from .helpers import token_for

API_ROUTES = [r for r in ALL_ROUTES if r[0].startswith("api:")]


@pytest.fixture(scope="module")
def token_clients(world, django_db_blocker):  # noqa: F811
    with django_db_blocker.unblock():
        keys = {role: token_for(world.users[role]) for role in ROLES if role != "anonymous"}
    clients = {role: Client(headers={"Authorization": f"Bearer {key}"}) for role, key in keys.items()}
    clients["anonymous"] = Client()
    return clients


def test_every_api_route_is_in_this_walk():
    assert len(API_ROUTES) >= 25


@pytest.mark.parametrize("route", API_ROUTES, ids=route_id)
def test_the_api_route_answers_every_token_as_the_matrix_says(route, world, token_clients, db):  # noqa: F811
    check_route(route, world, token_clients)
