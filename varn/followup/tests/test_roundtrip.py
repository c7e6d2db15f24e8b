"""Cost entries survive an export–edit–import round trip with a preview; refused rows say why."""

import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from varn.core.tests import excel
from varn.followup.models import CostEntry
from varn.followup.roundtrip import COLUMNS, SHEET

from .factories import CostEntryFactory

HEADERS = [h for _n, h in COLUMNS]


@pytest.fixture
def entries(cast, measures):
    own, other = measures
    return (
        CostEntryFactory(measure=own, hours=Decimal("10"), note="Planering"),
        CostEntryFactory(measure=other, money=True),
    )


def export(client) -> bytes:
    return excel.download(client, "followup:cost-roundtrip-export")


def row_of(data: bytes, entry) -> int:
    return excel.row_where(data, SHEET, 1, entry.pk)


def upload(client, data: bytes):
    return excel.upload(client, "followup:cost-import", data)


def test_the_export_has_each_entry_with_its_id_hours_amount_and_version(cast, entries):
    staff, money = entries
    data = export(cast.client(cast.viewer))
    sheet = load_workbook(io.BytesIO(data))[SHEET]
    assert [c.value for c in sheet[1]] == HEADERS
    row = [c.value for c in sheet[row_of(data, staff)]]
    assert row[0] == staff.pk and row[1] == 2026 and row[5] == "Personaltid" and row[6] == 10
    assert row[11] == staff.updated_at.isoformat(timespec="microseconds")
    assert [c.value for c in sheet[row_of(data, money)]][7] == 5000


def test_edited_costs_are_previewed_and_saved_as_changes_by_the_importer(cast, entries):
    staff, money = entries
    c = cast.client(cast.coordinator)
    data = export(c)
    edited = excel.edit(
        data,
        SHEET,
        HEADERS,
        {(row_of(data, staff), "Timmar"): "12,5", (row_of(data, money), "Belopp (kr)"): 6200},
    )
    response = upload(c, edited)
    text = c.get(response["Location"]).content.decode()
    assert "Timmar: 10 → 12,5" in text and "Belopp (kr): 5000 → 6200" in text
    staff.refresh_from_db()
    assert staff.hours == Decimal("10")  # nothing saved before confirmation
    assert c.post(response["Location"], {}).status_code == 302
    staff.refresh_from_db()
    money.refresh_from_db()
    assert staff.hours == Decimal("12.5") and money.amount == Decimal("6200")
    record = staff.history.first()
    assert record.history_user == cast.coordinator and record.history_change_reason == "Import från Excel"


def test_refused_cost_rows_say_why_and_nothing_is_saved(cast, entries):
    staff, money = entries
    c = cast.client(cast.unit_editor)
    data = export(c)
    changed = CostEntry.objects.get(pk=staff.pk)  # someone else saves it after the export
    changed.note = "Ändrad av någon annan"
    changed.save()
    staff_row, money_row = row_of(data, staff), row_of(data, money)
    edited = excel.edit(
        data,
        SHEET,
        HEADERS,
        {
            (staff_row, "Timmar"): 20,
            (money_row, "Belopp (kr)"): 7000,
            (money_row + 1, "Id"): 999999,
            (money_row + 1, "Timmar"): 1,
            (money_row + 2, "Id"): money.pk,
            (money_row + 2, "Timmar"): "många",
            (money_row + 3, "Id"): staff.pk,
            (money_row + 3, "Belopp (kr)"): "=B2*100",
        },
    )
    response = upload(c, edited)
    text = c.get(response["Location"]).content.decode()
    assert "ändrats av någon annan sedan exporten" in text
    assert "Du får bara ändra kostnader för insatser som din egen förvaltning ansvarar för." in text
    assert "Kostnadspost 999999 finns inte i kommunen." in text
    assert "Raden gäller samma post som rad" in text
    assert "Formler läses inte (Belopp (kr))" in text
    assert c.post(response["Location"], {"drop_errors": "on"}).status_code == 400
    staff.refresh_from_db()
    money.refresh_from_db()
    assert staff.hours == Decimal("10") and money.amount == Decimal("5000")


def test_staff_time_keeps_its_rule_and_numbers_must_be_numbers(cast, entries):
    staff, money = entries
    c = cast.client(cast.coordinator)
    data = export(c)
    edited = excel.edit(
        data,
        SHEET,
        HEADERS,
        {(row_of(data, staff), "Belopp (kr)"): 300, (row_of(data, money), "Timmar"): "många"},
    )
    text = c.get(upload(c, edited)["Location"]).content.decode()
    assert "För personaltid anges timmar (fler än 0), inte belopp." in text
    assert "Timmar ska vara ett tal, 0 eller större: ”många”." in text


def test_a_cost_file_that_is_not_the_template_is_refused(cast, entries):
    c = cast.client(cast.coordinator)
    measures_export = c.get(reverse("programs:measure-export", args=["alingsas"])).content
    response = upload(c, measures_export)
    assert response.status_code == 400
    assert "Filen är inte Värns mall: bladet ”Kostnadsposter” saknas." in response.content.decode()


def test_who_may_export_and_import_costs(cast, entries):
    url = reverse("followup:cost-import", args=["alingsas"])
    assert cast.client(cast.unit_editor).get(url).status_code == 200
    assert cast.client(cast.viewer).get(url).status_code == 403
    assert cast.client(cast.outsider).get(url).status_code == 404
    export_url = reverse("followup:cost-roundtrip-export", args=["alingsas"])
    assert cast.client(cast.partner_user).get(export_url).status_code == 403
    assert cast.client(cast.outsider).get(export_url).status_code == 404
