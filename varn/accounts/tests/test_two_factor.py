import time

import pytest
from django.urls import reverse
from django_otp.oath import hotp
from django_otp.plugins.otp_totp.models import TOTPDevice

from varn.accounts.twofactor import DEVICE_NAME


def code(device: TOTPDevice) -> str:
    """The code the app would show now (or the next one, if this one was already used)."""
    device.refresh_from_db()
    now = int((time.time() - device.t0) // device.step) + device.drift
    counter = max(now, device.last_t + 1)
    return f"{hotp(device.bin_key, counter, device.digits):0{device.digits}d}"


def enable(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=True)


def sign_in(client, username="coordinator"):
    return client.post(reverse("core:login"), {"username": username, "password": "password"}, follow=True)


def test_the_setup_page_shows_a_qr_code_and_the_key_to_type(cast):
    response = cast.client(cast.coordinator).get(reverse("accounts:two-factor"))
    body = response.content.decode()
    assert response.status_code == 200
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in body and 'role="img"' in body
    assert "style=" not in body and "<script>" not in body
    device = TOTPDevice.objects.get(user=cast.coordinator)
    assert not device.confirmed
    assert device.config_url.startswith("otpauth://totp/")
    assert 'class="secret"' in body


def test_a_coordinator_turns_on_two_factor_with_a_code_from_the_app(cast):
    client = cast.client(cast.coordinator)
    client.get(reverse("accounts:two-factor"))
    device = TOTPDevice.objects.get(user=cast.coordinator)
    response = client.post(reverse("accounts:two-factor"), {"code": code(device)}, follow=True)
    assert "Tvåstegsverifiering är på" in response.content.decode()
    device.refresh_from_db()
    assert device.confirmed
    # The session that turned it on is already verified: no code is asked for now.
    assert client.get(reverse("programs:dashboard", args=["alingsas"])).status_code == 200


def test_a_wrong_code_does_not_turn_it_on(cast):
    client = cast.client(cast.coordinator)
    client.get(reverse("accounts:two-factor"))
    response = client.post(reverse("accounts:two-factor"), {"code": "000000"})
    assert "Koden stämmer inte" in response.content.decode()
    assert not TOTPDevice.objects.get(user=cast.coordinator).confirmed


def test_a_coordinator_with_two_factor_must_give_a_code_after_the_password(cast, client, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # the wrong code below would otherwise delay the right one
    device = enable(cast.coordinator)
    response = sign_in(client)
    assert response.redirect_chain[-1][0].startswith(reverse("accounts:two-factor-verify"))
    assert "Ange koden från din autentiseringsapp" in response.content.decode()
    dashboard = reverse("programs:dashboard", args=["alingsas"])
    blocked = client.get(dashboard)
    assert blocked.status_code == 302 and blocked["Location"].startswith(
        reverse("accounts:two-factor-verify")
    )
    wrong = client.post(reverse("accounts:two-factor-verify"), {"code": "123456", "next": dashboard})
    assert "Koden stämmer inte" in wrong.content.decode()
    right = client.post(reverse("accounts:two-factor-verify"), {"code": code(device), "next": dashboard})
    assert right.status_code == 302 and right["Location"] == dashboard
    assert client.get(dashboard).status_code == 200


def test_the_code_step_does_not_follow_a_next_address_off_the_site(cast, client):
    device = enable(cast.coordinator)
    sign_in(client)
    response = client.post(
        reverse("accounts:two-factor-verify"), {"code": code(device), "next": "https://evil.example/"}
    )
    assert response["Location"] == reverse("core:home")


@pytest.mark.parametrize("name", ["core:logout", "accounts:accessibility", "healthz"])
def test_a_few_pages_open_before_the_code(cast, client, name):
    enable(cast.coordinator)
    sign_in(client)
    response = client.post(reverse(name)) if name == "core:logout" else client.get(reverse(name))
    assert not response.get("Location", "").startswith(reverse("accounts:two-factor-verify"))


def test_users_without_two_factor_are_not_asked_for_a_code(cast, client):
    response = sign_in(client, "viewer")
    assert response.redirect_chain[-1][0] == reverse("programs:dashboard", args=["alingsas"])


def test_repeated_wrong_codes_are_slowed_down(cast, client, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 600  # seconds after the first failure: no race with the clock
    device = enable(cast.coordinator)
    sign_in(client)
    for _ in range(3):
        client.post(reverse("accounts:two-factor-verify"), {"code": "000000"})
    response = client.post(reverse("accounts:two-factor-verify"), {"code": code(device)})
    assert "För många felaktiga koder" in response.content.decode()


def test_turning_two_factor_off_needs_a_valid_code(cast, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    device = enable(cast.coordinator)
    client = cast.client(cast.coordinator)
    client.post(reverse("accounts:two-factor-verify"), {"code": code(device)})
    refused = client.post(reverse("accounts:two-factor-disable"), {"code": "000000"})
    assert refused.status_code == 400 and TOTPDevice.objects.filter(user=cast.coordinator).exists()
    response = client.post(reverse("accounts:two-factor-disable"), {"code": code(device)})
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=cast.coordinator).exists()


# Required for some roles (VARN_REQUIRE_TWO_FACTOR)


def test_a_role_that_must_use_two_factor_sets_it_up_before_anything_else(cast, client, settings):
    settings.VARN_REQUIRE_TWO_FACTOR = ["coordinator"]
    dashboard = reverse("programs:dashboard", args=["alingsas"])
    sign_in(client)
    response = client.get(dashboard)
    assert response.status_code == 302 and response["Location"] == reverse("accounts:two-factor")
    page = client.get(reverse("accounts:two-factor")).content.decode()
    assert "Din roll i Värn kräver tvåstegsverifiering" in page
    assert client.get(reverse("accounts:accessibility")).status_code == 200  # still open
    device = TOTPDevice.objects.get(user=cast.coordinator)
    client.post(reverse("accounts:two-factor"), {"code": code(device)})
    assert client.get(dashboard).status_code == 200


def test_other_roles_choose_for_themselves(cast, client, settings):
    settings.VARN_REQUIRE_TWO_FACTOR = ["coordinator"]
    sign_in(client, "viewer")
    assert client.get(reverse("programs:dashboard", args=["alingsas"])).status_code == 200


def test_a_required_two_factor_cannot_be_turned_off(cast, settings):
    settings.VARN_REQUIRE_TWO_FACTOR = ["coordinator"]
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    device = enable(cast.coordinator)
    client = cast.client(cast.coordinator)
    client.post(reverse("accounts:two-factor-verify"), {"code": code(device)})
    assert "kan inte stängas av" in client.get(reverse("accounts:two-factor")).content.decode()
    response = client.post(reverse("accounts:two-factor-disable"), {"code": code(device)}, follow=True)
    assert "kan inte stängas av" in response.content.decode()
    assert TOTPDevice.objects.filter(user=cast.coordinator, confirmed=True).exists()


def test_nobody_is_required_to_by_default(cast, client):
    sign_in(client)
    assert client.get(reverse("programs:dashboard", args=["alingsas"])).status_code == 200


def test_a_role_name_that_does_not_exist_is_refused_at_start(db, settings):
    from django.core.management import call_command
    from django.core.management.base import SystemCheckError

    settings.VARN_REQUIRE_TWO_FACTOR = ["coordinators"]
    with pytest.raises(SystemCheckError, match="coordinators"):
        call_command("check")


def test_requiring_two_factor_applies_to_a_session_opened_before(cast, client, settings):
    settings.VARN_REQUIRE_TWO_FACTOR = []
    sign_in(client)
    dashboard = reverse("programs:dashboard", args=["alingsas"])
    assert client.get(dashboard).status_code == 200
    settings.VARN_REQUIRE_TWO_FACTOR = ["coordinator"]
    blocked = client.get(dashboard)
    assert blocked.status_code == 302 and blocked["Location"] == reverse("accounts:two-factor")
    # A viewer's session opened before stays as it was: the rule is for coordinators.
    viewer = cast.client(cast.viewer)
    assert viewer.get(dashboard).status_code == 200
