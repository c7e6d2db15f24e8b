"""Importing a programme document in the background into a new draft version."""

from __future__ import annotations

from django.db import models, transaction
from django.tasks import task
from django.urls import reverse
from django.utils.translation import gettext as _

from varn.core.forms import find_personal_numbers
from varn.core.jobs import JobError, job_body
from varn.core.sandbox import TooDemanding, run_limited, too_demanding_message
from varn.decisions.tasks import PERSONAL_NUMBER_IN_FILE, take_stored_upload
from varn.programs.models import Program, ProgramVersion, save_tree

from .extract import DocumentError
from .importer import import_document


@task
@job_body
def import_program_document(
    job, *, path: str, file_kind: str, source_name: str, program_id: int, user_id=None
):
    job.report(5, _("Läser dokumentet"))
    checked = take_stored_upload(path, file_kind, source_name)
    try:
        tree = run_limited(import_document, checked.data, checked.kind)
    except DocumentError as error:
        raise JobError(str(error)) from error
    except TooDemanding as error:
        raise JobError(too_demanding_message()) from error
    if any(find_personal_numbers(node.get("text") or "") for node in _walk(tree)):
        raise JobError(str(PERSONAL_NUMBER_IN_FILE))
    job.report(70, _("Sparar programtexten"))
    program = Program.objects.get(pk=program_id, municipality=job.municipality)
    with transaction.atomic():
        number = (program.versions.aggregate(models.Max("number"))["number__max"] or 0) + 1
        version = ProgramVersion.objects.create(
            municipality=program.municipality,
            program=program,
            number=number,
            label=f"Inläst från {source_name}"[:200],
            source_name=source_name[:255],
            created_by_id=user_id,
        )
        save_tree(version, tree)
    job.finish(
        result={"version": version.number, "blocks": sum(1 for _ in _walk(tree))},
        result_url=reverse(
            "programs:version-detail", args=[job.municipality.slug, program.pk, version.number]
        ),
        message=_("Version %(number)s skapad som utkast") % {"number": version.number},
    )


def _walk(nodes):
    for node in nodes:
        yield node
        yield from _walk(node.get("children") or [])
