"""Kolada's catalogue and municipality groups, stored and searched: the coordinator finds a key
figure by words in its title or by id, and chooses similar municipalities among Kolada's groups.
Every Kolada answer comes from the stored responses in fixtures/ (no network)."""

from __future__ import annotations

import datetime
import io
from typing import Any

from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import Client, TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from varn.core.models import Job
from varn.factories import MembershipFactory, MunicipalityFactory, UserFactory
from varn.indicators.kolada import KoladaClient, KoladaError
from varn.indicators.models import Indicator, IndicatorValue, KoladaGroup, KoladaKpi, KoladaSource
from varn.indicators.services import fetch_catalogue, fetch_for_municipality
from varn.organisations.models import Role

from .fakes import BASE, CATALOGUE, GROUP_DATA, session

NOW = datetime.datetime(2026, 6, 1, 3, 0, tzinfo=datetime.UTC)


def kolada(routes=CATALOGUE) -> KoladaClient:
    s, _adapter = session(routes)
    return KoladaClient(BASE, session=s)


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


class People(TestCase):
    """Alingsås with a coordinator and a viewer, and Lerum's coordinator."""

    municipality: Any
    other: Any
    coordinator: Any
    viewer: Any
    outsider: Any
    url: str

    @classmethod
    def setUpTestData(cls):
        cls.municipality = MunicipalityFactory(name="Alingsås kommun", slug="alingsas", code="1489")
        cls.other = MunicipalityFactory(name="Lerums kommun", slug="lerum", code="1441")
        cls.coordinator = UserFactory(username="samordnare")
        MembershipFactory(user=cls.coordinator, municipality=cls.municipality, role=Role.COORDINATOR)
        cls.viewer = UserFactory(username="politiker")
        MembershipFactory(user=cls.viewer, municipality=cls.municipality, role=Role.VIEWER)
        cls.outsider = UserFactory(username="grannkommun")
        MembershipFactory(user=cls.outsider, municipality=cls.other, role=Role.COORDINATOR)


class FetchingTheCatalogue(People):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.counts = fetch_catalogue(client=kolada(), now=NOW)

    def test_it_pages_through_the_whole_catalogue_and_every_group(self):
        assert (self.counts.kpis, self.counts.groups) == (6, 3)
        kpi = KoladaKpi.objects.get(pk="N31807")
        assert kpi.title == "Invånare som någon gång under året erhållit ekonomiskt bistånd, andel (%)"
        assert kpi.is_divided_by_gender and kpi.operating_area == "Ekonomiskt bistånd"
        assert kpi.fetched_at == NOW
        assert KoladaKpi.objects.filter(pk="U99001").exists()  # from the second page
        assert not KoladaKpi.objects.filter(title="Felaktigt id").exists()  # a malformed id is skipped
        group = KoladaGroup.objects.get(pk="G00002")
        assert sorted(group.members.values_list("code", flat=True)) == ["1402", "1441", "1489"]
        assert KoladaGroup.objects.filter(pk="G00004").exists()  # from the second page

    def test_a_new_fetch_updates_titles_and_drops_what_kolada_no_longer_lists(self):
        later = NOW + datetime.timedelta(days=1)
        routes = [("/kpi", "catalogue_small.json"), ("/municipality_groups", "municipality_groups.json")]
        fetch_catalogue(client=kolada(routes), now=later)
        assert list(KoladaKpi.objects.values_list("pk", "title")) == [
            ("N31001", "Kostnad för ekonomiskt bistånd, kr/inv")
        ]
        assert KoladaKpi.objects.get().fetched_at == later
        assert list(KoladaGroup.objects.values_list("pk", flat=True)) == ["G00001"]

    def test_a_failure_or_an_empty_answer_keeps_the_catalogue(self):
        for routes, message in (
            ([("/kpi", 500)], "felkod 500"),
            ([("/kpi", "catalogue_empty.json")], "tom katalog"),
            ([("/kpi", "catalogue_small.json"), ("/municipality_groups", 503)], "felkod 503"),
        ):
            with self.subTest(message=message), self.assertRaisesMessage(KoladaError, message):
                fetch_catalogue(client=kolada(routes), now=NOW + datetime.timedelta(days=2))
            assert KoladaKpi.objects.count() == 6 and KoladaGroup.objects.count() == 3

    def test_the_command_says_in_swedish_when_kolada_cannot_be_reached(self):
        # In tests KOLADA_URL points at a closed port.
        with self.assertRaisesMessage(CommandError, "Den senast hämtade katalogen finns kvar."):
            call_command("fetch_kolada_catalogue", stdout=io.StringIO())
        assert KoladaKpi.objects.count() == 6


