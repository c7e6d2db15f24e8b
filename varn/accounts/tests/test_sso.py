"""Single sign-on end to end against a real OpenID Connect provider (django-oauth-toolkit) running
in its own process: discovery, authorisation code with PKCE, ID token signed with an RSA key made
for the test, userinfo, and the role claims mapped to memberships."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest
import requests
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from tests.oidc_provider.runner import CLIENT_ID, CLIENT_SECRET, start_provider
from varn.accounts import oidc
from varn.accounts.models import SsoIdentity, SsoNotice
from varn.organisations.models import Membership, Role

CALLBACK = "http://testserver/sso/callback/"


@pytest.fixture(scope="module")
def provider(tmp_path_factory):
    provider = start_provider(tmp_path_factory.mktemp("oidc") / "provider")
    provider.setup(CALLBACK, users={"anna": "anna-lösen", "bo": "bo-lösen"})
    yield provider
    provider.stop()


@pytest.fixture
def sso(provider, settings):
    settings.VARN_OIDC_ENABLED = True
    settings.VARN_OIDC_ISSUER = provider.issuer
    settings.OIDC_RP_CLIENT_ID = CLIENT_ID
    settings.OIDC_RP_CLIENT_SECRET = CLIENT_SECRET
    settings.OIDC_RP_SCOPES = "openid email profile varn"
    oidc._cache.clear()
    yield provider
    oidc._cache.clear()


def _field(html: str, name: str) -> str:
    match = re.search(rf'name="{name}" value="([^"]*)"', html)
    assert match, html[:500]
    return match.group(1)


def sign_in_with_sso(
    client: Client, username: str, password: str, next_url: str = "", browser: requests.Session | None = None
) -> Any:
    """Walk the browser's part: Värn → provider's sign-in page → provider → Värn's callback. The
    provider's cookies live in `browser` (a new one unless given)."""
    start = client.get(reverse("accounts:sso-start") + (f"?next={next_url}" if next_url else ""))
    assert start.status_code == 302
    browser = browser if browser is not None else requests.Session()
    url = start["Location"]
    for _ in range(10):
        response = browser.get(url, allow_redirects=False, timeout=10)
        if response.status_code == 200 and "csrfmiddlewaretoken" in response.text:
            token = _field(response.text, "csrfmiddlewaretoken")
            follow = _field(response.text, "next").replace("&amp;", "&")
            response = browser.post(
                url,
                {"csrfmiddlewaretoken": token, "username": username, "password": password, "next": follow},
                allow_redirects=False,
                timeout=10,
            )
        assert response.status_code == 302, response.text[:500]
        url = urljoin(url, response.headers["Location"])
        if url.startswith(CALLBACK):
            parts = urlsplit(url)
            return client.get(parts.path + "?" + parts.query)
    raise AssertionError("The provider never sent the browser back to Värn")


def test_the_sign_in_page_offers_sso_only_when_it_is_configured(db, client, settings):
    assert "Logga in med kommunens konto" not in client.get(reverse("core:login")).content.decode()
    assert client.get(reverse("accounts:sso-start")).status_code == 404
    settings.VARN_OIDC_ENABLED = True
    body = client.get(reverse("core:login")).content.decode()
    assert "Logga in med kommunens konto" in body and reverse("accounts:sso-start") in body


def test_a_new_person_signs_in_with_sso_and_gets_the_role_the_directory_gives(cast, sso, client):
    sso.set_claims(
        "anna",
        {
            "email": "anna@alingsas.se",
            "given_name": "Anna",
            "family_name": "Ås",
            "varn_roles": ["alingsas:unit_editor:SOC"],
        },
    )
    response = sign_in_with_sso(client, "anna", "anna-lösen")
    assert response.status_code == 302 and response["Location"] == reverse("core:home")
    user = get_user_model().objects.get(email="anna@alingsas.se")
    assert user.get_full_name() == "Anna Ås" and not user.has_usable_password()
    membership = Membership.objects.get(user=user)
    assert membership.role == Role.UNIT_EDITOR and membership.unit == cast.unit and membership.managed_by_sso
    identity = SsoIdentity.objects.get(user=user)
    assert identity.issuer == sso.issuer
    dashboard = client.get(reverse("core:home"), follow=True)
    assert dashboard.redirect_chain[-1][0] == reverse("programs:dashboard", args=["alingsas"])


