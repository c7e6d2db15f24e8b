"""The API's key figures: each chosen Kolada figure with its values and their provenance, for every
member as on the page "Nyckeltal"; another municipality's figures are 404."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from varn.factories import MembershipFactory, MunicipalityFactory, PartnerFactory, UserFactory
from varn.indicators.kolada import KoladaClient
from varn.indicators.models import Indicator
from varn.indicators.services import fetch_for_municipality
from varn.indicators.tests.fakes import BASE, STANDARD, session
from varn.organisations.models import Role

from .helpers import api_client

NOW = datetime.datetime(2026, 6, 1, 3, 0, tzinfo=datetime.UTC)


def path(slug: str, rest: str = "") -> str:
    return f"/api/v1/municipalities/{slug}/indicators{rest}"


class IndicatorsInTheApi(TestCase):
    municipality: Any
    coordinator: Any
    viewer: Any
    partner: Any
    outsider: Any
    sick: Any
    merit: Any
    hidden: Any

    @classmethod
    def setUpTestData(cls):
        cls.municipality = MunicipalityFactory(name="Alingsås kommun", slug="alingsas", code="1489")
        other = MunicipalityFactory(name="Lerums kommun", slug="lerum", code="1441")
        people = {}
        for name, role in (("coordinator", Role.COORDINATOR), ("viewer", Role.VIEWER)):
            people[name] = UserFactory(username=name)
            MembershipFactory(user=people[name], municipality=cls.municipality, role=role)
        cls.coordinator, cls.viewer = people["coordinator"], people["viewer"]
        cls.partner = UserFactory(username="vision")
        MembershipFactory(
            user=cls.partner,
            municipality=cls.municipality,
            role=Role.PARTNER,
            partner=PartnerFactory(municipality=cls.municipality, name="Vision", kind="union"),
        )
        cls.outsider = UserFactory(username="grannkommun")
        MembershipFactory(user=cls.outsider, municipality=other, role=Role.COORDINATOR)
        cls.sick = Indicator.objects.create(
            municipality=cls.municipality, kpi_id="N00967", position=1, target=Decimal("8.50")
        )
        cls.merit = Indicator.objects.create(municipality=cls.municipality, kpi_id="N15413", position=2)
        cls.hidden = Indicator.objects.create(
            municipality=cls.municipality, kpi_id="N31807", position=3, is_active=False
        )
        s, _adapter = session(STANDARD)
        fetch_for_municipality(cls.municipality, client=KoladaClient(BASE, session=s), now=NOW)
        cls.lerum_figure = Indicator.objects.create(municipality=other, kpi_id="N00967")

    def test_each_figure_comes_with_its_values_and_their_provenance(self):
        response = api_client(self.viewer).get(path("alingsas"))
        assert response.status_code == 200
        body = response.json()
        assert body["count"] == 2 and [i["kpi_id"] for i in body["results"]] == ["N00967", "N15413"]
        sick = body["results"][0]
        assert sick["title"] == "Sjukpenningtalet, dagar/försäkrad 16-64 år" and sick["target"] == "8.50"
        assert sick["is_divided_by_gender"] is True
        women = next(
            v for v in sick["values"] if (v["area_id"], v["period"], v["gender"]) == ("1489", 2025, "K")
        )
        assert women == {
            "kpi_id": "N00967",
            "kpi_title": "Sjukpenningtalet, dagar/försäkrad 16-64 år",
            "area": "municipality",
            "area_label": "Kommunen",
            "area_id": "1489",
            "period": 2025,
            "gender": "K",
            "gender_label": "Kvinnor",
            "value": "10.5",
            "status": "",
            "count": 1,
            "fetched_at": "2026-06-01T03:00:00Z",
            "source_url": women["source_url"],
        }
        assert women["source_url"].startswith(f"{BASE}/data/kpi/N00967,N15413/municipality/1489,0014,0000/")
        missing = next(
            v for v in body["results"][1]["values"] if (v["area_id"], v["period"]) == ("1489", 2025)
        )
        assert missing["value"] is None and missing["status"] == "Missing"
        country = next(v for v in body["results"][1]["values"] if v["area"] == "country")
        assert country["area_label"] == "Riket" and country["count"] == 290

    def test_every_member_reads_them_and_only_the_coordinator_sees_hidden_ones(self):
        for user in (self.viewer, self.partner):
            body = api_client(user).get(path("alingsas")).json()
            assert [i["kpi_id"] for i in body["results"]] == ["N00967", "N15413"]
            assert api_client(user).get(path("alingsas", f"/{self.hidden.pk}")).status_code == 404
        body = api_client(self.coordinator).get(path("alingsas")).json()
        assert [i["kpi_id"] for i in body["results"]] == ["N00967", "N15413", "N31807"]
        detail = api_client(self.coordinator).get(path("alingsas", f"/{self.hidden.pk}")).json()
        assert detail["is_active"] is False and detail["values"] == []

    def test_another_municipalitys_figures_are_not_found(self):
        assert api_client(self.outsider).get(path("alingsas")).status_code == 404
        assert api_client(self.outsider).get(path("alingsas", f"/{self.sick.pk}")).status_code == 404
        assert api_client(self.outsider).get(path("lerum", f"/{self.sick.pk}")).status_code == 404
        assert api_client(self.viewer).get(path("alingsas", f"/{self.lerum_figure.pk}")).status_code == 404
        assert api_client(None).get(path("alingsas")).status_code == 401

    def test_values_can_be_narrowed_by_area_and_year(self):
        detail = api_client(self.viewer).get(
            path("alingsas", f"/{self.sick.pk}"), area="municipality", year_from=2025
        )
        values = detail.json()["values"]
        assert {(v["area"], v["period"]) for v in values} == {("municipality", 2025)}
        assert len(values) == 3  # T, K and M
        wrong = api_client(self.viewer).get(path("alingsas"), year_from="förra året")
        assert wrong.status_code == 422 and "year_from" in wrong.json()["errors"]

    def test_pages_link_to_each_other(self):
        first = api_client(self.viewer).get(path("alingsas"), page_size=1).json()
        assert first["count"] == 2 and len(first["results"]) == 1 and first["previous"] is None
        assert "page=2" in first["next"]
        second = api_client(self.viewer).get(path("alingsas"), page_size=1, page=2).json()
        assert second["results"][0]["kpi_id"] == "N15413" and second["next"] is None

    def test_updated_since_finds_changed_figures_and_refetched_values(self):
        checkpoint = timezone.now()
        assert (
            api_client(self.viewer)
            .get(path("alingsas"), updated_since=checkpoint.isoformat())
            .json()["count"]
            == 0
        )
        self.merit.target = Decimal("230")
        self.merit.save()
        body = api_client(self.viewer).get(path("alingsas"), updated_since=checkpoint.isoformat()).json()
        assert [i["kpi_id"] for i in body["results"]] == ["N15413"]
        s, _adapter = session(STANDARD)
        fetch_for_municipality(
            self.municipality, client=KoladaClient(BASE, session=s), now=NOW + datetime.timedelta(days=1)
        )
        body = api_client(self.viewer).get(path("alingsas"), updated_since=checkpoint.isoformat()).json()
        assert [i["kpi_id"] for i in body["results"]] == ["N00967", "N15413"]

    def test_the_list_costs_the_same_with_more_figures(self):
        client = api_client(self.viewer)
        client.get(path("alingsas"))
        with CaptureQueriesContext(connection) as few:
            client.get(path("alingsas"))
        for n in range(5):
            Indicator.objects.create(municipality=self.municipality, kpi_id=f"N9000{n}")
        with CaptureQueriesContext(connection) as many:
            assert client.get(path("alingsas")).json()["count"] == 7
        assert len(many) == len(few)


def test_values_are_plain_decimal_strings_and_never_a_float_artefact():
    from varn.api.indicators import _decimal

    assert _decimal(8.7) == "8.7"
    assert _decimal(1e16) == "10000000000000000"  # not "1e+16"
    assert _decimal(Decimal("3.50")) == "3.50"
    assert _decimal(float("nan")) is None and _decimal(None) is None
