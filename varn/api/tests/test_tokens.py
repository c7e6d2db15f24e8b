"""Personal API tokens: made and revoked on the person's own page, shown once, stored hashed, with
an expiry and a scope; and the rate limit per token."""

from __future__ import annotations

import datetime
import hashlib

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from varn.api.models import ApiToken

from .helpers import ApiClient, token_for


def _create(client: Client, **data):
    values = {
        "name": "Rapportverktyget",
        "scope": "read",
        "expires_on": (timezone.localdate() + datetime.timedelta(days=30)).isoformat(),
    }
    return client.post(reverse("tokens:list"), values | data)


def test_a_person_creates_a_token_and_sees_it_once(cast):
    client = cast.client(cast.viewer)
    page = _create(client)
    assert page.status_code == 200
    html = page.content.decode()
    assert "visas bara en gång" in html
    token = ApiToken.objects.get(user=cast.viewer)
    key = html.split('<code class="secret">', 1)[1].split("</code>", 1)[0]
    assert key.startswith(token.prefix + ".")
    assert token.key_hash == hashlib.sha256(key.encode()).hexdigest() and key not in token.key_hash
    assert token.history.first().history_user == cast.viewer
    again = client.get(reverse("tokens:list")).content.decode()
    assert token.prefix in again and key not in again
    me = ApiClient(key).get("/api/v1/me").json()
    assert me["username"] == "viewer" and me["can_write"] is False and me["authenticated_by"] == "token"
    assert me["memberships"][0]["municipality"] == "alingsas"


def test_the_account_page_links_to_the_tokens(cast):
    html = cast.client(cast.viewer).get(reverse("accounts:account")).content.decode()
    assert reverse("tokens:list") in html


@pytest.mark.parametrize(
    ("expires_on", "message"),
    [
        (datetime.timedelta(days=0), "Välj ett datum efter i dag."),
        (datetime.timedelta(days=400), "En nyckel kan gälla högst ett år."),
    ],
)
def test_an_expiry_in_the_past_or_too_far_ahead_is_refused(cast, expires_on, message):
    page = _create(cast.client(cast.viewer), expires_on=(timezone.localdate() + expires_on).isoformat())
    assert message in page.content.decode()
    assert not ApiToken.objects.exists()


def test_a_revoked_or_expired_token_no_longer_works(cast):
    key = token_for(cast.viewer)
    client = ApiClient(key)
    assert client.get("/api/v1/me").status_code == 200
    token = ApiToken.objects.get(user=cast.viewer)
    response = cast.client(cast.viewer).post(reverse("tokens:revoke", args=[token.pk]))
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None and token.history.first().history_user == cast.viewer
    refused = client.get("/api/v1/me")
    assert refused.status_code == 401 and refused["WWW-Authenticate"].startswith("Bearer")
    expired = token_for(cast.viewer)
    ApiToken.objects.filter(prefix=expired.split(".")[0]).update(
        expires_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    assert ApiClient(expired).get("/api/v1/me").status_code == 401


def test_nobody_revokes_another_persons_token(cast):
    token_for(cast.viewer)
    token = ApiToken.objects.get(user=cast.viewer)
    assert cast.client(cast.coordinator).post(reverse("tokens:revoke", args=[token.pk])).status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_a_wrong_secret_with_a_real_prefix_is_refused(cast):
    key = token_for(cast.viewer)
    assert ApiClient(key[:-3] + "abc").get("/api/v1/me").status_code == 401


def test_a_token_is_rate_limited_on_its_own(cast, settings):
    settings.VARN_API_RATE = "3/m"
    cache.clear()
    first, second = ApiClient(token_for(cast.viewer)), ApiClient(token_for(cast.viewer))
    assert [first.get("/api/v1/me").status_code for _ in range(3)] == [200, 200, 200]
    limited = first.get("/api/v1/me")
    assert limited.status_code == 429 and "För många anrop" in limited.json()["detail"]
    assert int(limited["Retry-After"]) > 0
    assert second.get("/api/v1/me").status_code == 200
    cache.clear()


def test_a_deactivated_person_s_token_stops_working(cast):
    key = token_for(cast.viewer)
    cast.viewer.is_active = False
    cast.viewer.save()
    assert ApiClient(key).get("/api/v1/me").status_code == 401
