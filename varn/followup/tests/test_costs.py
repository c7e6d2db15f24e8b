from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from openpyxl import load_workbook

from varn.factories import MeasureFactory
from varn.followup.costs import format_hours, format_number, format_sek, summarise
from varn.followup.models import CostCategory, CostEntry, Funding

from .conftest import count_queries
from .factories import CostEntryFactory


def url(cast, name, *args):
    return reverse(f"followup:{name}", args=[cast.slug, *args])


# Totals


def test_it_values_staff_hours_at_the_municipalitys_hourly_cost(cast, measures):
    own, _ = measures
    cast.municipality.hourly_cost = Decimal("500")
    cast.municipality.save()
    CostEntryFactory(measure=own, hours=Decimal("10"))
    CostEntryFactory(measure=own, money=True, amount=Decimal("2000"))
    summary = summarise(CostEntry.objects.all(), cast.municipality.hourly_cost)
    assert summary.total.hours == Decimal("10")
    assert summary.total.staff_sek == Decimal("5000")
    assert summary.total.other_sek == Decimal("2000")
    assert summary.total.total_sek == Decimal("7000")


def test_it_totals_per_measure_unit_goal_and_year_split_by_funding(cast, measures):
    own, other = measures
    CostEntryFactory(measure=own, year=2025, hours=Decimal("2"))
    CostEntryFactory(measure=own, year=2026, money=True, amount=Decimal("1000"), funding=Funding.STATE_GRANT)
    CostEntryFactory(measure=other, year=2026, money=True, amount=Decimal("300"), funding=Funding.PROJECT)
    summary = summarise(CostEntry.objects.all(), Decimal("450"))
    by_measure = {g.key: g.totals for g in summary.measures()}
    assert by_measure[own.pk].by_funding[Funding.EXISTING_BUDGET] == Decimal("900")
    assert by_measure[own.pk].by_funding[Funding.STATE_GRANT] == Decimal("1000")
    by_unit = {g.label: g.totals for g in summary.units()}
    assert by_unit["Barn- och ungdomsförvaltningen"].by_funding[Funding.PROJECT] == Decimal("300")
    assert [g.label for g in summary.years()] == ["2025", "2026"]
    assert summary.years()[1].totals.total_sek == Decimal("1300")
    assert len(summary.goals()) == 1
    assert summary.goals()[0].totals.total_sek == Decimal("2200")
    assert summary.total.outside_budget_sek == Decimal("1300")
    assert not summary.total.is_within_existing_budget


def test_it_shows_everything_within_existing_budgets_as_such(cast, measures):
    CostEntryFactory(measure=measures[0])
    summary = summarise(CostEntry.objects.all(), Decimal("450"))
    assert summary.total.is_within_existing_budget
    assert summary.total.existing_share == 100


def test_it_formats_figures_the_swedish_way():
    assert format_number(Decimal("1234567.5")) == "1\u00a0234\u00a0568"
    assert format_hours(Decimal("12.5")) == "12,5"
    assert format_hours(Decimal("12.0")) == "12"
    assert format_sek(450) == "450\u00a0kr"


# Validation


def test_the_database_refuses_negative_costs(cast, measures):
    with pytest.raises(IntegrityError), transaction.atomic():
        CostEntryFactory(measure=measures[0], hours=Decimal("-1"))
    with pytest.raises(IntegrityError), transaction.atomic():
        CostEntryFactory(measure=measures[0], money=True, amount=Decimal("-5"))


def test_it_refuses_money_on_staff_time_and_hours_on_other_categories(cast, measures):
    entry = CostEntry(
        municipality=cast.municipality,
        measure=measures[0],
        unit=cast.unit,
        year=2026,
        category=CostCategory.STAFF_TIME,
        hours=Decimal("0"),
        amount=Decimal("100"),
        basis="actual",
    )
    with pytest.raises(ValidationError) as error:
        entry.full_clean()
    assert set(error.value.message_dict) == {"hours", "amount"}
    entry.category, entry.hours, entry.amount = CostCategory.TRAVEL, Decimal("3"), Decimal("0")
    with pytest.raises(ValidationError) as error:
        entry.full_clean()
    assert "Timmar anges bara för personaltid" in str(error.value)


def post_data(measure, **overrides):
    data = {
        "measure": measure.pk,
        "year": "2026",
        "category": "staff_time",
        "hours": "12,5",
        "amount": "",
        "funding": "existing_budget",
        "basis": "actual",
        "note": "",
    }
    data.update(overrides)
    return data


# Pages


def test_coordinator_records_a_cost_for_any_measure(cast, measures):
    _, other = measures
    response = cast.client(cast.coordinator).post(url(cast, "cost-create"), post_data(other))
    assert response.status_code == 302
    entry = CostEntry.objects.get()
    assert entry.hours == Decimal("12.5")
    assert entry.unit == other.responsible_unit  # empty unit: the measure's responsible unit
    assert entry.history.count() == 1


def test_unit_editor_records_costs_for_their_own_units_measures(cast, measures):
    own, other = measures
    client = cast.client(cast.unit_editor)
    assert client.post(url(cast, "cost-create"), post_data(own)).status_code == 302
    assert CostEntry.objects.get().unit == cast.unit
    refused = client.post(url(cast, "cost-create"), post_data(other))
    assert refused.status_code == 200
    assert "Välj ett giltigt alternativ" in refused.content.decode()
    assert CostEntry.objects.count() == 1


def test_it_refuses_negative_costs_with_a_clear_message(cast, measures):
    client = cast.client(cast.coordinator)
    response = client.post(url(cast, "cost-create"), post_data(measures[0], hours="-3"))
    assert response.status_code == 200
    assert "Antalet timmar kan inte vara negativt." in response.content.decode()
    response = client.post(
        url(cast, "cost-create"), post_data(measures[0], category="material", hours="", amount="-100")
    )
    assert "Beloppet kan inte vara negativt." in response.content.decode()
    assert not CostEntry.objects.exists()


