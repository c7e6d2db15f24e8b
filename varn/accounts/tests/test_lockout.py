"""Sign-in lockout per user name and address, and per address across user names (issue 14)."""

from __future__ import annotations

from django.test import Client, RequestFactory
from django.urls import reverse

from varn.accounts.lockout import client_address

SPRAYED = "Sommar2026!"
OFFICE = "203.0.113.10"  # a municipality's staff behind one NAT address
ELSEWHERE = "198.51.100.20"


def sign_in(username: str, password: str, address: str):
    return Client(REMOTE_ADDR=address).post(
        reverse("core:login"), {"username": username, "password": password}, REMOTE_ADDR=address
    )


def assert_locked(response, heading: str = "Kontot är tillfälligt låst"):
    assert response.status_code == 429
    assert f"<h1>{heading}</h1>" in response.content.decode()


ADDRESS_LOCKED = "Inloggning härifrån är tillfälligt spärrad"


def assert_signed_in(response):
    assert response.status_code == 302, response.content.decode()[:500]
    assert response["Location"] != reverse("core:login")


def test_one_password_tried_across_many_user_names_locks_the_address(cast, settings):
    assert settings.VARN_LOCKOUT_ADDRESS_FAILURES == 30
    responses = [sign_in(f"person{n}", SPRAYED, OFFICE) for n in range(31)]
    assert all(r.status_code == 200 for r in responses[:29])  # each name failed once only
    assert_locked(responses[-1], ADDRESS_LOCKED)
    assert_locked(sign_in("viewer", "password", OFFICE), ADDRESS_LOCKED)  # even a right password, from there
    assert_signed_in(sign_in("viewer", "password", ELSEWHERE))


def test_colleagues_typos_below_the_address_limit_lock_no_one(cast):
    for n in range(settings_limit() - 1):
        assert sign_in(f"kollega{n}", "fel", OFFICE).status_code == 200
    assert_signed_in(sign_in("viewer", "password", OFFICE))


def test_a_colleague_signing_in_does_not_reset_the_address_count(cast):
    for n in range(settings_limit() - 1):
        sign_in(f"person{n}", SPRAYED, OFFICE)
    assert_signed_in(sign_in("coordinator", "password", OFFICE))
    assert_locked(sign_in("person-sista", SPRAYED, OFFICE), ADDRESS_LOCKED)


def test_a_single_user_name_still_locks_after_five_failures(cast, settings):
    assert settings.AXES_FAILURE_LIMIT == 5
    for _ in range(4):
        assert sign_in("viewer", "fel", OFFICE).status_code == 200
    assert_locked(sign_in("viewer", "fel", OFFICE))
    assert_locked(sign_in("viewer", "password", OFFICE))
    assert_signed_in(sign_in("coordinator", "password", OFFICE))  # another name from the same place
    assert_signed_in(sign_in("viewer", "password", ELSEWHERE))


def test_the_address_limit_follows_the_setting(cast, settings):
    settings.VARN_LOCKOUT_ADDRESS_FAILURES = 3
    for n in range(2):
        assert sign_in(f"person{n}", SPRAYED, OFFICE).status_code == 200
    assert_locked(sign_in("person2", SPRAYED, OFFICE), ADDRESS_LOCKED)


def test_behind_a_proxy_the_address_is_the_one_the_proxy_saw(settings):
    factory = RequestFactory()
    forged_then_real = factory.post("/", HTTP_X_FORWARDED_FOR=f"10.9.9.9, {OFFICE}", REMOTE_ADDR="127.0.0.1")
    settings.VARN_PROXY_COUNT = 0
    assert client_address(forged_then_real) == "127.0.0.1"
    settings.VARN_PROXY_COUNT = 1
    assert client_address(forged_then_real) == OFFICE  # what the client wrote first is not believed
    settings.VARN_PROXY_COUNT = 2
    assert client_address(forged_then_real) == "10.9.9.9"
    assert client_address(factory.post("/", REMOTE_ADDR="127.0.0.1")) == "127.0.0.1"


def test_behind_a_proxy_offices_are_counted_apart(cast, settings):
    settings.VARN_PROXY_COUNT = 1
    settings.VARN_LOCKOUT_ADDRESS_FAILURES = 3

    def via_proxy(username, password, address):
        return Client().post(
            reverse("core:login"),
            {"username": username, "password": password},
            REMOTE_ADDR="127.0.0.1",
            HTTP_X_FORWARDED_FOR=address,
        )

    for n in range(3):
        via_proxy(f"person{n}", SPRAYED, OFFICE)
    assert_locked(via_proxy("viewer", "password", OFFICE), ADDRESS_LOCKED)
    assert_signed_in(via_proxy("viewer", "password", ELSEWHERE))


def settings_limit() -> int:
    from django.conf import settings

    return settings.VARN_LOCKOUT_ADDRESS_FAILURES
