"""From an empty installation: staff set up a municipality from the official list and invite its
coordinator; the coordinator accepts, adds the administrations and invites a unit editor, who
accepts and works in the municipality."""

from __future__ import annotations

import pytest

from .conftest import assert_accessible, screenshot
from .municipality_steps import (  # the fixtures are used by name
    accept_invitation,
    coordinator_adds_units,
    coordinator_invites,
    empty_site,  # noqa: F401
    new_municipality,  # noqa: F401
)

pytestmark = pytest.mark.browser


def test_a_municipality_is_set_up_from_nothing_in_the_browser(new_municipality, new_page):  # noqa: F811
    coordinator = new_municipality.coordinator_page
    assert coordinator.locator(".brand-tenant").inner_text() == "Alingsås kommun"
    assert "Samordnare" in coordinator.locator(".account").inner_text()

    coordinator_adds_units(coordinator, ["Socialförvaltningen", "Alingsåshem"])
    coordinator_invites(
        coordinator, "anna@alingsas.se", role="Förvaltningskontakt", unit="Socialförvaltningen"
    )
    assert coordinator.get_by_role("row", name="anna@alingsas.se").is_visible()
    assert_accessible(coordinator)
    screenshot(coordinator, "behorigheter-ny-kommun")

    editor = new_page()
    accept_invitation(
        editor, new_municipality.base_url, "anna@alingsas.se", first_name="Anna", last_name="Andersson"
    )
    assert editor.locator(".brand-tenant").inner_text() == "Alingsås kommun"
    assert "Förvaltningskontakt, Socialförvaltningen" in editor.locator(".account").inner_text()
    menu = editor.get_by_role("navigation", name="Huvudmeny")
    assert menu.get_by_role("link", name="Behörigheter").count() == 0
    assert_accessible(editor)

    # The used link does not work again.
    coordinator.reload()
    assert coordinator.get_by_role("row", name="Anna Andersson").is_visible()
