"""A coordinator's people: inviting by e-mail with a role, accepting the link (new account or an
existing one), changing roles, deactivating and reactivating, and the last coordinator kept."""

from __future__ import annotations

import re
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from varn.accounts.invitations import invite_person
from varn.accounts.models import Invitation, hash_token
from varn.factories import MembershipFactory, UnitFactory, UserFactory
from varn.organisations.models import Membership, Role

PASSWORD = "Ett-lÅngt-lösen-42"


def url(cast, name, *args):
    return reverse(name, args=[cast.slug, *args])


def link_in(message) -> str:
    found = re.search(r"https?://\S+/inbjudan/\S+/", message.body)
    assert found, message.body
    return urlsplit(found.group(0)).path


def invite(cast, email="ny@example.se", role=Role.VIEWER, **kw) -> str:
    """Invite through the page, as the coordinator, and return the link's path."""
    data = {"email": email, "role": role, **{k: v.pk for k, v in kw.items()}}
    response = cast.client(cast.coordinator).post(url(cast, "access:invite"), data)
    assert response.status_code == 302, response.content.decode()
    return link_in(mail.outbox[-1])


def membership(cast, user) -> Membership:
    return Membership.objects.get(user=user, municipality=cast.municipality)


# Inviting.


def test_the_coordinator_invites_a_unit_editor_and_the_mail_has_a_single_use_link(cast):
    path = invite(cast, "Anna@Example.se", Role.UNIT_EDITOR, unit=cast.unit)
    message = mail.outbox[-1]
    assert message.to == ["anna@example.se"]
    assert "Alingsås kommun" in message.subject and "Förvaltningskontakt" in message.body
    assert "Socialförvaltningen" in message.body and "7 dagar" in message.body
    invitation = Invitation.objects.get()
    token = path.rstrip("/").rsplit("/", 1)[1]
    assert invitation.token_hash == hash_token(token) and token not in invitation.token_hash
    page = cast.client(cast.coordinator).get(url(cast, "access:overview")).content.decode()
    assert "anna@example.se" in page and "Skickade inbjudningar" in page


def test_the_invite_page_is_the_coordinators_only(cast):
    for user, status in (
        (cast.coordinator, 200),
        (cast.viewer, 403),
        (cast.unit_editor, 403),
        (cast.outsider, 404),
    ):
        assert cast.client(user).get(url(cast, "access:invite")).status_code == status
    response = cast.client(cast.viewer).post(
        url(cast, "access:invite"), {"email": "x@example.se", "role": "viewer"}
    )
    assert response.status_code == 403 and not mail.outbox and not Invitation.objects.exists()


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"email": "editor@example.se", "role": "viewer"}, "email", "Personen är redan med i kommunen."),
        ({"email": "ny@example.se", "role": "unit_editor"}, "unit", "Välj förvaltningen som"),
        ({"email": "ny@example.se", "role": "partner"}, "partner", "Välj organisationen som"),
        ({"email": "inte-en-adress", "role": "viewer"}, "email", "giltig e-postadress"),
    ],
)
def test_bad_invitations_are_explained_next_to_the_field_and_nothing_is_sent(cast, data, field, message):
    response = cast.client(cast.coordinator).post(url(cast, "access:invite"), data)
    assert response.status_code == 200
    assert message in str(response.context["form"].errors[field])
    assert f'href="#id_{field}"' in response.content.decode()
    assert not mail.outbox and not Invitation.objects.exists()


def test_a_unit_of_another_municipality_cannot_be_given(cast):
    foreign = UnitFactory(municipality=cast.other, name="Lerums socialförvaltning")
    data = {"email": "ny@example.se", "role": "unit_editor", "unit": foreign.pk}
    response = cast.client(cast.coordinator).post(url(cast, "access:invite"), data)
    assert "unit" in response.context["form"].errors and not Invitation.objects.exists()


# Accepting.


def test_a_new_person_sets_a_password_is_signed_in_and_sees_the_municipality(cast, client):
    path = invite(cast, "ny@example.se", Role.UNIT_EDITOR, unit=cast.unit)
    page = client.get(path).content.decode()
    assert "Inbjudan till Värn i Alingsås kommun" in page and "ny@example.se" in page
    response = client.post(
        path,
        {"first_name": "Nora", "last_name": "Ny", "password1": PASSWORD, "password2": PASSWORD},
        follow=True,
    )
    assert response.status_code == 200
    assert "Välkommen till Värn i Alingsås kommun" in response.content.decode()
    assert response.context["membership"].role == Role.UNIT_EDITOR
    assert response.context["membership"].unit == cast.unit
    user = response.context["user"]
    assert user.username == "ny@example.se" and user.check_password(PASSWORD)
    assert membership(cast, user).history.first().history_user == user


