"""The exported coverage workbook can be edited and read back through the background worker with a
preview; bad files and rows are refused in Swedish with nothing saved."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from varn.core.models import Job
from varn.core.tests import excel
from varn.training.models import TrainingEffort
from varn.training.roundtrip import COLUMNS, SHEET

from .factories import TrainingEffortFactory

HEADERS = [h for _n, h in COLUMNS]


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    """Uploads are parked as files for the background job: keep them out of the worktree."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def efforts(cast):
    return (
        TrainingEffortFactory(program=cast.program, unit=cast.unit, participants=40, target_population=100),
        TrainingEffortFactory(
            program=cast.program, unit=cast.other_unit, participants=10, target_population=50
        ),
        TrainingEffortFactory(program=cast.program, unit=None, partner=cast.partner, participants=5),
    )


def export(client) -> bytes:
    return excel.download(client, "training:coverage-export")


def row_of(data: bytes, effort) -> int:
    return excel.row_where(data, SHEET, 1, effort.pk)


def upload(client, data: bytes):
    return excel.upload(client, "training:coverage-import", data)


def test_the_coverage_export_has_an_editable_sheet_of_the_efforts_the_reader_sees(cast, efforts):
    sheet = load_workbook(io.BytesIO(export(cast.client(cast.viewer))))[SHEET]
    assert [c.value for c in sheet[1]] == HEADERS
    assert sorted(sheet.cell(row=r, column=1).value for r in range(2, sheet.max_row + 1)) == sorted(
        e.pk for e in efforts
    )
    partner_sheet = load_workbook(io.BytesIO(export(cast.client(cast.partner_user))))[SHEET]
    assert [partner_sheet.cell(row=r, column=1).value for r in range(2, partner_sheet.max_row + 1)] == [
        efforts[2].pk
    ]


def test_edited_coverage_is_previewed_then_saved_by_the_importer(cast, efforts):
    own = efforts[0]
    c = cast.client(cast.unit_editor)
    data = export(c)
    edited = excel.edit(data, SHEET, HEADERS, {(row_of(data, own), "Antal deltagare"): 60})
    response = upload(c, edited)
    text = c.get(response["Location"]).content.decode()
    assert "Antal deltagare: 40 → 60" in text
    own.refresh_from_db()
    assert own.participants == 40
    assert c.post(response["Location"], {}).status_code == 302
    assert c.post(response["Location"], {}).status_code == 302  # a second click saves nothing more
    own.refresh_from_db()
    assert own.participants == 60
    assert own.history.first().history_user == cast.unit_editor
    assert own.history.count() == 2


def test_refused_coverage_rows_say_why(cast, efforts):
    own, other, _partner = efforts
    c = cast.client(cast.unit_editor)
    data = export(c)
    edited = excel.edit(
        data,
        SHEET,
        HEADERS,
        {
            (row_of(data, other), "Antal deltagare"): 20,
            (row_of(data, own), "Antal deltagare"): 500,
        },
    )
    text = c.get(upload(c, edited)["Location"]).content.decode()
    assert "Du får bara ändra utbildningssiffror för din egen organisation." in text
    assert "Antal deltagare (500) är fler än målgruppens storlek (100)." in text
    changed = TrainingEffort.objects.get(pk=own.pk)
    changed.note = "Ändrad i Värn"
    changed.save()
    stale = excel.edit(data, SHEET, HEADERS, {(row_of(data, own), "Antal deltagare"): 45})
    response = upload(c, stale)
    assert "har ändrats av någon annan sedan exporten" in c.get(response["Location"]).content.decode()
    assert c.post(response["Location"], {}).status_code == 400
    own.refresh_from_db()
    assert own.participants == 40


def test_a_formula_is_not_evaluated_and_its_row_is_refused(cast, efforts):
    own = efforts[0]
    c = cast.client(cast.unit_editor)
    data = export(c)
    response = upload(c, excel.edit(data, SHEET, HEADERS, {(row_of(data, own), "Antal deltagare"): "=40+20"}))
    assert "Formler läses inte (Antal deltagare)" in c.get(response["Location"]).content.decode()
    assert c.post(response["Location"], {}).status_code == 400
    own.refresh_from_db()
    assert own.participants == 40


@pytest.mark.parametrize(
    "make, message",
    [
        (
            lambda c: excel.download(c, "programs:measure-export"),
            "Filen är inte Värns mall: bladet ”Insatser att redigera” saknas.",
        ),
        (
            lambda c: excel.workbook_with(SHEET, ["Id", "Antal tillfällen", "Kommentar"], [[1, 2, "x"]]),
            "Filen är inte Värns mall: kolumner saknas:",
        ),
    ],
)
def test_a_coverage_file_that_is_not_the_template_fails_in_swedish(cast, efforts, make, message):
    c = cast.client(cast.coordinator)
    body = excel.failed_job_page(c, upload(c, make(c)))
    assert message in body
    assert Job.objects.get(kind="coverage_roundtrip").status == Job.Status.FAILED


def test_an_over_large_or_zip_bomb_coverage_file_is_refused_at_the_upload(cast, efforts, settings):
    c = cast.client(cast.coordinator)
    bomb = upload(c, excel.zip_bomb())
    assert bomb.status_code == 400 and "zip-bomb" in bomb.content.decode()
    settings.VARN_UPLOAD_MAX_BYTES = 1000
    large = upload(c, export(c))
    assert large.status_code == 400 and "MB" in large.content.decode()
    assert not Job.objects.exists()


def test_who_may_read_coverage_back(cast, efforts):
    url = reverse("training:coverage-import", args=["alingsas"])
    assert cast.client(cast.partner_user).get(url).status_code == 200
    assert cast.client(cast.viewer).get(url).status_code == 403
    assert cast.client(cast.outsider).get(url).status_code == 404
