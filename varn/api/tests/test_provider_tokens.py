"""The identity provider's bearer tokens, when single sign-on is configured: an access token from
the provider (django-oauth-toolkit, as in the SSO tests) is checked at its userinfo endpoint and
names the Värn user who signed in with that identity before."""

from __future__ import annotations

import base64
import hashlib
import re
import secrets
from urllib.parse import parse_qs, urlencode, urljoin, urlsplit

import requests
from django.core.cache import cache
from django.test import Client

from tests.oidc_provider.runner import CLIENT_ID, CLIENT_SECRET
from varn.accounts.tests.test_sso import CALLBACK, provider, sign_in_with_sso, sso  # noqa: F401

from .helpers import ApiClient, url


def _access_token(issuer: str, username: str, password: str) -> str:
    """The authorisation code flow with PKCE, as a client of the provider would run it."""
    document = requests.get(issuer + "/.well-known/openid-configuration", timeout=10).json()
    verifier = secrets.token_urlsafe(48)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    query = {
        "response_type": "code",
        "client_id": CLIENT_ID,
        "redirect_uri": CALLBACK,
        "scope": "openid email profile varn",
        "state": "api-test",
        "code_challenge": challenge,
        "code_challenge_method": "S256",
    }
    browser = requests.Session()
    target = document["authorization_endpoint"] + "?" + urlencode(query)
    for _ in range(10):
        answer = browser.get(target, allow_redirects=False, timeout=10)
        if answer.status_code == 200 and "csrfmiddlewaretoken" in answer.text:
            fields = dict(re.findall(r'name="(csrfmiddlewaretoken|next)" value="([^"]*)"', answer.text))
            answer = browser.post(
                target,
                {
                    "csrfmiddlewaretoken": fields["csrfmiddlewaretoken"],
                    "next": fields["next"].replace("&amp;", "&"),
                    "username": username,
                    "password": password,
                },
                allow_redirects=False,
                timeout=10,
            )
        target = urljoin(target, answer.headers["Location"])
        if target.startswith(CALLBACK):
            code = parse_qs(urlsplit(target).query)["code"][0]
            break
    else:
        raise AssertionError("The provider never gave a code")
    token = requests.post(
        document["token_endpoint"],
        {
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": CALLBACK,
            "client_id": CLIENT_ID,
            "client_secret": CLIENT_SECRET,
            "code_verifier": verifier,
        },
        timeout=10,
    )
    token.raise_for_status()
    return token.json()["access_token"]


def test_a_provider_token_reads_with_the_persons_role(cast, sso):  # noqa: F811
    sso.set_claims("anna", {"email": "anna@alingsas.se", "varn_roles": ["alingsas:viewer"]})
    sign_in_with_sso(Client(), "anna", "anna-lösen")  # Värn knows Anna from her first sign-in
    cache.clear()
    client = ApiClient(_access_token(sso.issuer, "anna", "anna-lösen"))
    me = client.get("/api/v1/me")
    assert me.status_code == 200, me.content
    assert me.json()["authenticated_by"] == "provider"
    assert me.json()["memberships"][0]["role"] == "viewer"
    assert client.get(url(cast, "programs")).status_code == 200
    assert client.get(f"/api/v1/municipalities/{cast.other.slug}/programs").status_code == 404


def test_a_token_the_provider_does_not_know_is_refused(cast, sso):  # noqa: F811
    cache.clear()
    assert ApiClient("not-a-real-access-token").get("/api/v1/me").status_code == 401


def test_provider_tokens_are_refused_when_single_sign_on_is_off(cast, sso, settings):  # noqa: F811
    sso.set_claims("bo", {"email": "bo@alingsas.se", "varn_roles": ["alingsas:viewer"]})
    sign_in_with_sso(Client(), "bo", "bo-lösen")
    token = _access_token(sso.issuer, "bo", "bo-lösen")
    settings.VARN_OIDC_ENABLED = False
    cache.clear()
    assert ApiClient(token).get("/api/v1/me").status_code == 401
