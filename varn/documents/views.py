from __future__ import annotations

import uuid

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from varn.core.jobs import start_job
from varn.core.tenancy import get_for_tenant, require, tenant_view
from varn.programs.models import Program, ProgramVersion

from .export import to_docx, to_pdf
from .forms import DocumentUploadForm
from .tasks import import_program_document


def _posted(request):
    return request.POST if request.method == "POST" else None


def _files(request):
    return request.FILES if request.method == "POST" else None


ILLUSTRATIVE_NOTE = (
    "Illustrativ text: programtexten i demon är skriven för demonstration och har den struktur som "
    "protokollet beskriver. Det är inte kommunens antagna dokument."
)


@tenant_view
def version_import(request, pk: int):
    program = get_for_tenant(Program.objects.all(), request, pk=pk)
    require(request.membership.can_manage)
    form = DocumentUploadForm(_posted(request), _files(request))
    if request.method == "POST" and form.is_valid():
        checked = form.cleaned_data["file"]
        path = default_storage.save(f"imports/{uuid.uuid4().hex}.{checked.kind}", ContentFile(checked.data))
        job = start_job(
            import_program_document,
            municipality=request.municipality,
            kind="document_import",
            title=_("Läser programdokument: %(name)s") % {"name": checked.name},
            by=request.user,
            path=path,
            file_kind=checked.kind,
            source_name=checked.name,
            program_id=program.pk,
            user_id=request.user.pk,
        )
        return redirect(job.get_absolute_url())
    return render(
        request,
        "documents/version_import.html",
        {"form": form, "program": program},
        status=400 if form.errors else 200,
    )


def _version(request, pk: int, number: int) -> tuple[Program, ProgramVersion]:
    program = get_for_tenant(Program.objects.all(), request, pk=pk)
    version = get_object_or_404(ProgramVersion, program=program, number=number)
    return program, version


def _export_meta(program: Program, version: ProgramVersion) -> dict:
    subtitle = f"Version {version.number} ({version.get_status_display().lower()})"
    if version.created_by_decision_id:
        subtitle += f", {version.created_by_decision.reference}"  # type: ignore[union-attr]
    if version.adopted_on:
        subtitle += f", antagen {version.adopted_on:%Y-%m-%d}"
    return {
        "title": program.title,
        "subtitle": subtitle,
        "note": ILLUSTRATIVE_NOTE if program.is_illustrative else "",
    }


def _filename(program: Program, version: ProgramVersion, ext: str) -> str:
    return f"{slugify(program.title)[:60]}-version-{version.number}.{ext}"


@tenant_view
def version_docx(request, pk: int, number: int):
    program, version = _version(request, pk, number)
    with translation.override(settings.LANGUAGE_CODE):  # the document is Swedish whatever the UI language
        data = to_docx(version.block_tree(), **_export_meta(program, version))
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename(program, version, "docx")}"'
    return response


@tenant_view
def version_pdf(request, pk: int, number: int):
    program, version = _version(request, pk, number)
    with translation.override(settings.LANGUAGE_CODE):  # the document is Swedish whatever the UI language
        data = to_pdf(version.block_tree(), **_export_meta(program, version))
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{_filename(program, version, "pdf")}"'
    return response
