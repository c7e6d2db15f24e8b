"""Writes that span models or send mail: opening a round and telling the units, returning an
answer to its unit, building and storing a report, starting the revision."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from varn.programs.models import Measure, Program, ProgramVersion

from .excel import program_workbook
from .models import (
    Conclusion,
    FollowUpAnswer,
    FollowUpError,
    FollowUpResponse,
    FollowUpRound,
    QuestionCategory,
    Report,
    ReportDraft,
    RevisionItem,
    SentReminder,
)
from .notifications import notify_returned, send_round_notice
from .rendering import render_docx, render_pdf
from .report import Progress, build_content
from .scope import ReportScope, default_scope
from .word_templates import load_template

FORMATS = ("docx", "pdf")


def current_program(municipality) -> Program | None:
    """The programme the follow-up is about: the adopted one, else the proposed, else the newest."""
    order = {Program.Status.ADOPTED: 0, Program.Status.IN_REVISION: 1, Program.Status.PROPOSED: 2}
    programs = list(Program.objects.for_municipality(municipality))
    if not programs:
        return None
    return sorted(programs, key=lambda p: (order.get(p.status, 3), -p.period_start, -p.pk))[0]


def open_round(round: FollowUpRound, *, by, base_url: str | None = None) -> int:
    """Open the round and tell each unit at once. Returns the number of e-mails sent."""
    round.open(by=by)
    return send_round_notice(round, SentReminder.Kind.OPENED, base_url=base_url)


def return_response(response: FollowUpResponse, *, by, comment: str, base_url: str | None = None) -> None:
    response.send_back(by=by, comment=comment)
    notify_returned(response, base_url=base_url)


def build_report(
    program: Program,
    *,
    by=None,
    formats: tuple[str, ...] = FORMATS,
    progress: Progress | None = None,
    scope: ReportScope | None = None,
) -> Report:
    """Build the report's content, render it to each format and keep it as a frozen snapshot. It
    covers the scope given, by default what the coordinator's draft says (default_scope)."""
    say = progress or (lambda pct, msg: None)
    unknown = set(formats) - set(FORMATS)
    if unknown or not formats:
        raise ValueError(f"Unknown report format(s): {sorted(unknown)}")
    # The report to the politicians is a Swedish document whatever language its builder reads Värn in.
    swedish = translation.override(settings.LANGUAGE_CODE)
    scope = scope or default_scope(program)
    with swedish:
        content = build_content(program, scope=scope, by=by, progress=progress)
    template, notes = load_template(program.municipality)
    files: dict[str, bytes] = {}
    if "docx" in formats:
        say(55, _("Skapar Word-filen …"))
        with swedish:
            files["docx"] = render_docx(content, template=template)
    if "pdf" in formats:
        say(75, _("Skapar PDF-filen …"))
        with swedish:
            files["pdf"] = render_pdf(content)
    say(90, _("Skapar bilagan med kostnader per insats …"))
    with swedish:
        files["xlsx"] = program_workbook(program)
    say(95, _("Sparar rapporten …"))
    built = timezone.now()
    report = Report(
        municipality=program.municipality,
        program=program,
        title=content.title,
        content=content.to_json(),
        round=scope.round,
        used_template=template is not None,
        notes=notes,
        built_at=built,
        built_by=by,
    )
    # Stored under a name nobody can guess (issue 14, finding 9); the download gets a readable one.
    stem = f"uppfoljning-{secrets.token_hex(16)}"
    if "docx" in files:
        report.docx_file.save(f"{stem}.docx", ContentFile(files["docx"]), save=False)
    if "pdf" in files:
        report.pdf_file.save(f"{stem}.pdf", ContentFile(files["pdf"]), save=False)
    report.costs_file.save(f"{stem}-kostnader.xlsx", ContentFile(files["xlsx"]), save=False)
    report._history_user = by  # type: ignore[attr-defined]
    report.save()
    return report


def save_report_draft(form, *, by) -> ReportDraft:
    """Keep the coordinator's settings and texts for the next report (the audit trail says who)."""
    draft = form.save(commit=False)
    draft._history_user = by
    draft.save()
    return draft


def adopted_version(program: Program) -> ProgramVersion | None:
    return program.versions.filter(status=ProgramVersion.Status.ADOPTED).order_by("-number").first()


def revision_draft(program: Program) -> ProgramVersion | None:
    """The draft of the next version that a revision started, if any."""
    return (
        ProgramVersion.objects.filter(
            program=program, status=ProgramVersion.Status.DRAFT, revision_items__isnull=False
        )
        .distinct()
        .order_by("-number")
        .first()
    )


@transaction.atomic
def start_revision(program: Program, *, by) -> ProgramVersion:
    """Create the draft of the next version from the adopted one, carrying each measure with the
    latest follow-up's conclusion (approved answers first, then submitted) for the coordinator."""
    adopted = adopted_version(program)
    if adopted is None:
        raise FollowUpError(_("Programmet har ingen antagen version att revidera."))
    if revision_draft(program) is not None:
        raise FollowUpError(_("En revidering pågår redan. Fortsätt med den i stället."))
    draft = adopted.create_successor(by=by, label=_("Utkast till reviderat program"))
    round = (
        FollowUpRound.objects.filter(program=program, opened_at__isnull=False)
        .order_by("-opened_at", "-pk")
        .first()
    )
    responses: dict[int, FollowUpResponse] = {}
    texts: dict[int, str] = {}
    if round is not None:
        rank: dict[str, int] = {FollowUpResponse.Status.APPROVED: 0, FollowUpResponse.Status.SUBMITTED: 1}
        candidates = FollowUpResponse.objects.filter(round=round, status__in=list(rank))
        for candidate in sorted(candidates, key=lambda r: rank[r.status]):
            responses.setdefault(candidate.measure_id, candidate)
        answers = FollowUpAnswer.objects.filter(
            response__in=[r.pk for r in responses.values()], question__category=QuestionCategory.REVISION
        ).order_by("question__order")
        for answer in answers:
            texts.setdefault(answer.response_id, answer.text)
    measures = Measure.objects.filter(program=program).order_by("code", "title")
    items = []
    for position, measure in enumerate(measures):
        response = responses.get(measure.pk)
        proposed = response.conclusion if response else ""
        items.append(
            RevisionItem(
                municipality_id=program.municipality_id,
                program=program,
                version=draft,
                measure=measure,
                response=response,
                proposed=proposed,
                conclusion=proposed or Conclusion.KEEP,
                title=measure.title,
                follow_up_text=texts.get(response.pk, "") if response else "",
                position=position,
            )
        )
    bulk_create_with_history(items, RevisionItem, batch_size=500, default_user=by)
    program.status = Program.Status.IN_REVISION
    program._history_user = by  # type: ignore[attr-defined]
    program.save(update_fields=["status"])
    return draft
