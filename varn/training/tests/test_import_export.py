"""The Excel round trip: template, upload, preview, confirm; and the coverage export from the page
and from the command."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.http import HttpResponseRedirect
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from varn.core.models import Job
from varn.factories import TargetGroupFactory
from varn.training.importing import COLUMNS
from varn.training.models import TrainingEffort

from .factories import CourseFactory, TrainingEffortFactory, UnionTrainingOfferFactory

COURSE = "Webbkurs om våld i nära relationer"


def url(cast, name, *args):
    return reverse(f"training:{name}", args=[cast.slug, *args])


@pytest.fixture
def names(cast):
    CourseFactory(municipality=cast.municipality, name=COURSE)
    TargetGroupFactory(municipality=cast.municipality, name="Medarbetare")
    TargetGroupFactory(municipality=cast.municipality, name="Fackliga parter")


def workbook(rows, extra_headers=()) -> SimpleUploadedFile:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Utbildningsinsatser"
    ws.append([title for _name, title in COLUMNS] + list(extra_headers))
    for row in rows:
        ws.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    return SimpleUploadedFile("siffror.xlsx", buffer.getvalue())


def row(org="Socialförvaltningen", year=2026, participants=40, population=100, group="Medarbetare", extra=()):
    return [org, group, COURSE, year, None, None, 2, participants, population, None, *extra]


def upload(cast, user, file):
    """Post the file; it is read by a background job (run at once in tests), whose page the answer
    sends to. Gives the client and, for a read file, a redirect to the job's result (the preview)."""
    client = cast.client(user)
    response = client.post(url(cast, "import"), {"program": cast.program.pk, "file": file})
    if response.status_code != 302:
        return client, response
    job = Job.objects.get(
        created_by=user, kind="training_import", pk=response["Location"].rstrip("/").split("/")[-1]
    )
    page = client.get(response["Location"])
    assert page.status_code == 200
    if job.status != Job.Status.DONE:
        return client, page
    assert job.result_url in page.content.decode()
    return client, HttpResponseRedirect(job.result_url)


def pending_rows(user) -> str:
    return repr([job.result for job in Job.objects.filter(created_by=user, kind="training_import")])


def test_a_clean_file_is_previewed_then_saved_on_confirmation(cast, names):
    client, response = upload(cast, cast.coordinator, workbook([row(), row(org="BUF", year=2025)]))
    assert response.status_code == 302
    preview = client.get(response["Location"])
    assert preview.status_code == 200
    assert preview.context["valid_count"] == 2 and preview.context["invalid_count"] == 0
    assert not TrainingEffort.objects.exists()  # nothing saved before confirming
    done = client.post(response["Location"], {})
    assert done.status_code == 302
    assert TrainingEffort.objects.count() == 2
    effort = TrainingEffort.objects.get(unit=cast.unit)
    assert effort.history.get().history_user == cast.coordinator
    assert "rows" not in pending_rows(cast.coordinator)  # the read rows are gone once saved
    again = client.post(response["Location"], {})
    assert again.status_code == 302 and TrainingEffort.objects.count() == 2


def test_a_file_with_bad_rows_shows_an_error_per_row_and_saves_nothing(cast, names):
    rows = [
        row(),
        row(org="Tekniska kontoret"),
        row(participants=150, population=100),
        [*row(year=None)[:4], "2024-11-01", "2025-01-15", *row()[6:]],
    ]
    client, response = upload(cast, cast.coordinator, workbook(rows))
    preview = client.get(response["Location"])
    body = preview.content.decode()
    assert preview.context["invalid_count"] == 3
    assert "Okänd förvaltning eller samverkanspart: ”Tekniska kontoret”." in body
    assert "Antal deltagare (150) är fler än målgruppens storlek (100)." in body
    assert "Startdatum 2024-11-01 ligger utanför programperioden 2025–2027." in body
    refused = client.post(response["Location"], {})
    assert refused.status_code == 400
    assert "Inget sparades" in refused.content.decode()
    assert not TrainingEffort.objects.exists()


