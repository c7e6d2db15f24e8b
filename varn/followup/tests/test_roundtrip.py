"""Cost entries survive an export–edit–import round trip through the background worker with a
preview; a row without an id adds an entry; refused rows say why and nothing is saved."""

import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from varn.core.models import Job
from varn.core.tests import excel
from varn.factories import MeasureFactory, ProgramFactory
from varn.followup.models import CostBasis, CostCategory, CostEntry, Funding
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


def new_row(data: bytes, offset: int = 1) -> int:
    """The number of an empty row below the exported ones."""
    sheet = load_workbook(io.BytesIO(data))[SHEET]
    return sheet.max_row + offset


def test_a_round_trip_adds_a_row_changes_a_row_and_leaves_one_unchanged(cast, entries, measures):
    staff, money = entries
    own, other = measures
    travel = CostEntryFactory(
        measure=own, category=CostCategory.TRAVEL, hours=Decimal("0"), amount=Decimal("300"), note="Tåg"
    )
    c = cast.client(cast.coordinator)
    data = export(c)
    added = new_row(data)
    edited = excel.edit(
        data,
        SHEET,
        HEADERS,
        {
            (row_of(data, staff), "Timmar"): "12,5",
            (added, "År"): 2026,
            (added, "Insats nr"): other.code,
            (added, "Insats"): other.title,
            (added, "Kostnadsslag"): "extern tjänst",
            (added, "Belopp (kr)"): "15 000",
            (added, "Kommentar"): "Föreläsare om hedersrelaterat våld",
        },
    )
    response = upload(c, edited)
    preview = c.get(response["Location"])
    text = preview.content.decode()
    assert preview.context["tally"] == {"changed": 2, "added": 1, "refused": 0, "unchanged": 2}
    assert "Timmar: 10 → 12,5" in text
    assert '<span class="badge">ny</span>' in text and "Kostnadsslag: Extern tjänst" in text
    assert "Belopp (kr): 15000" in text and f"Förvaltning: {cast.other_unit.name}" in text
    assert CostEntry.objects.count() == 3  # nothing saved before confirmation

    assert c.post(response["Location"], {}).status_code == 302
    assert c.post(response["Location"], {}).status_code == 302  # a second click saves nothing more
    assert CostEntry.objects.count() == 4
    new = CostEntry.objects.exclude(pk__in=[staff.pk, money.pk, travel.pk]).get()
    assert (new.measure, new.unit, new.year, new.category) == (
        other,
        cast.other_unit,
        2026,
        "external_service",
    )
    assert (
        new.amount == Decimal("15000") and new.hours == 0 and new.note == "Föreläsare om hedersrelaterat våld"
    )
    assert (new.funding, new.basis, new.created_by) == (
        Funding.EXISTING_BUDGET,
        CostBasis.ACTUAL,
        cast.coordinator,
    )
    record = new.history.get()
    assert record.history_user == cast.coordinator and record.history_change_reason == "Import från Excel"
    staff.refresh_from_db()
    assert staff.hours == Decimal("12.5") and staff.history.count() == 2
    assert travel.history.count() == 1  # the unchanged row changed nothing
    page = c.get(reverse("followup:cost-list", args=["alingsas"]))
    assert "2 kostnadsposter ändrades eller lades till." in page.content.decode()


