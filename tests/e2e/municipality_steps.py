"""Reusable steps for browser tests that start from an empty installation: site staff set up a
municipality, its coordinator accepts the invitation, adds organisations and invites people.

The steps drive the pages as a person would; the invitation links are read from Django's test
outbox (the locmem e-mail backend), as the person would read them in their mail. A later test
(the programme's cycle) continues from `new_municipality`."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.core import mail

from .conftest import assert_accessible, sign_in

STAFF_PASSWORD = "Driftens-lösen-2026"
PASSWORD = "Ett-långt-lösen-42"


def invitation_link(email: str) -> str:
    """The path of the newest invitation link sent to `email`."""
    for message in reversed(mail.outbox):
        if email in message.to:
            found = re.search(r"https?://\S+/inbjudan/\S+/", str(message.body))
            assert found, message.body
            return urlsplit(found.group(0)).path
    raise AssertionError(f"No invitation to {email} in the outbox")


def create_staff_user(username: str = "drift"):
    return get_user_model().objects.create_user(
        username, email=f"{username}@example.se", password=STAFF_PASSWORD, is_staff=True
    )


def staff_creates_municipality(page, base_url: str, *, code: str, name: str, coordinator: str) -> None:
    page.get_by_role("link", name="Kommuner i Värn").click()
    assert_accessible(page)
    page.get_by_label(re.compile(r"^Kommun:?$")).select_option(code)
    page.get_by_label("Samordnarens e-postadress").fill(coordinator)
    page.get_by_role("button", name="Lägg upp kommunen och bjud in samordnaren").click()
    assert page.get_by_text(f"{name} är upplagd.").is_visible()
    assert page.get_by_role("row", name=re.compile(name)).is_visible()


def accept_invitation(page, base_url: str, email: str, *, first_name: str, last_name: str) -> None:
    """Open the newest invitation to `email`, set a password, and land in the municipality."""
    page.goto(base_url + invitation_link(email))
    assert_accessible(page)
    page.get_by_label("Förnamn").fill(first_name)
    page.get_by_label("Efternamn").fill(last_name)
    page.get_by_label(re.compile(r"^Lösenord:?$")).fill(PASSWORD)
    page.get_by_label("Lösenordet igen").fill(PASSWORD)
    page.get_by_role("button", name="Skapa konto och tacka ja").click()
    page.wait_for_load_state()
    assert page.get_by_text("Välkommen till Värn i").is_visible()


def coordinator_adds_units(page, names: list[str]) -> None:
    """Through the list page: paste, preview, confirm."""
    page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Organisationer").click()
    page.get_by_role("link", name="Lägg till många på en gång (lista eller Excel)").click()
    page.get_by_label(re.compile(r"^Lista:?$")).fill("\n".join(names))
    page.get_by_role("button", name="Förhandsgranska").click()
    assert_accessible(page)
    assert page.get_by_text("Kan sparas").count() == len(names)
    page.get_by_role("button", name=re.compile(r"^Spara \d+ organisation")).click()
    for name in names:
        assert page.get_by_role("cell", name=name, exact=True).is_visible()


def coordinator_invites(page, email: str, *, role: str, unit: str | None = None) -> None:
    page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Behörigheter").click()
    page.get_by_role("link", name="Bjud in en person").click()
    assert_accessible(page)
    page.get_by_label("E-postadress").fill(email)
    page.get_by_label(re.compile(r"^Roll:?$")).select_option(label=role)
    if unit:
        page.get_by_label(re.compile(r"^Förvaltning:?$")).select_option(label=unit)
    page.get_by_role("button", name="Skicka inbjudan").click()
    assert page.get_by_text(f"En inbjudan har skickats till {email}.").is_visible()


@dataclass
class NewMunicipality:
    base_url: str
    name: str
    slug: str
    coordinator_email: str
    coordinator_page: object  # a signed-in browser page


@pytest.fixture
def empty_site(live_server, transactional_db, e2e_media):
    """The live server with an empty database: no municipality, no demo."""
    return live_server


@pytest.fixture
def new_municipality(empty_site, new_page) -> NewMunicipality:
    """Staff set up Alingsås from the list and its coordinator accepted: the coordinator's page is
    signed in, on the municipality's overview."""
    create_staff_user()
    staff = new_page()
    sign_in(staff, empty_site.url, "drift", STAFF_PASSWORD)
    coordinator_email = "samordnare@alingsas.se"
    staff_creates_municipality(
        staff, empty_site.url, code="1489", name="Alingsås kommun", coordinator=coordinator_email
    )
    coordinator = new_page()
    accept_invitation(
        coordinator, empty_site.url, coordinator_email, first_name="Sara", last_name="Samordnare"
    )
    return NewMunicipality(empty_site.url, "Alingsås kommun", "alingsas", coordinator_email, coordinator)
