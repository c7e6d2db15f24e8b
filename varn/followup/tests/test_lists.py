"""The cost list and a round's board per measure sort by each column through plain links, page with
the shared pager, and export to Excel exactly the filtered, sorted rows of every page."""

from __future__ import annotations

from decimal import Decimal
from io import BytesIO
from typing import Any

from django.db import connection
from django.test import Client, TestCase, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from varn.factories import (
    GoalFactory,
    MeasureFactory,
    MembershipFactory,
    MunicipalityFactory,
    PartnerFactory,
    ProgramFactory,
    UnitFactory,
    UserFactory,
)
from varn.followup.models import FollowUpAnswer
from varn.organisations.models import Role

from .factories import CostEntryFactory, open_round


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _rows(response, sheet: str) -> list[tuple]:
    assert response.status_code == 200
    return list(load_workbook(BytesIO(response.content))[sheet].iter_rows(values_only=True))


@override_settings(VARN_PAGE_CACHE=False)
class ListTestCase(TestCase):
    municipality: Any
    program: Any
    goal: Any
    soc: Any
    buf: Any
    partner: Any
    measures: list
    coordinator: Any
    partner_user: Any
    outsider: Any

    @classmethod
    def setUpTestData(cls):
        cls.municipality = MunicipalityFactory(name="Alingsås kommun", slug="alingsas", code="1489")
        other = MunicipalityFactory(name="Lerums kommun", slug="lerum", code="1441")
        cls.program = ProgramFactory(municipality=cls.municipality)
        cls.goal = GoalFactory(program=cls.program, municipality=cls.municipality, code="1")
        cls.soc = UnitFactory(municipality=cls.municipality, name="Socialförvaltningen", short_name="SOC")
        cls.buf = UnitFactory(municipality=cls.municipality, name="Barn och unga", short_name="BUF")
        cls.partner = PartnerFactory(municipality=cls.municipality, name="Vision", kind="union")
        cls.measures = [
            cls._measure(code, unit) for code, unit in (("1.2", cls.soc), ("1.10", cls.buf), ("1.9", cls.soc))
        ]
        cls.coordinator = cls._member("coordinator", Role.COORDINATOR)
        cls.partner_user = cls._member("partner", Role.PARTNER, partner=cls.partner)
        cls.outsider = UserFactory(username="outsider")
        MembershipFactory(user=cls.outsider, municipality=other, role=Role.COORDINATOR)

    @classmethod
    def _measure(cls, code: str, unit):
        return MeasureFactory(
            program=cls.program,
            municipality=cls.municipality,
            goal=cls.goal,
            responsible_unit=unit,
            code=code,
        )

    @classmethod
    def _member(cls, username: str, role, **kwargs):
        user = UserFactory(username=username)
        MembershipFactory(user=user, municipality=cls.municipality, role=role, **kwargs)
        return user

    def _url(self, name: str, *args) -> str:
        return reverse(f"followup:{name}", args=[self.municipality.slug, *args])