def test_new_rows_are_refused_with_a_reason(cast, entries, measures):
    own, other = measures
    elsewhere = MeasureFactory(
        municipality=cast.other, program=ProgramFactory(municipality=cast.other), code="7.7"
    )
    c = cast.client(cast.unit_editor)
    data = export(c)
    first = new_row(data)
    rows = {
        0: {"Insats nr": other.code, "Kostnadsslag": "Material", "Belopp (kr)": 100},
        1: {"Insats nr": "9.9", "Kostnadsslag": "Material", "Belopp (kr)": 100},
        2: {
            "Insats nr": elsewhere.code,
            "Insats": elsewhere.title,
            "Kostnadsslag": "Material",
            "Belopp (kr)": 1,
        },
        3: {"Insats nr": own.code, "Kostnadsslag": "Fika", "Belopp (kr)": 100},
        4: {"Insats nr": own.code, "Kostnadsslag": "Personaltid", "Belopp (kr)": 100, "År": None},
        5: {"Insats nr": own.code, "Insats": "Något annat", "Kostnadsslag": "Material", "Belopp (kr)": 100},
        6: {
            "Insats": own.title,
            "Kostnadsslag": "Material",
            "Belopp (kr)": 100,
            "Förvaltning": cast.other_unit.name,
        },
        7: {"Insats nr": own.code, "Kostnadsslag": "Material", "Belopp (kr)": "=40*25"},
    }
    changes = {}
    for n, values in rows.items():
        values = {"År": 2026, **values}
        changes.update({(first + n, header): value for header, value in values.items()})
    response = upload(c, excel.edit(data, SHEET, HEADERS, changes))
    preview = c.get(response["Location"])
    text = preview.content.decode()
    assert preview.context["tally"]["refused"] == 8 and preview.context["tally"]["changed"] == 0
    assert "Du får bara lägga till kostnader för insatser som din egen förvaltning ansvarar för." in text
    assert "Insats nr ”9.9” finns inte i programmet." in text
    assert "Insats nr ”7.7” finns inte i programmet." in text  # another municipality's measure
    assert (
        "Okänt kostnadsslag: ”Fika”. Tillåtna: Personaltid, Extern tjänst, Material, Lokaler, Resor." in text
    )
    assert "År saknas: en ny kostnadspost behöver ett år." in text
    assert f"Insats nr ”{own.code}” heter ”{own.title}” i Värn, inte ”Något annat”." in text
    assert "Du registrerar kostnader för din egen förvaltning" in text
    assert "Formler läses inte (Belopp (kr))" in text
    refused = c.post(response["Location"], {"drop_errors": "on"})
    assert refused.status_code == 400 and "Inget sparades" in refused.content.decode()
    assert CostEntry.objects.count() == 2


def test_a_new_row_for_a_measure_that_changed_hands_is_refused_at_confirmation(cast, entries, measures):
    own, _other = measures
    c = cast.client(cast.unit_editor)
    data = export(c)
    added = new_row(data)
    edited = excel.edit(
        data,
        SHEET,
        HEADERS,
        {
            (added, "År"): 2026,
            (added, "Insats nr"): own.code,
            (added, "Kostnadsslag"): "Material",
            (added, "Belopp (kr)"): 400,
        },
    )
    response = upload(c, edited)
    assert "Material" in c.get(response["Location"]).content.decode()
    own.responsible_unit = cast.other_unit  # the coordinator moves the measure to another unit
    own.save()
    confirmed = c.post(response["Location"], {})
    body = confirmed.content.decode()
    assert confirmed.status_code == 400 and "ändrats sedan förhandsgranskningen" in body
    assert "Du får bara lägga till kostnader för insatser som din egen förvaltning ansvarar för." in body
    assert CostEntry.objects.count() == 2


@pytest.mark.parametrize(
    "make, message",
    [
        (
            lambda c: excel.download(c, "programs:measure-export"),
            "Filen är inte Värns mall: bladet ”Kostnadsposter” saknas.",
        ),
        (
            lambda c: excel.workbook_with(
                SHEET, ["Id", "År", "Timmar", "Senast ändrad"], [[1, 2026, 2, "x"]]
            ),
            "Filen är inte Värns mall: kolumner saknas: ”Belopp (kr)”.",
        ),
    ],
)
def test_a_cost_file_that_is_not_the_template_fails_in_swedish(cast, entries, make, message):
    c = cast.client(cast.coordinator)
    body = excel.failed_job_page(c, upload(c, make(c)))
    assert message in body
    assert Job.objects.get(kind="cost_roundtrip").status == Job.Status.FAILED
    assert CostEntry.objects.count() == 2


def test_an_over_large_or_zip_bomb_cost_file_is_refused_at_the_upload(cast, entries, settings):
    c = cast.client(cast.coordinator)
    bomb = upload(c, excel.zip_bomb())
    assert bomb.status_code == 400 and "zip-bomb" in bomb.content.decode()
    settings.VARN_UPLOAD_MAX_BYTES = 1000
    large = upload(c, export(c))
    assert large.status_code == 400 and "MB" in large.content.decode()
    assert not Job.objects.exists() and CostEntry.objects.count() == 2


def test_who_may_export_and_import_costs(cast, entries):
    url = reverse("followup:cost-import", args=["alingsas"])
    assert cast.client(cast.unit_editor).get(url).status_code == 200
    assert cast.client(cast.viewer).get(url).status_code == 403
    assert cast.client(cast.outsider).get(url).status_code == 404
    export_url = reverse("followup:cost-roundtrip-export", args=["alingsas"])
    assert cast.client(cast.partner_user).get(export_url).status_code == 403
    assert cast.client(cast.outsider).get(export_url).status_code == 404