def test_the_next_sign_in_follows_a_changed_directory_but_keeps_a_coordinators_change(cast, sso):
    sso.set_claims("bo", {"email": "bo@alingsas.se", "varn_roles": ["alingsas:viewer", "lerum:viewer"]})
    sign_in_with_sso(Client(), "bo", "bo-lösen")
    user = get_user_model().objects.get(email="bo@alingsas.se")
    # In Värn, Alingsås' coordinator makes Bo a partner contact for Vision.
    local = Membership.objects.get(user=user, municipality=cast.municipality)
    local.role, local.partner = Role.PARTNER, cast.partner
    local._history_user = cast.coordinator
    local.save()
    # The directory now says coordinator in Alingsås, and nothing in Lerum.
    sso.set_claims("bo", {"email": "bo@alingsas.se", "varn_roles": ["alingsas:coordinator"]})
    client = Client()
    response = sign_in_with_sso(client, "bo", "bo-lösen")
    assert response.status_code == 302
    local.refresh_from_db()
    assert local.role == Role.PARTNER and local.is_active
    assert not Membership.objects.get(user=user, municipality=cast.other).is_active
    notice = SsoNotice.objects.get(user=user)
    assert notice.claimed == "Samordnare" and notice.local == "Samverkanspart, Vision"
    page = client.get(response["Location"], follow=True).content.decode()
    assert "skiljer sig från kommunens katalog" in page
    overview = (
        cast.client(cast.coordinator).get(reverse("access:overview", args=["alingsas"])).content.decode()
    )
    assert "Avvikelser mot kommunens katalog" in overview


def test_an_existing_local_account_is_linked_by_its_verified_email(cast, sso):
    cast.viewer.email = "anna@alingsas.se"
    cast.viewer.save()
    sso.set_claims(
        "anna", {"email": "anna@alingsas.se", "email_verified": True, "varn_roles": ["alingsas:viewer"]}
    )
    client = Client()
    sign_in_with_sso(client, "anna", "anna-lösen")
    assert int(client.session["_auth_user_id"]) == cast.viewer.pk
    assert SsoIdentity.objects.get().user == cast.viewer
    assert get_user_model().objects.filter(email="anna@alingsas.se").count() == 1


def test_a_wrong_client_secret_fails_with_a_message_and_no_session(cast, sso, settings):
    settings.OIDC_RP_CLIENT_SECRET = "fel"
    sso.set_claims("anna", {"email": "anna@alingsas.se", "varn_roles": ["alingsas:viewer"]})
    client = Client()
    response = sign_in_with_sso(client, "anna", "anna-lösen")
    assert response["Location"] == reverse("core:login")
    assert "lyckades inte" in client.get(response["Location"]).content.decode()
    assert "_auth_user_id" not in client.session


def test_a_callback_without_a_started_sign_in_is_refused(db, sso, client):
    response = client.get(reverse("accounts:sso-callback") + "?code=abc&state=xyz", follow=True)
    assert "Inloggningen med kommunens konto lyckades inte" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_provider_refusing_sends_the_user_back_with_a_message(db, sso, client):
    client.get(reverse("accounts:sso-start"))
    state = next(iter(client.session["oidc_states"]))
    response = client.get(
        reverse("accounts:sso-callback") + f"?error=access_denied&state={state}", follow=True
    )
    assert "Inloggningen med kommunens konto lyckades inte" in response.content.decode()


def test_a_provider_that_does_not_answer_gives_a_message_not_an_error(db, client, settings):
    from tests.oidc_provider.runner import free_port

    settings.VARN_OIDC_ENABLED = True
    settings.VARN_OIDC_ISSUER = f"http://127.0.0.1:{free_port()}/o"
    settings.OIDC_TIMEOUT = 2
    oidc._cache.clear()
    response = client.get(reverse("accounts:sso-start"), follow=True)
    assert "svarar inte just nu" in response.content.decode()


def test_signing_out_of_varn_also_ends_the_providers_session(cast, sso, provider):
    """A shared computer: after signing out, the next person must not get the last one's account by
    clicking "Logga in med kommunens konto"."""
    sso.set_claims("anna", {"email": "anna@alingsas.se", "varn_roles": ["alingsas:viewer"]})
    client, browser = Client(), requests.Session()
    assert sign_in_with_sso(client, "anna", "anna-lösen", browser=browser).status_code == 302
    assert client.session.get("oidc_id_token")
    out = client.post(reverse("core:logout"))
    assert out.status_code == 302
    end_session = out["Location"]
    assert end_session.startswith(provider.issuer) and "id_token_hint=" in end_session
    assert "_auth_user_id" not in client.session  # signed out of Värn already
    back = browser.get(end_session, allow_redirects=False, timeout=10)
    assert back.status_code == 302 and back.headers["Location"] == "http://testserver/logga-in/"
    # The provider asks for the password again instead of signing the browser straight in.
    start = client.get(reverse("accounts:sso-start"))
    page = browser.get(start["Location"], allow_redirects=True, timeout=10)
    assert 'name="password"' in page.text


def test_signing_out_after_a_password_sign_in_stays_in_varn(cast, sso, client):
    client.force_login(cast.coordinator)
    out = client.post(reverse("core:logout"))
    assert out.status_code == 302 and out["Location"] == reverse("core:login")