class ChoosingFromTheCatalogue(People):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        fetch_catalogue(client=kolada(), now=NOW)
        cls.url = reverse("indicators:indicator-create", args=["alingsas"])

    def page(self, **params) -> str:
        response = signed_in(self.coordinator).get(self.url, params)
        assert response.status_code == 200
        return response.content.decode()

    def test_a_search_finds_every_word_in_the_title_whatever_the_case(self):
        text = self.page(q="EKONOMISKT bistånd")
        # The suggested set first, with Kolada's own titles ...
        suggested = text.partition("Träffar i Koladas katalog")[0]
        assert "N31807" in suggested and "N31816" in suggested and "N31001" in suggested
        assert "Invånare som någon gång under året erhållit ekonomiskt bistånd, andel (%)" in suggested
        # ... then the rest of the catalogue; here nothing beyond the suggestions matches.
        assert "N00938" not in text and "Inga fler nyckeltal i Koladas katalog matchar sökningen." in text
        text = self.page(q="våld nära relation")
        assert "U99001" in text and "1 nyckeltal matchar." in text
        assert "<td>N31807</td>" not in text  # not every word is in its title
        assert "Inga föreslagna nyckeltal matchar sökningen." in text

    def test_a_search_finds_a_figure_by_its_id(self):
        text = self.page(q="u99001")
        assert "U99001" in text and "Ärenden med vuxna som aktualiserats i IFO" in text

    def test_the_results_are_bounded_and_counted(self):
        KoladaKpi.objects.bulk_create(
            KoladaKpi(
                id=f"X{n:05}",
                title=f"Nyckeltal om trygghet nummer {n}",
                search_text=KoladaKpi.search_text_for(f"X{n:05}", f"Nyckeltal om trygghet nummer {n}"),
                fetched_at=NOW,
            )
            for n in range(60)
        )
        with CaptureQueriesContext(connection) as queries:
            text = self.page(q="trygghet")
        assert "60 nyckeltal matchar; de första 50 visas." in text
        assert "X00049" in text and "X00050" not in text
        with CaptureQueriesContext(connection) as fewer:
            self.page(q="nummer 7")
        assert len(fewer) == len(queries)  # the same queries whatever the number of matches

    def test_choosing_a_figure_takes_its_title_description_and_gender_split_from_the_catalogue(self):
        response = signed_in(self.coordinator).post(self.url, {"kpi_id": "n31816", "position": 0})
        assert response.status_code == 302
        indicator = Indicator.objects.get(municipality=self.municipality, kpi_id="N31816")
        assert indicator.title == "Vuxna med långvarigt ekonomiskt bistånd, andel (%) av befolkningen"
        assert indicator.is_divided_by_gender and "tio till tolv månader" in indicator.description
        assert indicator.history.count() == 1
        assert "N31816" not in self.page()  # no longer suggested

    def test_an_id_that_is_not_in_the_catalogue_is_refused(self):
        response = signed_in(self.coordinator).post(self.url, {"kpi_id": "N99999", "position": 0})
        assert response.status_code == 400
        assert "Nyckeltalet N99999 finns inte i Koladas katalog." in response.content.decode()
        assert not Indicator.objects.exists()

    def test_only_the_coordinator_chooses_and_another_municipality_sees_nothing(self):
        assert signed_in(self.viewer).get(self.url).status_code == 403
        assert signed_in(self.viewer).post(self.url, {"kpi_id": "N31807", "position": 0}).status_code == 403
        assert signed_in(self.outsider).get(self.url).status_code == 404
        assert not Indicator.objects.exists()


class BeforeTheCatalogueIsFetched(People):
    def test_the_page_says_so_and_still_takes_a_typed_id(self):
        url = reverse("indicators:indicator-create", args=["alingsas"])
        text = signed_in(self.coordinator).get(url, {"q": "bistånd"}).content.decode()
        assert "Koladas katalog är inte hämtad ännu" in text
        assert "Hämta Kolada-katalogen" in text
        assert "N31807" in text  # the suggested set is searched all the same
        response = signed_in(self.coordinator).post(url, {"kpi_id": "N12345", "position": 0})
        assert response.status_code == 302
        assert Indicator.objects.get(kpi_id="N12345").title == ""  # the next fetch names it

    def test_the_button_fetches_the_catalogue_in_a_job(self):
        url = reverse("indicators:catalogue-fetch", args=["alingsas"])
        assert signed_in(self.viewer).post(url).status_code == 403
        assert signed_in(self.outsider).post(url).status_code == 404
        response = signed_in(self.coordinator).post(url)
        assert response.status_code == 302
        job = Job.objects.get(kind="indicators.catalogue")
        assert job.municipality == self.municipality and job.created_by == self.coordinator
        # In tests Kolada is unreachable: the job fails with a message and the page still works.
        text = signed_in(self.coordinator).get(response["Location"]).content.decode()
        assert "Katalogen kunde inte hämtas" in text
        assert (
            signed_in(self.coordinator)
            .get(reverse("indicators:indicator-create", args=["alingsas"]))
            .status_code
            == 200
        )


