"""The Word template is checked in the background (issue 14): the request checks and parks the file
and starts a job; the job opens it and installs it, or fails with the Swedish reason and keeps the
previous template."""

from __future__ import annotations

import io
import zipfile

import docx
import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from varn.core.models import Job
from varn.followup import word_templates
from varn.followup.models import ReportTemplate

from .test_report import as_dotx, make_template


def upload_url(cast) -> str:
    return reverse("followup:template-upload", args=[cast.slug])


def broken_docx() -> bytes:
    """Passes the upload check (a zip with a Word document part) but does not open in Word."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<inte xml")
        archive.writestr("[Content_Types].xml", "<Types/>")
    return buffer.getvalue()


def macro_docx() -> bytes:
    source = zipfile.ZipFile(io.BytesIO(make_template()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            payload = source.read(info.filename)
            if info.filename == "[Content_Types].xml":
                payload = payload.replace(b"document.main+xml", b"document.macroEnabled.main+xml")
            target.writestr(info, payload)
    return out.getvalue()


@pytest.fixture
def previous(cast):
    """A template the municipality already uses."""
    template = ReportTemplate(
        municipality=cast.municipality, original_name="gammal.docx", uploaded_by=cast.coordinator
    )
    template.file.save("gammal-mall.docx", ContentFile(make_template("Gamla brevhuvudet")), save=True)
    return template


def post(client, cast, name: str, data: bytes, capture, *, execute: bool = True):
    with capture(execute=execute) as callbacks:
        response = client.post(upload_url(cast), {"file": SimpleUploadedFile(name, data)})
    return response, callbacks


def test_a_usable_template_is_installed_by_the_job(cast, django_capture_on_commit_callbacks):
    client = cast.client(cast.coordinator)
    response, _ = post(
        client, cast, "mall.dotx", as_dotx(make_template()), django_capture_on_commit_callbacks
    )
    job = Job.objects.get(kind="followup.template")
    assert response["Location"] == job.get_absolute_url()
    assert job.status == Job.Status.DONE
    template = ReportTemplate.objects.get(municipality=cast.municipality)
    assert template.original_name == "mall.dotx" and template.uploaded_by == cast.coordinator
    with template.file.open("rb") as handle:
        assert word_templates.opens(handle.read())
    assert template.history.get().history_user == cast.coordinator  # the audit trail names who
    page = client.get(job.get_absolute_url()).content.decode()
    assert "Mallen är uppladdad och används i nästa Word-rapport." in page
    assert reverse("followup:report-list", args=[cast.slug]) in page
    assert not default_storage.exists(job.result.get("input", {}).get("kwargs", {}).get("path", "x") or "x")


def test_the_request_only_parks_the_file_and_starts_the_job_after_commit(
    cast, monkeypatch, django_capture_on_commit_callbacks
):
    data = make_template()  # made before the spies: it uses python-docx itself
    opened = []
    real_document, real_run_limited = docx.Document, word_templates.run_limited
    monkeypatch.setattr(docx, "Document", lambda *a, **k: opened.append("docx") or real_document(*a, **k))
    monkeypatch.setattr(
        word_templates, "run_limited", lambda *a, **k: opened.append("sandbox") or real_run_limited(*a, **k)
    )
    response, callbacks = post(
        cast.client(cast.coordinator),
        cast,
        "mall.docx",
        data,
        django_capture_on_commit_callbacks,
        execute=False,
    )
    assert response.status_code == 302
    assert opened == []  # nothing in the request opened the document
    job = Job.objects.get(kind="followup.template")
    assert job.status == Job.Status.QUEUED and not job.task_id  # not enqueued before the commit
    parked = job.result["input"]["kwargs"]["path"]
    assert default_storage.exists(parked)
    assert not ReportTemplate.objects.exists()
    assert len(callbacks) == 1

    callbacks[0]()  # the commit: the task is enqueued (and, in tests, run at once)
    job.refresh_from_db()
    assert job.status == Job.Status.DONE and job.task_id
    assert opened == ["sandbox"]  # opened by the job, in the limited child process
    assert ReportTemplate.objects.filter(municipality=cast.municipality).exists()
    assert not default_storage.exists(parked)


def test_a_broken_template_fails_the_job_in_swedish_and_keeps_the_previous_one(
    cast, previous, django_capture_on_commit_callbacks
):
    client = cast.client(cast.coordinator)
    response, _ = post(client, cast, "trasig.docx", broken_docx(), django_capture_on_commit_callbacks)
    job = Job.objects.get(kind="followup.template")
    assert job.status == Job.Status.FAILED
    page = client.get(response["Location"]).content.decode()
    assert "Jobbet misslyckades" in page
    assert "går inte att öppna som ett Word-dokument" in page
    assert "Rapporten använder den tidigare mallen" in page
    kept = ReportTemplate.objects.get(municipality=cast.municipality)
    assert (kept.pk, kept.original_name, kept.file.name) == (previous.pk, "gammal.docx", previous.file.name)
    assert default_storage.exists(previous.file.name)
    assert default_storage.exists(job.result["input"]["kwargs"]["path"])  # kept for "Försök igen"


def test_a_macro_enabled_template_fails_the_job_with_the_reason(
    cast, previous, django_capture_on_commit_callbacks
):
    post(cast.client(cast.coordinator), cast, "makron.docx", macro_docx(), django_capture_on_commit_callbacks)
    job = Job.objects.get(kind="followup.template")
    assert job.status == Job.Status.FAILED
    assert "Mallar med makron" in job.message
    assert ReportTemplate.objects.get().file.name == previous.file.name


def test_a_new_template_replaces_the_previous_one_and_its_file(
    cast, previous, django_capture_on_commit_callbacks
):
    old_file = previous.file.name
    post(
        cast.client(cast.coordinator),
        cast,
        "ny.docx",
        make_template("Nytt brevhuvud"),
        django_capture_on_commit_callbacks,
    )
    template = ReportTemplate.objects.get(municipality=cast.municipality)
    assert template.pk == previous.pk and template.original_name == "ny.docx"
    assert not default_storage.exists(old_file)
    assert template.history.count() == 2


def test_a_file_that_is_no_word_file_is_refused_in_the_request_and_starts_nothing(cast, previous):
    response = cast.client(cast.coordinator).post(
        upload_url(cast), {"file": SimpleUploadedFile("mall.docx", b"%PDF-1.4\n%%EOF")}
    )
    assert response.status_code == 400
    assert "Mallen laddades inte upp" in response.content.decode()
    assert not Job.objects.exists()
    assert ReportTemplate.objects.get().file.name == previous.file.name


def test_only_the_coordinator_sees_the_template_job(cast, django_capture_on_commit_callbacks):
    post(
        cast.client(cast.coordinator), cast, "mall.docx", make_template(), django_capture_on_commit_callbacks
    )
    job = Job.objects.get(kind="followup.template")
    assert cast.client(cast.viewer).get(job.get_absolute_url()).status_code == 403
    assert cast.client(cast.outsider).get(job.get_absolute_url()).status_code == 404


def test_an_install_that_rolls_back_leaves_no_file_behind(
    cast, previous, monkeypatch, django_capture_on_commit_callbacks
):
    from django.db import DatabaseError

    def refuse(self, *args, **kwargs):
        raise DatabaseError("disk full")

    before = set(default_storage.listdir(previous.file.field.upload_to or "")[1])
    monkeypatch.setattr(ReportTemplate, "save", refuse)
    client = cast.client(cast.coordinator)
    post(client, cast, "mall.docx", make_template(), django_capture_on_commit_callbacks)
    monkeypatch.undo()
    assert Job.objects.get(kind="followup.template").status == Job.Status.FAILED
    kept = ReportTemplate.objects.get(municipality=cast.municipality)
    assert kept.file.name == previous.file.name and default_storage.exists(previous.file.name)
    after = set(default_storage.listdir(previous.file.field.upload_to or "")[1])
    assert not {name for name in after - before if name.startswith("mall-")}
