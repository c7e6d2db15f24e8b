"""The measure list survives an export–edit–import round trip: the edited file is read by a
background job, previewed from the job and saved once on confirmation; bad files and bad rows are
refused in Swedish with nothing saved."""

import io
import zipfile

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from varn.core.models import Job
from varn.core.roundtrip_tasks import read_roundtrip
from varn.core.tests import excel
from varn.factories import GoalFactory, MeasureFactory, UnitFactory
from varn.programs.models import MeasureStatus, MeasureUpdate
from varn.programs.roundtrip import COLUMNS, SHEET

HEADERS = [h for _n, h in COLUMNS]


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    """Uploads are parked as files for the background job: keep them out of the worktree."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def measures(cast):
    goal = GoalFactory(program=cast.program, municipality=cast.municipality)
    own = MeasureFactory(
        program=cast.program,
        municipality=cast.municipality,
        goal=goal,
        responsible_unit=cast.unit,
        code="1.1",
        title="Basutbildning för socialtjänsten",
        status=MeasureStatus.PLANNED,
    )
    other = MeasureFactory(
        program=cast.program,
        municipality=cast.municipality,
        goal=goal,
        responsible_unit=cast.other_unit,
        code="1.2",
        title='=HYPERLINK("http://x")',
        status=MeasureStatus.ONGOING,
    )
    return own, other


def export(client, query=""):
    response = client.get(reverse("programs:measure-export", args=["alingsas"]) + query)
    assert response.status_code == 200
    return response.content


def edit(data: bytes, changes: dict[tuple[int, str], object]) -> bytes:
    return excel.edit(data, SHEET, HEADERS, changes)


def row_of(data: bytes, code: str) -> int:
    return excel.row_where(data, SHEET, 2, code)


def upload(client, data: bytes, *, run: bool = True):
    return excel.upload(client, "programs:measure-import", data, run=run)


def test_the_export_has_one_row_per_measure_with_id_status_unit_dates_and_update(cast, measures):
    own, _other = measures
    own.record_update(
        by=cast.coordinator, status=MeasureStatus.PLANNED, narrative="Planering klar", date="2026-01-15"
    )
    data = export(cast.client(cast.viewer))
    sheet = load_workbook(io.BytesIO(data))[SHEET]
    assert [c.value for c in sheet[1]] == HEADERS
    row = [c.value for c in sheet[row_of(data, "1.1")]]
    assert row[0] == own.pk and row[3] == "Socialförvaltningen" and row[6] == "Planerad"
    assert row[7] == "2026-01-15: Planering klar" and row[9] == own.lock_version
    assert row[4].date() == own.start_date


def test_the_export_follows_the_lists_filter(cast, measures):
    data = export(cast.client(cast.viewer), "?status=ongoing")
    sheet = load_workbook(io.BytesIO(data))[SHEET]
    assert sheet.max_row == 2 and sheet.cell(row=2, column=2).value == "1.2"


def test_text_that_looks_like_a_formula_is_exported_as_text(cast, measures):
    data = export(cast.client(cast.viewer))
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheet_xml = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet_xml
    sheet = load_workbook(io.BytesIO(data))[SHEET]
    cell = sheet.cell(row=row_of(data, "1.2"), column=3)
    assert cell.value == '=HYPERLINK("http://x")' and cell.data_type == "s"


def test_an_edited_export_is_previewed_and_saved_only_when_confirmed(cast, measures):
    c = cast.client(cast.coordinator)
    own, _other = measures
    data = export(c)
    r = row_of(data, "1.1")
    edited = edit(data, {(r, "Status"): "Pågår", (r, "Ny lägesbeskrivning"): "Första passet hållet"})
    response = upload(c, edited)
    assert response.status_code == 302
    preview = c.get(response["Location"])
    text = preview.content.decode()
    assert "Status: Planerad → Pågår" in text and "Lägesbeskrivning: Första passet hållet" in text
    assert '<span class="figure">1</span> rader ändrar något' in text
    own.refresh_from_db()
    assert own.status == MeasureStatus.PLANNED and not MeasureUpdate.objects.exists()  # nothing saved yet

    confirmed = c.post(response["Location"], {})
    assert confirmed.status_code == 302
    own.refresh_from_db()
    assert own.status == MeasureStatus.ONGOING
    update = MeasureUpdate.objects.get(measure=own)
    assert update.author == cast.coordinator and update.narrative == "Första passet hållet"
    assert own.history.first().history_user == cast.coordinator  # in the audit trail
    page = c.get(reverse("programs:measure-list", args=["alingsas"]))
    assert "1 insatser fick en ny lägesrapport." in page.content.decode()


def test_each_refused_row_says_why_and_nothing_is_saved(cast, measures):
    c = cast.client(cast.unit_editor)
    own, other = measures
    outside = MeasureFactory(municipality=cast.other, responsible_unit=UnitFactory(municipality=cast.other))
    data = export(c)
    own_row, other_row = row_of(data, "1.1"), row_of(data, "1.2")
    edited = edit(
        data,
        {
            (own_row, "Status"): "Klar typ",
            (other_row, "Status"): "Genomförd",
            (other_row + 1, "Id"): outside.pk,
            (other_row + 1, "Status"): "Pågår",
            (other_row + 1, "Version"): 1,
            (other_row + 2, "Id"): own.pk,
            (other_row + 2, "Status"): '="Pågår"',
        },
    )
    response = upload(c, edited)
    text = c.get(response["Location"]).content.decode()
    assert "Okänd status: ”Klar typ”. Tillåtna: Planerad, Pågår, Genomförd, Senarelagd, Avbruten." in text
    assert "Du får bara ändra insatser som din egen förvaltning ansvarar för." in text
    assert f"Insats {outside.pk} finns inte i kommunen." in text
    assert "Formler läses inte (Status)" in text
    assert "Raden gäller samma post som rad" in text
    refused = c.post(response["Location"], {})
    assert refused.status_code == 400 and "Inget sparades" in refused.content.decode()
    assert not MeasureUpdate.objects.exists()
    other.refresh_from_db()
    assert other.status == MeasureStatus.ONGOING


def test_a_row_changed_by_someone_else_since_the_export_is_refused(cast, measures):
    c = cast.client(cast.unit_editor)
    own, _other = measures
    data = export(c)
    own.record_update(
        by=cast.coordinator, status=MeasureStatus.POSTPONED, narrative="Skjuts upp", date="2026-02-01"
    )
    edited = edit(data, {(row_of(data, "1.1"), "Status"): "Genomförd"})
    response = upload(c, edited)
    text = c.get(response["Location"]).content.decode()
    assert "har ändrats av någon annan sedan exporten" in text
    c.post(response["Location"], {"drop_errors": "on"})
    own.refresh_from_db()
    assert own.status == MeasureStatus.POSTPONED and MeasureUpdate.objects.count() == 1


def test_a_change_made_between_preview_and_confirmation_is_caught(cast, measures):
    c = cast.client(cast.coordinator)
    own, _other = measures
    data = export(c)
    response = upload(c, edit(data, {(row_of(data, "1.1"), "Status"): "Pågår"}))
    own.record_update(
        by=cast.unit_editor, status=MeasureStatus.CANCELLED, narrative="Avbryts", date="2026-02-01"
    )
    confirmed = c.post(response["Location"], {})
    assert confirmed.status_code == 400
    own.refresh_from_db()
    assert own.status == MeasureStatus.CANCELLED


def workbook_with(headers, rows=()) -> bytes:
    return excel.workbook_with(SHEET, headers, rows)


@pytest.mark.parametrize(
    "data, message",
    [
        (
            workbook_with(["Id", "Status"], [[1, "Pågår"]]),
            "Filen är inte Värns mall: kolumner saknas: ”Version”.",
        ),
        (workbook_with(["Namn", "Telefon"], [["a", "b"]]), "Filen är inte Värns mall: rubrikraden"),
        (workbook_with(HEADERS), "Filen innehåller inga rader under rubrikraden."),
    ],
)
def test_a_workbook_that_is_not_the_template_fails_its_job_in_swedish(cast, measures, data, message):
    c = cast.client(cast.coordinator)
    response = upload(c, data)
    assert response.status_code == 302
    page = c.get(response["Location"])
    body = page.content.decode()
    assert "Filen kunde inte läsas" in body and message in body
    assert "Försök igen" in body and "Ladda upp en annan fil" in body and "hx-trigger" not in body
    assert Job.objects.get(kind="measure_roundtrip").status == Job.Status.FAILED
    assert not MeasureUpdate.objects.exists()


@pytest.mark.parametrize(
    "data, message",
    [(b"Id;Status;Version\n1;Pagar;1\n", "Excel"), (excel.zip_bomb(), "zip-bomb")],
)
def test_a_file_the_upload_refuses_starts_no_job(cast, measures, data, message):
    c = cast.client(cast.coordinator)
    response = upload(c, data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Job.objects.exists() and not MeasureUpdate.objects.exists()


def test_the_preview_page_follows_the_job_until_the_file_is_read(cast, measures):
    c = cast.client(cast.coordinator)
    data = export(c)
    response = upload(c, edit(data, {(row_of(data, "1.1"), "Status"): "Pågår"}), run=False)
    job = Job.objects.get(kind="measure_roundtrip")
    assert job.status == Job.Status.QUEUED and job.created_by == cast.coordinator
    waiting = c.get(response["Location"]).content.decode()
    assert "I kö" in waiting and "<progress" in waiting and 'hx-trigger="every 1s"' in waiting
    assert "Planerad → Pågår" not in waiting
    polled = c.get(response["Location"], headers={"HX-Request": "true"})
    assert "<html" not in polled.content.decode() and "<progress" in polled.content.decode()

    read_roundtrip.call(job.pk, **job.result["input"]["kwargs"])  # the worker picks it up
    job.refresh_from_db()
    assert job.status == Job.Status.DONE and job.result_url == response["Location"]
    done = c.get(response["Location"], headers={"HX-Request": "true"})
    assert done.headers["HX-Refresh"] == "true"  # the poll loads the whole preview
    assert "Status: Planerad → Pågår" in c.get(response["Location"]).content.decode()
    assert not MeasureUpdate.objects.exists()


def test_confirming_twice_records_the_change_once(cast, measures):
    c = cast.client(cast.coordinator)
    own, _other = measures
    data = export(c)
    response = upload(c, edit(data, {(row_of(data, "1.1"), "Status"): "Pågår"}))
    assert c.post(response["Location"], {}).status_code == 302
    again = c.post(response["Location"], {}, follow=True)
    assert "Importen är redan sparad (1 ändringar). Inget sparades en gång till." in again.content.decode()
    assert MeasureUpdate.objects.filter(measure=own).count() == 1
    assert own.history.count() == 2  # created, then the one import


def test_an_import_is_only_its_importers(cast, measures):
    c = cast.client(cast.coordinator)
    data = export(c)
    response = upload(c, edit(data, {(row_of(data, "1.1"), "Status"): "Pågår"}))
    editor = cast.client(cast.unit_editor)
    assert editor.get(response["Location"]).status_code == 404
    assert editor.post(response["Location"], {}).status_code == 404
    assert not MeasureUpdate.objects.exists()


def test_a_cancelled_import_saves_nothing_and_cannot_be_confirmed(cast, measures):
    c = cast.client(cast.coordinator)
    data = export(c)
    response = upload(c, edit(data, {(row_of(data, "1.1"), "Status"): "Pågår"}))
    cancel_url = response["Location"] + "avbryt/"
    assert "Importen är avbruten. Inget sparades." in c.post(cancel_url, follow=True).content.decode()
    late = c.post(response["Location"], {}, follow=True)
    assert "Förhandsgranskningen finns inte längre. Ladda upp filen igen." in late.content.decode()
    assert not MeasureUpdate.objects.exists()


def test_the_preview_of_a_long_file_costs_a_fixed_number_of_queries(
    cast, measures, django_assert_max_num_queries
):
    c = cast.client(cast.coordinator)
    data = export(c)
    workbook = load_workbook(io.BytesIO(edit(data, {(row_of(data, "1.1"), "Status"): "Pågår"})))
    for n in range(200):
        workbook[SHEET].append([None, f"9.{n}", "Rad utan id", None, None, None, "Pågår"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = upload(c, buffer.getvalue())
    with django_assert_max_num_queries(8):
        page = c.get(response["Location"])
    assert page.context["tally"] == {"changed": 1, "added": 0, "refused": 200, "unchanged": 1}


def test_an_over_large_file_is_refused(cast, measures, settings):
    c = cast.client(cast.coordinator)
    settings.VARN_UPLOAD_MAX_BYTES = 1000
    response = upload(c, export(c))
    assert response.status_code == 400 and "MB" in response.content.decode()


def test_who_may_export_and_import(cast, measures):
    url = reverse("programs:measure-import", args=["alingsas"])
    assert cast.client(cast.coordinator).get(url).status_code == 200
    assert cast.client(cast.unit_editor).get(url).status_code == 200
    assert cast.client(cast.viewer).get(url).status_code == 403
    assert cast.client(cast.partner_user).get(url).status_code == 403
    assert cast.client(cast.outsider).get(url).status_code == 404
    assert (
        cast.client(cast.outsider).get(reverse("programs:measure-export", args=["alingsas"])).status_code
        == 404
    )
    # A partner exports only the measures it takes part in.
    sheet = load_workbook(io.BytesIO(export(cast.client(cast.partner_user))))[SHEET]
    assert sheet.max_row == 1
