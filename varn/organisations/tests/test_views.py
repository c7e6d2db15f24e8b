from django.urls import reverse

from varn.factories import UnitFactory
from varn.organisations.models import Partner, Unit


def url(cast, name, *args):
    return reverse(f"organisations:{name}", args=[cast.slug, *args])


def test_the_coordinator_lists_units_and_partners(cast):
    body = cast.client(cast.coordinator).get(url(cast, "list")).content.decode()
    assert "Socialförvaltningen" in body and "Vision" in body


def test_other_roles_cannot_manage_organisations(cast):
    for user in (cast.unit_editor, cast.partner_user, cast.viewer):
        assert cast.client(user).get(url(cast, "list")).status_code == 403
        assert (
            cast.client(user)
            .post(url(cast, "unit-create"), {"name": "X", "kind": "administration"})
            .status_code
            == 403
        )
    assert not Unit.objects.filter(name="X").exists()


def test_an_outsider_gets_404_also_for_a_unit_id_of_this_municipality(cast):
    assert cast.client(cast.outsider).get(url(cast, "list")).status_code == 404
    # The outsider's own municipality in the URL, but this municipality's unit id.
    path = reverse("organisations:unit-edit", args=[cast.other.slug, cast.unit.pk])
    assert cast.client(cast.outsider).get(path).status_code == 404


def test_the_coordinator_creates_and_edits_a_unit(cast):
    client = cast.client(cast.coordinator)
    response = client.post(
        url(cast, "unit-create"),
        {"name": "Kultur- och fritidsförvaltningen", "kind": "administration", "is_active": "on"},
    )
    assert response.status_code == 302
    unit = Unit.objects.get(name="Kultur- och fritidsförvaltningen")
    assert unit.municipality == cast.municipality
    client.post(
        url(cast, "unit-edit", unit.pk),
        {"name": unit.name, "short_name": "KoF", "kind": "administration", "lock_version": unit.lock_version},
    )
    unit.refresh_from_db()
    assert unit.short_name == "KoF" and not unit.is_active
    history = client.get(url(cast, "unit-history", unit.pk)).content.decode()
    assert "KoF" in history


def test_a_name_must_be_unique_within_the_municipality_only(cast):
    UnitFactory(municipality=cast.other, name="Samhällsbyggnad")
    client = cast.client(cast.coordinator)
    clash = client.post(url(cast, "unit-create"), {"name": "socialförvaltningen", "kind": "administration"})
    assert "Det finns redan en organisation med det namnet" in clash.content.decode()
    assert (
        client.post(
            url(cast, "unit-create"), {"name": "Samhällsbyggnad", "kind": "administration"}
        ).status_code
        == 302
    )


def test_the_coordinator_adds_a_union_partner_and_bad_input_is_refused(cast):
    client = cast.client(cast.coordinator)
    bad = client.post(
        url(cast, "partner-create"), {"name": "", "kind": "nonsense", "email": "inte-en-adress"}
    )
    body = bad.content.decode()
    assert "Detta fält måste fyllas i." in body and "Fyll i en giltig e-postadress." in body
    assert (
        client.post(
            url(cast, "partner-create"), {"name": "Kommunal", "kind": "union", "is_active": "on"}
        ).status_code
        == 302
    )
    assert Partner.objects.get(name="Kommunal").is_union