class ChoosingSimilarMunicipalities(People):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        fetch_catalogue(client=kolada(), now=NOW)
        cls.url = reverse("indicators:source-edit", args=["alingsas"])

    def test_the_form_offers_the_groups_the_municipality_is_in(self):
        text = signed_in(self.coordinator).get(self.url).content.decode()
        assert "Liknande kommuner, individ- och familjeomsorg, Alingsås (G00002)" in text
        assert "Pendlingskommun nära större stad (G00003)" in text
        assert "Storstäder" not in text  # Alingsås is not a member
        assert "Ingen jämförelsegrupp" in text

    def test_choosing_a_group_names_it_and_the_fetch_compares_with_it(self):
        response = signed_in(self.coordinator).post(self.url, {"county_id": "", "group_id": "G00002"})
        assert response.status_code == 302
        source = KoladaSource.objects.get(municipality=self.municipality)
        assert (source.group_id, source.group_title) == (
            "G00002",
            "Liknande kommuner, individ- och familjeomsorg, Alingsås",
        )
        assert source.history.count() == 1
        Indicator.objects.create(municipality=self.municipality, kpi_id="N31807")
        s, adapter = session(GROUP_DATA)
        fetch_for_municipality(self.municipality, client=KoladaClient(BASE, session=s), now=NOW)
        data_url = next(u for u in adapter.requested if "/data/" in u)
        assert "/municipality/1489,0014,0000,G00002/" in data_url
        value = IndicatorValue.objects.get(area_id="G00002")
        assert value.area == IndicatorValue.Area.GROUP and value.value == 2.6 and value.count == 3
        page = signed_in(self.viewer).get(reverse("indicators:list", args=["alingsas"])).content.decode()
        assert "Liknande kommuner, individ- och familjeomsorg, Alingsås" in page and "2,6" in page

    def test_a_fetch_while_the_form_is_open_does_not_make_the_edit_stale(self):
        signed_in(self.coordinator).post(self.url, {"county_id": "", "group_id": "G00003"})
        opened = KoladaSource.objects.get(municipality=self.municipality)
        Indicator.objects.create(municipality=self.municipality, kpi_id="N31807")
        s, _ = session(GROUP_DATA)
        fetch_for_municipality(self.municipality, client=KoladaClient(BASE, session=s), now=NOW)
        fetched = KoladaSource.objects.get(pk=opened.pk)
        assert fetched.fetched_at == NOW and fetched.lock_version == opened.lock_version
        response = signed_in(self.coordinator).post(
            self.url, {"county_id": "", "group_id": "G00002", "lock_version": opened.lock_version}
        )
        assert response.status_code == 302  # not "changed by someone else"
        assert KoladaSource.objects.get(pk=opened.pk).group_id == "G00002"

    def test_a_group_the_municipality_is_not_in_is_refused_and_nothing_is_saved(self):
        response = signed_in(self.coordinator).post(self.url, {"county_id": "", "group_id": "G00004"})
        assert response.status_code == 400
        assert "Välj ett giltigt alternativ" in response.content.decode()
        assert not KoladaSource.objects.exists()

    def test_only_the_coordinator_changes_the_comparisons(self):
        assert signed_in(self.viewer).post(self.url, {"group_id": "G00002"}).status_code == 403
        assert signed_in(self.outsider).get(self.url).status_code == 404
        assert not KoladaSource.objects.exists()


class GroupsNotFetched(People):
    def test_the_form_says_so_and_keeps_an_earlier_choice(self):
        earlier = KoladaSource.objects.create(
            municipality=self.municipality, group_id="G00009", group_title="Äldre grupp"
        )
        url = reverse("indicators:source-edit", args=["alingsas"])
        text = signed_in(self.coordinator).get(url).content.decode()
        assert "Koladas kommungrupper är inte hämtade ännu." in text
        assert "Äldre grupp (G00009, finns inte längre i Koladas katalog)" in text
        response = signed_in(self.coordinator).post(
            url, {"county_id": "0014", "group_id": "G00009", "lock_version": earlier.lock_version}
        )
        assert response.status_code == 302
        source = KoladaSource.objects.get(municipality=self.municipality)
        assert (source.county_id, source.group_id, source.group_title) == ("0014", "G00009", "Äldre grupp")