def test_the_user_may_drop_the_bad_rows_and_save_the_rest(cast, names):
    client, response = upload(cast, cast.coordinator, workbook([row(), row(org="Tekniska kontoret")]))
    done = client.post(response["Location"], {"drop_errors": "on"})
    assert done.status_code == 302
    assert TrainingEffort.objects.count() == 1
    messages = [str(m) for m in done.wsgi_request._messages]
    assert any("1 rader med fel hoppades över" in m for m in messages)


def test_a_file_with_only_bad_rows_saves_nothing_even_when_dropping(cast, names):
    client, response = upload(cast, cast.coordinator, workbook([row(org="Tekniska kontoret")]))
    refused = client.post(response["Location"], {"drop_errors": "on"})
    assert refused.status_code == 400
    assert not TrainingEffort.objects.exists()


def test_names_in_the_file_are_counted_discarded_and_the_user_is_told(cast, names):
    file = workbook(
        [row(extra=[None, "Anna Svensson"]), row(org="BUF", extra=["19811218-9876", "Per Ek"])],
        extra_headers=["Namn"],
    )
    client, response = upload(cast, cast.coordinator, file)
    stored = pending_rows(cast.coordinator)
    assert "Anna" not in stored and "Per Ek" not in stored and "9876" not in stored
    preview = client.get(response["Location"])
    body = preview.content.decode()
    assert "3 celler med namn eller andra personuppgifter" in body
    assert "Namn" in preview.context["name_columns"]
    done = client.post(response["Location"], {})
    messages = [str(m) for m in done.wsgi_request._messages]
    assert any("3 celler med namn" in m for m in messages)
    assert not TrainingEffort.objects.exclude(note="").exists()


def test_a_unit_editor_may_import_only_their_own_units_rows(cast, names):
    client, response = upload(cast, cast.unit_editor, workbook([row(), row(org="BUF")]))
    preview = client.get(response["Location"])
    assert preview.context["invalid_count"] == 1
    assert (
        "Du får bara registrera utbildning för din egen organisation (Socialförvaltningen)."
        in preview.content.decode()
    )
    client.post(response["Location"], {"drop_errors": "on"})
    assert list(TrainingEffort.objects.values_list("unit", flat=True)) == [cast.unit.pk]


def test_a_partner_imports_their_own_organisations_figures(cast, names):
    client, response = upload(
        cast,
        cast.partner_user,
        workbook([row(org="Vision", group="Fackliga parter", population=20, participants=5)]),
    )
    client.post(response["Location"], {})
    assert TrainingEffort.objects.get().partner == cast.partner


def test_a_file_that_is_not_excel_is_refused(cast, names):
    _client, response = upload(
        cast, cast.coordinator, SimpleUploadedFile("siffror.xlsx", b"Organisation;Antal\nSOC;4\n")
    )
    assert response.status_code == 400
    assert "Filen är inte av rätt typ" in response.content.decode()
    assert not Job.objects.exists()


def test_a_workbook_without_the_columns_is_refused(cast, names):
    wb = Workbook()
    sheet = wb.active
    assert sheet is not None
    sheet.append(["Vad", "När"])
    sheet.append(["Kurs", "2026"])
    buffer = io.BytesIO()
    wb.save(buffer)
    _client, page = upload(cast, cast.coordinator, SimpleUploadedFile("x.xlsx", buffer.getvalue()))
    assert "Hittade ingen rubrikrad" in page.content.decode()
    assert Job.objects.get().status == Job.Status.FAILED
    assert not TrainingEffort.objects.exists()


def test_a_cancelled_import_saves_nothing(cast, names):
    client, response = upload(cast, cast.coordinator, workbook([row()]))
    token = response["Location"].rstrip("/").rsplit("/", 1)[-1]
    assert client.post(url(cast, "import-cancel", token)).status_code == 302
    assert client.get(response["Location"]).status_code == 302
    assert not TrainingEffort.objects.exists()


