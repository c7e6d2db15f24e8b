"""Single sign-on in the browser: the button on Värn's sign-in page, the municipality's provider's own
sign-in page (django-oauth-toolkit in a throwaway process), and back to Värn with the role the
directory gives."""

from __future__ import annotations

import pytest

from tests.oidc_provider.runner import CLIENT_ID, CLIENT_SECRET, start_provider
from varn.accounts import oidc
from varn.organisations.models import Membership, Role

from .conftest import assert_accessible

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def provider(tmp_path_factory):
    provider = start_provider(tmp_path_factory.mktemp("oidc-browser") / "provider")
    yield provider
    provider.stop()


def test_signing_in_with_the_municipalitys_account(demo, page, provider, settings):
    provider.setup(demo.url + "/sso/callback/", users={"karin": "karins-lösen"})
    provider.set_claims(
        "karin",
        {
            "email": "karin@alingsas.se",
            "given_name": "Karin",
            "family_name": "Berg",
            "groups": ["G-Varn-Lasare"],
        },
    )
    settings.VARN_OIDC_ENABLED = True
    settings.VARN_OIDC_ISSUER = provider.issuer
    settings.OIDC_RP_CLIENT_ID = CLIENT_ID
    settings.OIDC_RP_CLIENT_SECRET = CLIENT_SECRET
    settings.OIDC_RP_SCOPES = "openid email profile varn"
    settings.VARN_OIDC_GROUP_MAP = {"G-Varn-Lasare": "alingsas:viewer"}
    oidc._cache.clear()

    page.goto(demo.url + "/logga-in/")
    assert_accessible(page)
    page.get_by_role("link", name="Logga in med kommunens konto").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Kommunens inloggning (testleverantör)"
    page.get_by_label("Användarnamn").fill("karin")
    page.get_by_label("Lösenord").fill("karins-lösen")
    page.get_by_role("button", name="Logga in hos kommunen").click()
    page.wait_for_url(demo.url + "/kommun/alingsas/")
    assert page.get_by_role("heading", level=1).inner_text() == "Översikt – Alingsås kommun"
    assert "Karin Berg · Läsare" in page.locator(".account").inner_text()
    membership = Membership.objects.get(user__email="karin@alingsas.se")
    assert membership.role == Role.VIEWER and membership.managed_by_sso
    oidc._cache.clear()