def test_viewer_and_partner_cannot_record_costs(cast, measures):
    for user in (cast.viewer, cast.partner_user):
        response = cast.client(user).post(url(cast, "cost-create"), post_data(measures[0]))
        assert response.status_code == 403
    assert not CostEntry.objects.exists()


def test_an_outsider_gets_404_on_cost_pages(cast, measures):
    entry = CostEntryFactory(measure=measures[0])
    client = cast.client(cast.outsider)
    for response in (
        client.get(url(cast, "cost-list")),
        client.get(url(cast, "cost-create")),
        client.get(url(cast, "cost-edit", entry.pk)),
        client.get(url(cast, "cost-export")),
    ):
        assert response.status_code == 404


def test_unit_editor_edits_only_their_own_units_entries(cast, measures):
    own, other = measures
    mine = CostEntryFactory(measure=own)
    theirs = CostEntryFactory(measure=other)
    client = cast.client(cast.unit_editor)
    response = client.post(
        url(cast, "cost-edit", mine.pk), post_data(own, hours="20", lock_version=mine.lock_version)
    )
    assert response.status_code == 302
    mine.refresh_from_db()
    assert mine.hours == Decimal("20")
    assert client.get(url(cast, "cost-edit", theirs.pk)).status_code == 403
    assert client.post(url(cast, "cost-delete", theirs.pk)).status_code == 403
    assert client.post(url(cast, "cost-delete", mine.pk)).status_code == 302
    assert list(CostEntry.objects.all()) == [theirs]


def test_cost_list_shows_totals_to_internal_roles_and_not_to_partners(cast, measures):
    CostEntryFactory(measure=measures[0], hours=Decimal("10"))
    for user in (cast.coordinator, cast.unit_editor, cast.viewer):
        response = cast.client(user).get(url(cast, "cost-list"))
        assert response.status_code == 200
        assert "4\u00a0500\u00a0kr" in response.content.decode()
    assert cast.client(cast.partner_user).get(url(cast, "cost-list")).status_code == 403


def test_cost_list_filters_and_answers_htmx_with_the_results_only(cast, measures):
    CostEntryFactory(measure=measures[0], year=2025)
    CostEntryFactory(measure=measures[1], year=2026)
    client = cast.client(cast.coordinator)
    response = client.get(url(cast, "cost-list"), {"year": "2025"}, headers={"HX-Request": "true"})
    body = response.content.decode()
    assert "<h1>" not in body
    assert "1 kostnadspost" in body


def test_cost_list_runs_the_same_number_of_queries_for_ten_times_the_data(cast, measures, goal):
    CostEntryFactory(measure=measures[0])
    client = cast.client(cast.coordinator)
    once = count_queries(lambda: client.get(url(cast, "cost-list")))
    for i in range(9):
        measure = MeasureFactory(
            program=cast.program, municipality=cast.municipality, goal=goal, responsible_unit=cast.other_unit
        )
        CostEntryFactory(measure=measure, year=2025 + i % 3)
        CostEntryFactory(measure=measure, money=True, funding=Funding.STATE_GRANT)
    assert count_queries(lambda: client.get(url(cast, "cost-list"))) == once


def test_excel_export_holds_the_entries_and_the_totals(cast, measures):
    CostEntryFactory(measure=measures[0], hours=Decimal("10"))
    CostEntryFactory(measure=measures[1], money=True, amount=Decimal("700"), funding=Funding.STATE_GRANT)
    response = cast.client(cast.viewer).get(url(cast, "cost-export"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == [
        "Kostnadsposter",
        "Per insats",
        "Per förvaltning",
        "Per mål",
        "Per år",
        "Om uppgifterna",
    ]
    entries = list(workbook["Kostnadsposter"].iter_rows(values_only=True))
    assert len(entries) == 3
    per_unit = {row[0]: row for row in workbook["Per förvaltning"].iter_rows(min_row=2, values_only=True)}
    assert per_unit["Socialförvaltningen"][4] == 4500  # 10 h × 450 kr
    assert per_unit["Barn- och ungdomsförvaltningen"][6] == 700  # state grant column
    assert cast.client(cast.partner_user).get(url(cast, "cost-export")).status_code == 403


def test_cost_history_shows_who_changed_what(cast, measures):
    entry = CostEntryFactory(measure=measures[0])
    client = cast.client(cast.coordinator)
    client.post(
        url(cast, "cost-edit", entry.pk), post_data(measures[0], hours="30", lock_version=entry.lock_version)
    )
    response = client.get(url(cast, "cost-history", entry.pk))
    assert response.status_code == 200
    body = response.content.decode()
    assert "coordinator" in body or "Test" in body
    assert "30" in body


def test_excel_export_and_the_report_appendix_write_formula_like_text_as_text(cast, measures):
    from varn.followup.excel import program_workbook

    measures[0].title = '=HYPERLINK("http://evil.example/x","Öppna")'
    measures[0].save()
    CostEntryFactory(measure=measures[0], note="=cmd|' /C calc'!A0")
    response = cast.client(cast.viewer).get(url(cast, "cost-export"))
    for data in (response.content, program_workbook(cast.program)):
        workbook = load_workbook(io.BytesIO(data))
        cells = [c for sheet in workbook.worksheets for row in sheet.iter_rows() for c in row]
        assert not [c.coordinate for c in cells if c.data_type == "f"]
        assert any(c.value == "=cmd|' /C calc'!A0" for c in cells) or data is not response.content