def test_a_preview_cannot_be_reached_from_another_session_or_municipality(cast, names):
    _client, response = upload(cast, cast.coordinator, workbook([row()]))
    other = cast.client(cast.unit_editor)
    assert other.post(response["Location"], {}).status_code == 302
    assert cast.client(cast.outsider).post(response["Location"], {}).status_code == 404
    assert not TrainingEffort.objects.exists()


@pytest.mark.parametrize("name", ["import", "import-template"])
def test_a_viewer_cannot_import_and_an_outsider_gets_404(cast, names, name):
    assert cast.client(cast.viewer).get(url(cast, name)).status_code == 403
    assert cast.client(cast.outsider).get(url(cast, name)).status_code == 404


def test_the_template_offers_the_municipalitys_names_as_lists(cast, names):
    response = cast.client(cast.coordinator).get(url(cast, "import-template"))
    book = load_workbook(io.BytesIO(response.content))
    sheet = book["Utbildningsinsatser"]
    assert [c.value for c in sheet[1]][:3] == ["Förvaltning eller samverkanspart", "Målgrupp", "Utbildning"]
    lists = book["Listor"]
    organisations = [c.value for c in lists["A"][1:] if c.value]
    assert {"Socialförvaltningen", "Barn- och ungdomsförvaltningen", "Vision"} <= set(organisations)
    assert COURSE in [c.value for c in lists["C"]]
    formulas = {dv.formula1 for dv in sheet.data_validations.dataValidation}
    assert any(f and f.startswith("=Listor!$A$2") for f in formulas)


def test_a_unit_editors_template_lists_only_their_own_unit(cast, names):
    response = cast.client(cast.unit_editor).get(url(cast, "import-template"))
    lists = load_workbook(io.BytesIO(response.content))["Listor"]
    assert [c.value for c in lists["A"] if c.value] == ["Organisationer", "Socialförvaltningen"]


def test_the_filled_in_template_can_be_imported(cast, names):
    response = cast.client(cast.coordinator).get(url(cast, "import-template"))
    book = load_workbook(io.BytesIO(response.content))
    book["Utbildningsinsatser"].append(row())
    buffer = io.BytesIO()
    book.save(buffer)
    client, uploaded = upload(cast, cast.coordinator, SimpleUploadedFile("mall.xlsx", buffer.getvalue()))
    assert client.get(uploaded["Location"]).context["valid_count"] == 1


def _values(data: bytes) -> dict:
    book = load_workbook(io.BytesIO(data))
    return {name: [[c.value for c in r] for r in book[name].iter_rows()] for name in book.sheetnames}


def test_the_command_writes_the_same_workbook_as_the_page(cast, names, tmp_path):
    TrainingEffortFactory(program=cast.program, unit=cast.unit, course__municipality=cast.municipality)
    UnionTrainingOfferFactory(
        program=cast.program, partner=cast.partner, course__municipality=cast.municipality
    )
    out = tmp_path / "utbildning.xlsx"
    call_command("export_training", municipality=cast.slug, out=str(out), stdout=io.StringIO())
    page = cast.client(cast.coordinator).get(url(cast, "coverage-export"))
    assert _values(out.read_bytes()) == _values(page.content)
    assert "Vision" in repr(_values(out.read_bytes())["Fackliga parter"])


def test_the_command_explains_what_is_wrong(cast, tmp_path):
    with pytest.raises(CommandError, match="Ingen kommun"):
        call_command("export_training", municipality="nowhere", out=str(tmp_path / "x.xlsx"))
    with pytest.raises(CommandError, match="inget program med id"):
        call_command("export_training", municipality=cast.slug, out=str(tmp_path / "x.xlsx"), program=999999)
    with pytest.raises(CommandError, match="finns inte"):
        call_command("export_training", municipality=cast.slug, out=str(tmp_path / "no" / "x.xlsx"))
