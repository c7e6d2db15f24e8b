"""Word and Excel files whose XML declares a document type or entities (issue 14): refused before
any parser sees them, with a Swedish message, on every route that takes such a file; nothing saved."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from varn.core import uploads
from varn.core.models import Job
from varn.core.tests.test_uploads import docx_bytes, refusal, xlsx_bytes, zip_bytes
from varn.decisions.models import Attachment
from varn.decisions.tests.factories import CaseFactory, DecisionFactory
from varn.followup.models import ReportTemplate
from varn.organisations.models import Partner, Unit
from varn.programs.models import ProgramVersion
from varn.training.models import TrainingEffort

REFUSED = "DOCTYPE eller ENTITY"

LAUGHS = (
    '<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
    '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>\n'
)
EXTERNAL = '<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'


def with_part(data: bytes, name: str, change) -> bytes:
    """A copy of an Office file with one XML part changed by `change(text) -> bytes`."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            payload = source.read(info.filename)
            target.writestr(info, change(payload.decode("utf-8")) if info.filename == name else payload)
    return out.getvalue()


def declared(text: str, prologue: str = LAUGHS) -> bytes:
    """The part with a DOCTYPE in place of its XML declaration."""
    body = text.split("?>", 1)[1] if text.startswith("<?xml") else text
    return (prologue + body.lstrip()).encode("utf-8")


def hostile_docx() -> bytes:
    return with_part(docx_bytes(), "word/document.xml", declared)


def hostile_xlsx() -> bytes:
    return with_part(xlsx_bytes(), "xl/worksheets/sheet1.xml", lambda t: declared(t, EXTERNAL))


# The check itself


def test_a_word_file_with_a_doctype_is_refused_in_swedish():
    assert REFUSED in refusal(hostile_docx(), {"docx"}, "program.docx")


def test_an_excel_file_with_an_external_entity_is_refused():
    assert REFUSED in refusal(hostile_xlsx(), {"xlsx"}, "kostnader.xlsx")


def test_a_declaration_in_any_part_is_found_whatever_the_part_is_called():
    data = with_part(docx_bytes(), "word/styles.xml", declared)
    assert REFUSED in refusal(data, {"docx"})
    renamed = zip_bytes({"word/document.xml": b"<w:document/>", "word/media/bild.png": LAUGHS.encode()})
    assert REFUSED in refusal(renamed, {"docx"})


def test_a_declaration_written_in_utf_16_is_found():
    data = with_part(
        docx_bytes(),
        "word/document.xml",
        lambda t: declared(t).decode().replace("UTF-8", "UTF-16").encode("utf-16"),
    )
    assert REFUSED in refusal(data, {"docx"})


def test_a_lower_case_declaration_is_found():
    data = with_part(
        docx_bytes(), "word/document.xml", lambda t: declared(t, LAUGHS.replace("DOCTYPE", "doctype"))
    )
    assert REFUSED in refusal(data, {"docx"})


def test_a_declaration_across_two_read_chunks_is_found(monkeypatch):
    monkeypatch.setattr(uploads, "_SCAN_CHUNK", 64)
    padding = "<!-- " + "x" * 60 + " -->"  # puts "<!DOCTYPE" across the first chunk's end
    data = with_part(docx_bytes(), "word/document.xml", lambda t: declared(t, padding + LAUGHS))
    assert REFUSED in refusal(data, {"docx"})


def test_a_picture_whose_bytes_happen_to_spell_a_declaration_passes():
    picture = b"\x89PNG\r\n\x1a\n" + b"<!ENTITY" + b"\x00" * 40
    data = zip_bytes({"word/document.xml": b"<w:document/>", "word/media/image1.png": picture})
    assert uploads.check_upload(SimpleUploadedFile("bild.docx", data), {"docx"}).kind == "docx"


def test_ordinary_word_and_excel_files_still_pass():
    assert uploads.check_upload(SimpleUploadedFile("a.docx", docx_bytes()), {"docx"}).kind == "docx"
    assert uploads.check_upload(SimpleUploadedFile("a.xlsx", xlsx_bytes()), {"xlsx"}).kind == "xlsx"


# Every route that takes a Word or Excel file


def _post(client, url: str, data: bytes, name: str, field: str = "file", **extra):
    return client.post(url, {field: SimpleUploadedFile(name, data), **extra})


def _assert_refused(response):
    assert response.status_code == 400
    assert REFUSED in response.content.decode()


@pytest.fixture
def counts(cast):
    def now():
        return (
            Job.objects.count(),
            ReportTemplate.objects.count(),
            ProgramVersion.objects.count(),
            Unit.objects.count(),
            Partner.objects.count(),
            Attachment.objects.count(),
            TrainingEffort.objects.count(),
        )

    return now


@pytest.mark.parametrize(
    "route", ["programs:measure-import", "followup:cost-import", "training:coverage-import"]
)
def test_the_excel_round_trips_refuse_it(cast, counts, route):
    before = counts()
    client = cast.client(cast.coordinator)
    _assert_refused(_post(client, reverse(route, args=[cast.slug]), hostile_xlsx(), "fil.xlsx"))
    assert counts() == before
    assert not any(key.endswith("_imports") for key in client.session.keys())  # noqa: SIM118 (a session is not iterable)


def test_the_training_import_refuses_it(cast, counts):
    before = counts()
    response = _post(
        cast.client(cast.coordinator),
        reverse("training:import", args=[cast.slug]),
        hostile_xlsx(),
        "utbildning.xlsx",
        program=cast.program.pk,
    )
    _assert_refused(response)
    assert counts() == before


@pytest.mark.parametrize("what", ["units", "partners"])
def test_the_units_and_partners_import_refuses_it(cast, counts, what):
    before = counts()
    response = _post(
        cast.client(cast.coordinator),
        reverse("organisations:import", args=[cast.slug]),
        hostile_xlsx(),
        "lista.xlsx",
        what=what,
    )
    _assert_refused(response)
    assert counts() == before


def test_the_report_word_template_upload_refuses_it(cast, counts):
    before = counts()
    response = _post(
        cast.client(cast.coordinator),
        reverse("followup:template-upload", args=[cast.slug]),
        hostile_docx(),
        "mall.docx",
    )
    _assert_refused(response)
    assert counts() == before


def test_the_programme_document_import_refuses_it(cast, counts):
    before = counts()
    response = _post(
        cast.client(cast.coordinator),
        reverse("documents:version-import", args=[cast.slug, cast.program.pk]),
        hostile_docx(),
        "program.docx",
    )
    _assert_refused(response)
    assert counts() == before


def test_the_protocol_import_refuses_it(cast, counts):
    before = counts()
    response = _post(
        cast.client(cast.coordinator),
        reverse("decisions:import-start", args=[cast.slug]),
        hostile_docx(),
        "protokoll.docx",
    )
    _assert_refused(response)
    assert counts() == before


def test_a_decision_attachment_refuses_it(cast, counts):
    case = CaseFactory(municipality=cast.municipality, program=cast.program)
    decision = DecisionFactory(municipality=cast.municipality, case=case)
    before = counts()
    response = _post(
        cast.client(cast.coordinator),
        reverse("decisions:attachment-list", args=[cast.slug, case.pk]),
        hostile_xlsx(),
        "underlag.xlsx",
        field="upload",
        decision=decision.pk,
        title="Underlag",
    )
    _assert_refused(response)
    assert counts() == before
