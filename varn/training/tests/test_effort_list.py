"""The training effort list sorts by each column through plain links that keep the filters, pages
with the shared pager, and exports to Excel exactly the filtered, sorted rows of every page."""

from __future__ import annotations

from io import BytesIO
from typing import Any

from django.db import connection
from django.test import Client, TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from varn.factories import (
    MembershipFactory,
    MunicipalityFactory,
    PartnerFactory,
    ProgramFactory,
    TargetGroupFactory,
    UnitFactory,
    UserFactory,
)
from varn.organisations.models import Role

from .factories import CourseFactory, TrainingEffortFactory


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


class EffortListTests(TestCase):
    municipality: Any
    program: Any
    unit: Any
    partner: Any
    course: Any
    group: Any
    coordinator: Any
    partner_user: Any
    outsider: Any

    @classmethod
    def setUpTestData(cls):
        cls.municipality = MunicipalityFactory(name="Alingsås kommun", slug="alingsas", code="1489")
        other = MunicipalityFactory(name="Lerums kommun", slug="lerum", code="1441")
        cls.program = ProgramFactory(municipality=cls.municipality)
        cls.unit = UnitFactory(municipality=cls.municipality, name="Socialförvaltningen")
        cls.partner = PartnerFactory(municipality=cls.municipality, name="Vision", kind="union")
        cls.course = CourseFactory(municipality=cls.municipality, name="Webbkurs om våld")
        cls.group = TargetGroupFactory(municipality=cls.municipality, name="Medarbetare")
        cls.coordinator = UserFactory(username="coordinator")
        MembershipFactory(user=cls.coordinator, municipality=cls.municipality, role=Role.COORDINATOR)
        cls.partner_user = UserFactory(username="partner")
        MembershipFactory(
            user=cls.partner_user, municipality=cls.municipality, role=Role.PARTNER, partner=cls.partner
        )
        cls.outsider = UserFactory(username="outsider")
        MembershipFactory(user=cls.outsider, municipality=other, role=Role.COORDINATOR)
        for participants in (15, 90, 40):
            cls._effort(participants=participants)
        cls._effort(participants=7, unit=None, partner=cls.partner)

    @classmethod
    def _effort(cls, **kwargs):
        values = {"program": cls.program, "course": cls.course, "unit": cls.unit, "target_group": cls.group}
        return TrainingEffortFactory(**{**values, **kwargs})

    def _url(self, name: str = "effort-list") -> str:
        return reverse(f"training:{name}", args=[self.municipality.slug])

    def _participants_column(self, body: str) -> list[int]:
        """The participants column of the page, in the order shown."""
        start = body.index("<tbody")
        cells = body[start : body.index("</tbody>", start)].split("<tr>")[1:]
        return [int(cell.split('<td class="num">')[2].split("<")[0]) for cell in cells]

    def test_it_sorts_by_participants_both_ways_and_says_so(self):
        client = _client(self.coordinator)
        ascending = client.get(self._url(), {"sortera": "deltagare"}).content.decode()
        assert self._participants_column(ascending) == [7, 15, 40, 90]
        assert 'aria-sort="ascending"><a href="?sortera=-deltagare"' in ascending
        descending = client.get(self._url(), {"sortera": "-deltagare"}).content.decode()
        assert self._participants_column(descending) == [90, 40, 15, 7]
        assert 'aria-sort="descending"' in descending

    def test_it_sorts_by_coverage_and_by_organisation(self):
        self._effort(participants=50, target_population=None)
        client = _client(self.coordinator)
        body = client.get(self._url(), {"sortera": "-tackning", "organisation": f"unit:{self.unit.pk}"})
        # 90 %, 40 %, 15 % and the one whose target group's size is unknown, wherever the database puts it
        shown = [n for n in self._participants_column(body.content.decode()) if n != 50]
        assert shown == [90, 40, 15]
        by_organisation = client.get(self._url(), {"sortera": "-organisation"}).content.decode()
        assert by_organisation.index("Vision") < by_organisation.index("Socialförvaltningen</td>")

    def test_a_header_link_keeps_the_filters_and_goes_back_to_the_first_page(self):
        body = _client(self.coordinator).get(self._url(), {"year": "2025", "sida": "2"}).content.decode()
        assert 'href="?year=2025&amp;sortera=deltagare"' in body

    def test_many_efforts_are_paged_with_the_shared_pager(self):
        for i in range(51):
            self._effort(participants=i % 10)
        body = (
            _client(self.coordinator).get(self._url(), {"sortera": "deltagare", "sida": "2"}).content.decode()
        )
        assert '<nav aria-label="Sidor"' in body
        assert "Sida 2 av 2" in body
        assert 'href="?sortera=deltagare&amp;sida=1" rel="prev">Föregående</a>' in body
        assert self._participants_column(body) == [9, 9, 15, 40, 90]  # the last 5 of 55, ascending

    def test_the_export_holds_the_filtered_rows_of_every_page_in_the_order_shown(self):
        for i in range(51):
            self._effort(participants=i % 10, year=2026)
        response = _client(self.coordinator).get(
            self._url("effort-export"), {"sortera": "-deltagare", "year": "2026"}
        )
        assert response.status_code == 200
        assert response["Content-Type"].startswith("application/vnd.openxmlformats")
        sheet = load_workbook(BytesIO(response.content))["Utbildningsinsatser"]
        rows = list(sheet.iter_rows(min_row=2, values_only=True))
        assert len(rows) == 51  # more than one page; the four efforts of 2025 are filtered out
        participants = [row[9] for row in rows]
        assert participants == sorted(participants, reverse=True)
        assert sheet["A1"].value == "Utbildning" and sheet["L1"].value == "Täckning"

    def test_a_partner_exports_only_its_own_efforts_and_an_outsider_gets_404(self):
        response = _client(self.partner_user).get(self._url("effort-export"))
        rows = list(load_workbook(BytesIO(response.content)).active.iter_rows(min_row=2, values_only=True))
        assert [(row[2], row[9]) for row in rows] == [("Vision", 7)]
        assert _client(self.outsider).get(self._url("effort-export")).status_code == 404

    def test_the_list_runs_the_same_queries_for_5_and_50_efforts(self):
        client = _client(self.coordinator)
        self._effort()
        client.get(self._url())  # warm up: session, translations
        with CaptureQueriesContext(connection) as five:
            assert client.get(self._url(), {"sortera": "organisation"}).status_code == 200
        for _i in range(45):
            unit = UnitFactory(municipality=self.municipality)
            self._effort(unit=unit, target_group=TargetGroupFactory(municipality=self.municipality))
        with self.assertNumQueries(len(five.captured_queries)):
            assert client.get(self._url(), {"sortera": "organisation"}).status_code == 200