class CostListTests(ListTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        for measure, amount in zip(cls.measures, ("300", "100", "200"), strict=True):
            CostEntryFactory(measure=measure, money=True, amount=Decimal(amount), year=2026)
        CostEntryFactory(measure=cls.measures[0], year=2025, hours=Decimal("36.5"))

    def test_it_sorts_by_amount_both_ways_and_keeps_the_filter_in_the_links(self):
        client = _client(self.coordinator)
        body = client.get(self._url("cost-list"), {"year": "2026", "sortera": "-belopp"}).content.decode()
        table = body[body.index('id="entries-heading"') :]
        assert table.index("300\u00a0kr") < table.index("200\u00a0kr") < table.index("100\u00a0kr")
        assert 'class="num" aria-sort="descending"><a href="?year=2026&amp;sortera=belopp"' in body
        assert 'href="/kommun/alingsas/uppfoljning/kostnader/excel/?year=2026&amp;sortera=-belopp"' in body
        ascending = client.get(self._url("cost-list"), {"year": "2026", "sortera": "belopp"}).content.decode()
        table = ascending[ascending.index('id="entries-heading"') :]
        assert table.index("100\u00a0kr") < table.index("200\u00a0kr") < table.index("300\u00a0kr")

    def test_the_export_holds_the_filtered_entries_of_every_page_in_the_order_shown(self):
        for i in range(55):
            CostEntryFactory(measure=self.measures[i % 3], money=True, amount=Decimal(1000 + i), year=2027)
        response = _client(self.coordinator).get(
            self._url("cost-export"), {"year": "2027", "sortera": "-belopp"}
        )
        rows = _rows(response, "Kostnadsposter")
        assert rows[0][0] == "År"
        amounts = [row[6] for row in rows[1:]]
        assert amounts == [float(1054 - i) for i in range(55)]

    def test_the_list_pages_with_the_shared_pager(self):
        for i in range(50):
            CostEntryFactory(measure=self.measures[0], year=2024, hours=Decimal(i + 1))
        body = _client(self.coordinator).get(self._url("cost-list"), {"sortera": "timmar", "sida": "2"})
        text = body.content.decode()
        assert '<nav aria-label="Sidor"' in text and "Sida 2 av 2" in text
        assert 'href="?sortera=timmar&amp;sida=1" rel="prev"' in text

    def test_the_list_runs_the_same_queries_for_5_and_50_entries(self):
        client = _client(self.coordinator)
        CostEntryFactory(measure=self.measures[1])
        client.get(self._url("cost-list"))
        with CaptureQueriesContext(connection) as five:
            assert client.get(self._url("cost-list"), {"sortera": "forvaltning"}).status_code == 200
        for i in range(45):
            measure = self._measure(f"2.{i}", UnitFactory(municipality=self.municipality))
            CostEntryFactory(measure=measure, year=2024 + i % 3)
        with self.assertNumQueries(len(five.captured_queries)):
            assert client.get(self._url("cost-list"), {"sortera": "forvaltning"}).status_code == 200


class RoundBoardTests(ListTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.round = open_round(cls.program)
        cls.question = cls.round.questions.order_by("order").first()
        response = cls.round.responses.get(measure=cls.measures[0])
        FollowUpAnswer.objects.create(
            municipality=cls.municipality, response=response, question=cls.question, text="=HYPERLINK(1)"
        )

    def _measures_column(self, body: str) -> list[str]:
        table = body[body.index('id="measures-heading"') :]
        return [cell.split("</a>")[0].split(">")[-1] for cell in table.split('<th scope="row">')[1:]]

    def test_the_board_sorts_by_measure_number_and_by_unit(self):
        client = _client(self.coordinator)
        body = client.get(self._url("round-detail", self.round.pk)).content.decode()
        assert [m.split()[0] for m in self._measures_column(body)] == ["1.2", "1.9", "1.10"]
        by_unit = client.get(self._url("round-detail", self.round.pk), {"sortera": "-forvaltning"})
        text = by_unit.content.decode()
        assert [m.split()[0] for m in self._measures_column(text)][2] == "1.10"  # BUF last, descending
        assert 'aria-sort="descending"><a href="?sortera=forvaltning"' in text

    def test_the_export_follows_the_sort_and_holds_the_answers_as_text(self):
        response = _client(self.coordinator).get(
            self._url("round-export", self.round.pk), {"sortera": "-besvarade"}
        )
        rows = _rows(response, "Svar")
        assert rows[0][:3] == ("Insats", "Förvaltning", "Besvarade frågor")
        assert rows[1][0].startswith("1.2") and rows[1][2] == 1
        column = rows[0].index(f"{self.question.order}. {self.question.text}")
        assert rows[1][column] == "=HYPERLINK(1)"  # written as text, never a formula
        sheet = load_workbook(BytesIO(response.content))["Svar"]
        assert sheet.cell(row=2, column=column + 1).data_type == "s"

    def test_a_partner_exports_the_board_without_the_answers_and_an_outsider_gets_404(self):
        rows = _rows(_client(self.partner_user).get(self._url("round-export", self.round.pk)), "Svar")
        assert len(rows[0]) == 6 and len(rows) == 4
        assert _client(self.outsider).get(self._url("round-export", self.round.pk)).status_code == 404

    def test_the_board_runs_the_same_queries_for_3_and_51_responses(self):
        client = _client(self.coordinator)
        url = self._url("round-detail", self.round.pk)
        client.get(url)
        with CaptureQueriesContext(connection) as few:
            assert client.get(url, {"sortera": "status"}).status_code == 200
        for i in range(48):  # 51 responses: two pages
            measure = self._measure(f"3.{i}", UnitFactory(municipality=self.municipality))
            self.round.responses.create(
                municipality=self.municipality, measure=measure, unit=measure.responsible_unit
            )
        with self.assertNumQueries(len(few.captured_queries)):
            body = client.get(url, {"sortera": "status", "sida": "2"}).content.decode()
        assert "Sida 2 av 2" in body