def test_the_link_works_once(cast, client):
    path = invite(cast)
    client.post(path, {"first_name": "N", "last_name": "Ny", "password1": PASSWORD, "password2": PASSWORD})
    client.logout()
    response = client.get(path)
    assert response.status_code == 410
    assert "Inbjudan har redan använts" in response.content.decode()
    again = client.post(
        path, {"first_name": "X", "last_name": "Y", "password1": PASSWORD, "password2": PASSWORD}
    )
    assert again.status_code == 410 and Membership.objects.filter(user__email="ny@example.se").count() == 1


def test_an_expired_link_says_so_and_saves_nothing(cast, client):
    path = invite(cast)
    Invitation.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    response = client.post(
        path, {"first_name": "N", "last_name": "Ny", "password1": PASSWORD, "password2": PASSWORD}
    )
    assert response.status_code == 410
    assert "Inbjudan har gått ut" in response.content.decode()
    assert not Membership.objects.filter(user__email="ny@example.se").exists()


@override_settings(VARN_INVITATION_DAYS=2)
def test_how_long_a_link_lasts_is_a_setting(cast):
    invite(cast)
    left = Invitation.objects.get().expires_at - timezone.now()
    assert timedelta(days=1, hours=23) < left <= timedelta(days=2)


def test_an_unknown_link_is_404(client, db):
    assert client.get("/inbjudan/finns-inte/").status_code == 404


def test_a_weak_or_mismatched_password_is_explained_and_nothing_saved(cast, client):
    path = invite(cast)
    response = client.post(
        path, {"first_name": "N", "last_name": "Ny", "password1": "123", "password2": "123"}
    )
    assert response.status_code == 200 and "password1" in response.context["form"].errors
    response = client.post(
        path, {"first_name": "N", "last_name": "Ny", "password1": PASSWORD, "password2": "annat"}
    )
    assert "Lösenorden är inte lika." in str(response.context["form"].errors["password2"])
    assert not Membership.objects.filter(user__email="ny@example.se").exists()
    assert Invitation.objects.get().accepted_at is None


def test_a_person_with_an_account_accepts_into_a_second_municipality_without_a_new_password(cast):
    """The outsider coordinates Lerum; invited to Alingsås, they sign in and say yes."""
    path = invite(cast, cast.outsider.email, Role.VIEWER)
    anonymous = cast.client(cast.outsider)
    anonymous.logout()
    page = anonymous.get(path).content.decode()
    assert "Du har redan ett konto" in page and "Logga in och tacka ja" in page
    client = cast.client(cast.outsider)
    assert "Tacka ja" in client.get(path).content.decode()
    response = client.post(path, follow=True)
    assert response.context["municipality"] == cast.municipality
    assert membership(cast, cast.outsider).role == Role.VIEWER
    assert cast.outsider.check_password("password")  # unchanged
    # Working in two municipalities now, the header offers the choice of which.
    assert "Byt kommun" in response.content.decode()
    home = client.get(reverse("core:home")).content.decode()
    assert "Alingsås kommun" in home and "Lerums kommun" in home


def test_someone_signed_in_with_another_address_cannot_take_the_invitation(cast):
    path = invite(cast, "ny@example.se")
    client = cast.client(cast.viewer)
    assert "inbjudan gäller en annan e-postadress" in client.get(path).content.decode()
    assert client.post(path).status_code == 403
    assert Invitation.objects.get().accepted_at is None


def test_a_new_invitation_to_the_same_address_replaces_the_earlier(cast, client):
    first = invite(cast)
    second = invite(cast)
    assert client.get(first).status_code == 410
    assert client.get(second).status_code == 200


# Roles, deactivating, reactivating.


def test_the_coordinator_changes_a_role_and_it_is_in_the_audit_trail(cast):
    client = cast.client(cast.coordinator)
    target = membership(cast, cast.viewer)
    response = client.post(
        url(cast, "access:membership-edit", target.pk),
        {"role": "partner", "partner": cast.partner.pk, "lock_version": target.lock_version},
    )
    assert response.status_code == 302
    target.refresh_from_db()
    assert target.role == Role.PARTNER and target.partner == cast.partner
    latest = target.history.first()
    assert latest.history_user == cast.coordinator and latest.role == "partner"
    page = client.get(url(cast, "access:membership-history", target.pk)).content.decode()
    assert "Samverkanspart" in page


def test_changing_a_role_is_the_coordinators_only(cast):
    target = membership(cast, cast.viewer)
    path = url(cast, "access:membership-edit", target.pk)
    assert cast.client(cast.coordinator).get(path).status_code == 200
    assert cast.client(cast.viewer).post(path, {"role": "coordinator"}).status_code == 403
    assert cast.client(cast.outsider).get(path).status_code == 404
    assert membership(cast, cast.viewer).role == Role.VIEWER


