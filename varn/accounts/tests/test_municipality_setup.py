"""Site staff set up a municipality from the official list and invite its first coordinator, on a
page and with `manage.py create_municipality`."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from varn.accounts.models import Invitation
from varn.factories import MunicipalityFactory, UserFactory
from varn.organisations.models import Municipality, Role

PAGE = reverse("accounts:staff-municipalities")


@pytest.fixture
def staff(db):
    return UserFactory(username="drift", is_staff=True)


def test_the_page_offers_the_290_municipalities_by_name_and_code(staff, client):
    client.force_login(staff)
    response = client.get(PAGE)
    assert response.status_code == 200
    choices = list(response.context["form"].fields["code"].choices)
    assert len(choices) == 291  # and "Välj kommun"
    page = response.content.decode()
    assert '<option value="1489">Alingsås kommun (1489)</option>' in page
    assert '<option value="0180">Stockholms stad (0180)</option>' in page


def test_staff_create_a_municipality_and_its_coordinator_is_invited(staff, client):
    client.force_login(staff)
    response = client.post(PAGE, {"code": "1489", "coordinator_email": "samordnare@alingsas.se"}, follow=True)
    assert "Alingsås kommun är upplagd" in response.content.decode()
    municipality = Municipality.objects.get(code="1489")
    assert (municipality.name, municipality.slug) == ("Alingsås kommun", "alingsas")
    assert municipality.history.first().history_user == staff
    invitation = Invitation.objects.get(municipality=municipality)
    assert invitation.role == Role.COORDINATOR and invitation.email == "samordnare@alingsas.se"
    assert mail.outbox[-1].to == ["samordnare@alingsas.se"] and "Samordnare" in mail.outbox[-1].body
    assert "Alingsås kommun" in client.get(PAGE).content.decode()


def test_a_municipality_that_exists_is_explained_and_nothing_saved(staff, client):
    client.force_login(staff)
    client.post(PAGE, {"code": "1489", "coordinator_email": "a@alingsas.se"})
    response = client.post(PAGE, {"code": "1489", "coordinator_email": "b@alingsas.se"})
    assert response.status_code == 200
    assert "Alingsås kommun finns redan i Värn." in str(response.context["form"].errors["code"])
    assert Municipality.objects.count() == 1 and Invitation.objects.count() == 1 and len(mail.outbox) == 1


def test_a_name_or_code_not_on_the_list_cannot_be_sent(staff, client):
    client.force_login(staff)
    response = client.post(PAGE, {"code": "9999", "coordinator_email": "a@example.se"})
    assert "code" in response.context["form"].errors and not Municipality.objects.exists()


def test_a_bad_coordinator_address_saves_no_municipality(staff, client):
    client.force_login(staff)
    response = client.post(PAGE, {"code": "1441", "coordinator_email": "inte-en-adress"})
    assert "coordinator_email" in response.context["form"].errors and not Municipality.objects.exists()


def test_coordinators_viewers_and_other_municipalities_may_not_set_up_municipalities(cast):
    for user in (cast.coordinator, cast.viewer, cast.outsider):
        client = cast.client(user)
        assert client.get(PAGE).status_code == 403
        assert client.post(PAGE, {"code": "1440", "coordinator_email": "a@example.se"}).status_code == 403
    assert not Municipality.objects.filter(code="1440").exists()


def test_the_command_sets_up_a_municipality_and_invites_the_coordinator(db):
    out = StringIO()
    call_command(
        "create_municipality", "--code", "1489", "--coordinator", "samordnare@alingsas.se", stdout=out
    )
    assert "Alingsås kommun (1489) är upplagd" in out.getvalue()
    assert Invitation.objects.get().municipality.code == "1489"
    assert "/inbjudan/" in mail.outbox[-1].body


def test_the_command_refuses_a_municipality_that_exists(db):
    call_command("create_municipality", "--code", "1489", "--coordinator", "a@alingsas.se", stdout=StringIO())
    with pytest.raises(CommandError, match=r"Alingsås kommun finns redan i Värn\."):
        call_command("create_municipality", "--code", "1489", "--coordinator", "b@alingsas.se")
    with pytest.raises(CommandError, match="Välj en kommun i listan"):
        call_command("create_municipality", "--code", "9999", "--coordinator", "b@alingsas.se")
    assert Municipality.objects.count() == 1 and Invitation.objects.count() == 1


def test_the_staff_page_costs_the_same_with_more_municipalities(staff, client):
    client.force_login(staff)

    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(PAGE).status_code == 200
        return len(ctx.captured_queries)

    MunicipalityFactory(name="Lerums kommun", slug="lerum", code="1441")
    first = queries()
    for code in ("1440", "1442", "1443"):
        MunicipalityFactory(code=code)
    assert queries() == first
