"""User-written text is text: every page, filled with markup in every text field, shows it escaped.

The attack (issue 14, finding 1): a follow-up question's help text holding an element with
`hx-post` and `hx-trigger="load"` made a unit editor's browser post for them. The CSP stops scripts,
not htmx attributes, so no `hx-*` or `on*` attribute written by a user may reach the DOM.
"""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import models, transaction
from django.test import Client, override_settings

from varn.core.permissions_matrix import ROUTES

from .test_permission_matrix import ALL_ROUTES, _path
from .world import World, build_world

MARK = "x9q"
LONG = f'<b hx-get="/{MARK}" hx-trigger="load" onmouseover="{MARK}">{MARK}</b>'
SHORT = f"<b hx-get=/{MARK} onclick={MARK}>"
# Fields that are not free text: identifiers the application reads, or values it checks on input.
NOT_TEXT = {
    *("slug", "code", "kind", "key", "file_kind", "status", "token", "language", "username", "password"),
    *("uid", "prefix", "token_hash", "key_hash", "text_hash"),  # identifiers and digests, never shown
}
ROLES = ("coordinator", "unit_editor", "partner")


def _payload(field: models.Field) -> str | None:
    limit = (getattr(field, "max_length", None) or 10_000) - 6  # room for the row's id
    for text in (LONG, SHORT):
        if len(text) <= limit:
            return text
    return None


def _text_fields(model) -> dict[str, str]:
    """Free-text fields with the markup that fits them (unique ones get the row's id after it)."""
    found = {}
    for f in model._meta.concrete_fields:
        if not isinstance(f, (models.CharField, models.TextField)) or f.choices:
            continue
        if f.name in NOT_TEXT or isinstance(f, (models.EmailField, models.URLField, models.SlugField)):
            continue
        if (text := _payload(f)) is not None:
            found[f.name] = text
    return found


def fill_with_markup() -> int:
    """Every text field of every row in the world set to markup with htmx and event attributes."""
    changed = 0
    for model in apps.get_models():
        if not model.__module__.startswith("varn.") or model.__name__.startswith("Historical"):
            continue
        if not (fields := _text_fields(model)):
            continue
        for pk in model._default_manager.values_list("pk", flat=True):
            values = {name: f"{text}{pk}" for name, text in fields.items()}
            changed += model._default_manager.filter(pk=pk).update(**values)
    get_user_model().objects.update(first_name=SHORT, last_name=LONG)
    return changed


class AttributeFinder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if (name.startswith(("hx-", "data-hx-", "on"))) and MARK in (value or ""):
                self.found.append(f"<{tag} {name}={value!r}>")


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    media = override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media"), VARN_PAGE_CACHE=False)
    with media, django_db_blocker.unblock(), transaction.atomic():
        built = build_world()
        assert fill_with_markup() > 50
        yield built
        transaction.set_rollback(True)


def _pages():
    for name, pattern in ALL_ROUTES:
        for row in ROUTES:
            if row.name in (name, pattern) and row.get and not row.debug_only:
                yield pytest.param(pattern, row, id=f"{name or pattern}:{row.target or '-'}")


@pytest.mark.parametrize(("pattern", "row"), list(_pages()))
def test_no_attribute_written_by_a_user_reaches_the_page(pattern, row, world: World, db):
    expected = row.expected("GET")
    found: list[str] = []
    for role in ROLES:
        if expected[role] != "200":
            continue
        client = Client()
        client.force_login(world.users[role])
        path = _path(pattern, row, world.own, world.own)
        with transaction.atomic():
            response = client.get(path)
            transaction.set_rollback(True)
        assert response.status_code == 200, f"{path} as {role}: {response.status_code}"
        if not response.get("Content-Type", "").startswith("text/html"):
            continue
        parser = AttributeFinder()
        parser.feed(response.content.decode())
        found += [f"{path} as {role}: {f}" for f in parser.found]
    assert not found, "\n".join(found)


def test_htmx_evaluates_nothing_and_asks_only_this_site(client, world: World):
    client.force_login(world.users["coordinator"])
    response = client.get(f"/kommun/{world.own.municipality.slug}/insatser/")
    html = response.content.decode()
    config = html.split('name="htmx-config" content=\'', 1)[1].split("'", 1)[0]
    assert '"allowEval": false' in config and '"selfRequestsOnly": true' in config
    assert '"allowScriptTags": false' in config
    assert "<tbody hx-disable>" in html  # the rows of user text