def test_a_role_change_over_a_newer_one_is_refused_and_nothing_saved(cast):
    target = membership(cast, cast.viewer)
    path = url(cast, "access:membership-edit", target.pk)
    client = cast.client(cast.coordinator)
    shown = client.get(path).context["form"]["lock_version"].value()
    # A colleague gives the person the partner role meanwhile.
    target.change_role(role=Role.PARTNER, partner=cast.partner, by=cast.coordinator)
    history = target.history.count()
    response = client.post(path, {"role": "coordinator", "lock_version": shown})
    assert response.status_code == 200
    assert "Någon annan har ändrat personens roll" in response.content.decode()
    assert membership(cast, cast.viewer).role == Role.PARTNER
    assert target.history.count() == history


def test_a_role_change_without_its_version_is_refused(cast):
    target = membership(cast, cast.viewer)
    response = cast.client(cast.coordinator).post(
        url(cast, "access:membership-edit", target.pk), {"role": "coordinator"}
    )
    assert response.status_code == 200
    assert "saknar uppgiften om vilken version" in response.content.decode()
    assert membership(cast, cast.viewer).role == Role.VIEWER


def test_a_role_without_its_unit_is_explained_and_nothing_saved(cast):
    target = membership(cast, cast.viewer)
    response = cast.client(cast.coordinator).post(
        url(cast, "access:membership-edit", target.pk),
        {"role": "unit_editor", "lock_version": target.lock_version},
    )
    assert response.status_code == 200 and "unit" in response.context["form"].errors
    assert membership(cast, cast.viewer).role == Role.VIEWER


def test_the_last_coordinator_cannot_be_demoted(cast):
    mine = membership(cast, cast.coordinator)
    response = cast.client(cast.coordinator).post(
        url(cast, "access:membership-edit", mine.pk), {"role": "viewer", "lock_version": mine.lock_version}
    )
    assert response.status_code == 200
    assert "minst en aktiv samordnare" in str(response.context["form"].errors)
    assert membership(cast, cast.coordinator).role == Role.COORDINATOR


def test_the_last_coordinator_cannot_be_deactivated_but_one_of_two_can(cast):
    client = cast.client(cast.coordinator)
    mine = membership(cast, cast.coordinator)
    response = client.post(url(cast, "access:membership-deactivate", mine.pk), follow=True)
    assert "minst en aktiv samordnare" in response.content.decode()
    assert membership(cast, cast.coordinator).is_active
    second = MembershipFactory(
        user=UserFactory(username="andra"), municipality=cast.municipality, role=Role.COORDINATOR
    )
    client.post(url(cast, "access:membership-deactivate", second.pk))
    second.refresh_from_db()
    assert not second.is_active


def test_a_deactivated_person_loses_access_and_gets_it_back(cast):
    client = cast.client(cast.coordinator)
    target = membership(cast, cast.viewer)
    viewer = cast.client(cast.viewer)
    assert client.post(url(cast, "access:membership-deactivate", target.pk)).status_code == 302
    assert viewer.get(url(cast, "programs:dashboard")).status_code == 404
    assert "avstängd" in client.get(url(cast, "access:overview")).content.decode()
    assert client.post(url(cast, "access:membership-activate", target.pk)).status_code == 302
    assert viewer.get(url(cast, "programs:dashboard")).status_code == 200
    assert [h.is_active for h in target.history.all()[:2]] == [True, False]


def test_deactivating_is_the_coordinators_only_and_a_post(cast):
    target = membership(cast, cast.unit_editor)
    path = url(cast, "access:membership-deactivate", target.pk)
    assert cast.client(cast.viewer).post(path).status_code == 403
    assert cast.client(cast.outsider).post(path).status_code == 404
    assert cast.client(cast.coordinator).get(path).status_code == 405
    assert membership(cast, cast.unit_editor).is_active


def test_invitations_are_written_with_who_sent_them(cast):
    invitation = invite_person(cast.municipality, email="x@example.se", role=Role.VIEWER, by=cast.coordinator)
    assert invitation.history.first().history_user == cast.coordinator


@override_settings(VARN_OIDC_ENABLED=True, VARN_OIDC_BUTTON_LABEL="Logga in med kommunens konto")
def test_with_single_sign_on_the_link_offers_it_and_comes_back_to_the_invitation(cast, client):
    path = invite(cast, "ny@example.se")
    page = client.get(path).content.decode()
    assert "Logga in med kommunens konto" in page
    assert f'href="{reverse("accounts:sso-start")}?next={path}"' in page


def _queries(client, path) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(path).status_code == 200
    return len(ctx.captured_queries)


def test_the_people_page_costs_the_same_with_more_invitations(cast):
    client = cast.client(cast.coordinator)
    invite_person(cast.municipality, email="a0@example.se", role=Role.UNIT_EDITOR, unit=cast.unit, by=None)
    first = _queries(client, url(cast, "access:overview"))
    for i in range(1, 8):
        invite_person(
            cast.municipality, email=f"a{i}@example.se", role=Role.PARTNER, partner=cast.partner, by=None
        )
    assert _queries(client, url(cast, "access:overview")) == first
