from django.urls import reverse

from varn.factories import MembershipFactory, MunicipalityFactory, UserFactory


def test_a_member_signs_in_and_lands_on_their_municipality(cast, client):
    response = client.post(reverse("core:login"), {"username": "viewer", "password": "password"}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("programs:dashboard", args=["alingsas"])
    assert cast.program.title in response.content.decode()


def test_a_wrong_password_is_refused_with_a_message(cast, client):
    response = client.post(reverse("core:login"), {"username": "viewer", "password": "fel"})
    assert response.status_code == 200
    assert "Ange ett korrekt användarnamn och lösenord" in response.content.decode()


def test_repeated_failures_lock_the_account(cast, client, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("core:login"), {"username": "viewer", "password": "fel"})
    response = client.post(reverse("core:login"), {"username": "viewer", "password": "password"})
    assert response.status_code == 429
    assert "tillfälligt låst" in response.content.decode()


def test_a_member_of_several_municipalities_chooses_one(cast, client):
    second = MunicipalityFactory()
    MembershipFactory(user=cast.viewer, municipality=second)
    client.force_login(cast.viewer)
    body = client.get("/").content.decode()
    assert "Välj kommun" in body and second.name in body and "Alingsås kommun" in body


def test_a_user_without_membership_is_told_so(db, client):
    client.force_login(UserFactory())
    assert "hör inte till någon kommun" in client.get("/").content.decode()


def test_signing_out_needs_a_post_and_ends_the_session(cast):
    client = cast.client(cast.viewer)
    response = client.post(reverse("core:logout"))
    assert response.status_code == 302
    assert client.get(reverse("programs:dashboard", args=["alingsas"])).status_code == 302


def test_pages_are_swedish_whatever_the_browser_asks_for(db, client):
    response = client.get("/logga-in/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert '<html lang="sv">' in response.content.decode()


def test_the_language_switcher_chooses_english(db, client):
    client.post("/i18n/setlang/", {"language": "en", "next": "/logga-in/"})
    response = client.get("/logga-in/")
    assert '<html lang="en">' in response.content.decode()
