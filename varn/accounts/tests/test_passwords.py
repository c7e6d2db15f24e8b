import re

from django.core import mail
from django.urls import reverse


def _reset_link(body: str) -> str:
    match = re.search(r"https?://[^/\s]+(/konto/aterstall/[^\s]+/)", body)
    assert match, body
    return match.group(1)


def test_the_sign_in_page_offers_a_password_reset(db, client):
    body = client.get(reverse("core:login")).content.decode()
    assert reverse("accounts:password-reset") in body and "Glömt lösenordet?" in body


def test_a_user_resets_a_forgotten_password_by_email(cast, client):
    response = client.post(reverse("accounts:password-reset"), {"email": cast.viewer.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [cast.viewer.email]
    assert message.subject == "Nytt lösenord till Värn"
    assert "Välj ett nytt lösenord här" in message.body
    link = client.get(_reset_link(message.body), follow=True)
    assert "Välj nytt lösenord" in link.content.decode()
    form_url = link.redirect_chain[-1][0]
    done = client.post(
        form_url,
        {"new_password1": "Ett-nytt-lösen-2026", "new_password2": "Ett-nytt-lösen-2026"},
        follow=True,
    )
    assert "Lösenordet är sparat" in done.content.decode()
    signed_in = client.post(
        reverse("core:login"), {"username": "viewer", "password": "Ett-nytt-lösen-2026"}, follow=True
    )
    assert signed_in.redirect_chain[-1][0] == reverse("programs:dashboard", args=["alingsas"])


def test_the_reset_link_works_only_once(cast, client):
    client.post(reverse("accounts:password-reset"), {"email": cast.viewer.email})
    link = _reset_link(mail.outbox[0].body)
    form_url = client.get(link, follow=True).redirect_chain[-1][0]
    client.post(form_url, {"new_password1": "Ett-nytt-lösen-2026", "new_password2": "Ett-nytt-lösen-2026"})
    again = client.get(link, follow=True)
    assert "Länken fungerar inte längre" in again.content.decode()


def test_an_unknown_address_gets_the_same_answer_and_no_mail(db, client):
    response = client.post(reverse("accounts:password-reset"), {"email": "ingen@example.se"}, follow=True)
    assert "Kolla din e-post" in response.content.decode()
    assert mail.outbox == []


def test_a_weak_new_password_is_refused_in_swedish(cast, client):
    client.post(reverse("accounts:password-reset"), {"email": cast.viewer.email})
    form_url = client.get(_reset_link(mail.outbox[0].body), follow=True).redirect_chain[-1][0]
    response = client.post(form_url, {"new_password1": "12345678", "new_password2": "12345678"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "Uppgifterna sparades inte" in body and "för kort" in body


def test_five_wrong_passwords_lock_the_account_even_with_the_right_one(cast, client, settings):
    assert settings.AXES_FAILURE_LIMIT == 5
    statuses = [
        client.post(reverse("core:login"), {"username": "viewer", "password": "fel"}).status_code
        for _ in range(5)
    ]
    assert statuses == [200, 200, 200, 200, 429]
    response = client.post(reverse("core:login"), {"username": "viewer", "password": "password"})
    assert response.status_code == 429
    assert "tillfälligt låst" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_failures_below_the_limit_do_not_lock(cast, client):
    for _ in range(4):
        client.post(reverse("core:login"), {"username": "viewer", "password": "fel"})
    response = client.post(reverse("core:login"), {"username": "viewer", "password": "password"})
    assert response.status_code == 302


def test_a_lockout_counts_per_user_name_so_others_still_sign_in(cast, client):
    for _ in range(5):
        client.post(reverse("core:login"), {"username": "viewer", "password": "fel"})
    response = client.post(reverse("core:login"), {"username": "coordinator", "password": "password"})
    assert response.status_code == 302


def test_resetting_the_password_lifts_the_lockout(cast, client):
    for _ in range(5):
        client.post(reverse("core:login"), {"username": "viewer", "password": "fel"})
    client.post(reverse("accounts:password-reset"), {"email": cast.viewer.email})
    form_url = client.get(_reset_link(mail.outbox[0].body), follow=True).redirect_chain[-1][0]
    client.post(form_url, {"new_password1": "Ett-nytt-lösen-2026", "new_password2": "Ett-nytt-lösen-2026"})
    response = client.post(reverse("core:login"), {"username": "viewer", "password": "Ett-nytt-lösen-2026"})
    assert response.status_code == 302


def test_a_signed_in_user_changes_their_password(cast):
    client = cast.client(cast.unit_editor)
    response = client.post(
        reverse("accounts:password-change"),
        {
            "old_password": "password",
            "new_password1": "Ett-nytt-lösen-2026",
            "new_password2": "Ett-nytt-lösen-2026",
        },
    )
    assert response.status_code == 302
    cast.unit_editor.refresh_from_db()
    assert cast.unit_editor.check_password("Ett-nytt-lösen-2026")


def test_the_account_page_lists_the_users_memberships(cast):
    body = cast.client(cast.partner_user).get(reverse("accounts:account")).content.decode()
    assert "Alingsås kommun" in body and "Samverkanspart" in body and "Vision" in body
    assert "Tvåstegsverifiering är av" in body
