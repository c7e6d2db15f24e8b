"""Follow-up pages. Who may do what (ADR 0035):

- coordinator: everything: rounds, questions, review, costs, reports, template, revision;
- unit editor: answers for their own unit, costs for their own unit's measures; reads the rest;
- viewer (politicians): reads the board, answers, costs, reports and revision;
- partner: reads the board and the reports only (not the administrations' internal answers,
  cost entries or revision drafts);
- another municipality's user: 404."""

from __future__ import annotations

from collections import defaultdict

from django.conf import settings
from django.contrib import messages
from django.db import transaction
from django.db.models import Count, Q
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from varn.core.history import history_entries
from varn.core.jobs import start_job
from varn.core.listing import paginate, query_without_page, sort_list, sort_rows_keyed
from varn.core.pagecache import cached_page
from varn.core.tenancy import get_for_tenant, require, tenant_view
from varn.core.upload_storage import display_name, store_upload

from .board import (
    BOARD_PER_PAGE,
    board_columns,
    board_facts,
    board_round,
    board_rows,
    header_cells,
    measure_rows_html,
    round_links,
    unit_progress,
    unit_rows_html,
)
from .costs import summarise
from .diff import compare
from .excel import entries_workbook, round_workbook
from .forms import (
    AttachDecisionForm,
    CostEntryForm,
    CostFilterForm,
    QuestionForm,
    ReportDraftForm,
    ResponseForm,
    ReturnForm,
    RevisionItemForm,
    RoundForm,
    TemplateForm,
)
from .models import (
    CostEntry,
    EditConflictError,
    FollowUpAnswer,
    FollowUpError,
    FollowUpQuestion,
    FollowUpResponse,
    FollowUpRound,
    Report,
    ReportTemplate,
    RevisionItem,
)
from .rendering import prepare
from .report import ReportContent, suggested_texts
from .scope import default_scope, draft_for, scope_from_draft
from .selectors import can_answer, require_internal
from .services import (
    adopted_version,
    current_program,
    open_round,
    return_response,
    revision_draft,
    save_report_draft,
    start_revision,
)
from .tasks import build_report_task, install_template_task

COSTS_PER_PAGE = 50


def _program_or_404(request):
    program = current_program(request.municipality)
    if program is None:
        raise Http404(_("Inget program är upplagt ännu."))
    return program


def _base_url(request) -> str:
    return request.build_absolute_uri("/").rstrip("/")


def _history(request, obj, title: str, entries=None) -> HttpResponse:
    return render(
        request,
        "core/history.html",
        {"object": obj, "title": title, "entries": entries if entries is not None else history_entries(obj)},
    )


@tenant_view
def index(request):
    program = current_program(request.municipality)
    rounds = (
        FollowUpRound.objects.for_municipality(request.municipality)
        .select_related("program")
        .annotate(
            n_responses=Count("responses"),
            n_approved=Count("responses", filter=Q(responses__status=FollowUpResponse.Status.APPROVED)),
            n_submitted=Count("responses", filter=Q(responses__status=FollowUpResponse.Status.SUBMITTED)),
        )
    )
    reports = Report.objects.for_municipality(request.municipality).select_related("built_by")[:3]
    return render(request, "followup/index.html", {"program": program, "rounds": rounds, "reports": reports})


# Rounds and questions


@tenant_view
def round_create(request):
    require(request.membership.can_manage)
    program = _program_or_404(request)
    instance = FollowUpRound(municipality=request.municipality, program=program, created_by=request.user)
    initial = {"title": _("Uppföljning inför revidering %(year)s") % {"year": program.period_end}}
    form = RoundForm(request.POST or None, instance=instance, initial=initial)
    if request.method == "POST" and form.is_valid():
        round = form.save()
        round.add_default_questions(by=request.user)
        messages.success(
            request, _("Omgången är skapad med standardfrågorna. Granska frågorna och öppna den.")
        )
        return redirect(round.get_absolute_url())
    return render(request, "followup/round_form.html", {"form": form, "program": program})


@tenant_view
def round_edit(request, pk: int):
    require(request.membership.can_manage)
    round = get_for_tenant(FollowUpRound.objects.select_related("program"), request, pk=pk)
    form = RoundForm(request.POST or None, instance=round)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Omgången är sparad."))
        return redirect(round.get_absolute_url())
    return render(
        request, "followup/round_form.html", {"form": form, "round": round, "program": round.program}
    )


@tenant_view
@cached_page
def round_detail(request, pk: int):
    """The board: the round's progress per unit and per measure."""
    found = board_round(request.municipality.pk, pk)
    if found is None:
        raise Http404("No FollowUpRound matches the given query.")
    round, n_questions = found
    membership = request.membership
    # The board shows only how many questions there are; a draft lists them.
    questions = list(round.questions.all()) if round.is_draft else []
    responses = board_rows(round, request.municipality.slug)
    mine = [r for r in responses if r.unit_id == membership.unit_id] if membership.is_unit_editor else []
    totals: dict[str, int] = defaultdict(int)
    for r in responses:
        totals[r.status] += 1
    n_done = totals[FollowUpResponse.Status.SUBMITTED] + totals[FollowUpResponse.Status.APPROVED]
    ordered, columns = sort_rows_keyed(request, responses, board_columns(), default="insats")
    page = paginate(request, ordered, BOARD_PER_PAGE)
    context = {
        "round": round,
        "questions": questions,
        "n_questions": n_questions,
        "n_responses": len(responses),
        "page": page,
        "measure_rows": measure_rows_html(page, n_questions, linked=not membership.is_partner),
        "header_cells": header_cells(columns),
        "links": round_links(request.municipality.slug, round.pk),
        "query": query_without_page(request),
        "mine": mine,
        "unit_rows": unit_rows_html(unit_progress(responses)),
        "today": timezone.localdate(),
        **board_facts(round, n_done, len(responses)),
    }
    return render(request, "followup/round_detail.html", context)


@tenant_view
def round_export(request, pk: int):
    """The board's rows as sorted on the page, every page of them; for those who may read the
    answers, each question's answer in a column of its own."""
    round = get_for_tenant(FollowUpRound.objects.select_related("program"), request, pk=pk)
    rows, _columns = sort_rows_keyed(
        request, board_rows(round, request.municipality.slug), board_columns(), default="insats"
    )
    questions = list(round.questions.all())
    answers: dict[tuple[int, int], str] | None = None
    if not request.membership.is_partner:
        answers = {
            (response_id, question_id): text
            for response_id, question_id, text in FollowUpAnswer.objects.filter(
                municipality_id=round.municipality_id, response__round=round
            )
            .order_by()
            .values_list("response_id", "question_id", "text")
        }
    with translation.override(settings.LANGUAGE_CODE):
        data = round_workbook(round, rows, questions, answers)
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="uppfoljning-{request.municipality.slug}-{round.pk}.xlsx"'
    )
    return response


@tenant_view
@require_POST
def round_open(request, pk: int):
    require(request.membership.can_manage)
    round = get_for_tenant(FollowUpRound.objects.select_related("program", "municipality"), request, pk=pk)
    try:
        sent = open_round(round, by=request.user, base_url=_base_url(request))
    except FollowUpError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Omgången är öppnad. %(n)s e-postmeddelanden har skickats till förvaltningarna.") % {"n": sent},
        )
    return redirect(round.get_absolute_url())


@tenant_view
@require_POST
def round_close(request, pk: int):
    require(request.membership.can_manage)
    round = get_for_tenant(FollowUpRound.objects.all(), request, pk=pk)
    try:
        round.close(by=request.user)
    except FollowUpError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Omgången är avslutad."))
    return redirect(round.get_absolute_url())


@tenant_view
def round_history(request, pk: int):
    require_internal(request)
    round = get_for_tenant(FollowUpRound.objects.all(), request, pk=pk)
    return _history(request, round, round.title)


def _question_form(request, round: FollowUpRound, question: FollowUpQuestion | None):
    require(request.membership.can_manage)
    if not round.is_draft:
        messages.error(request, _("Omgången är redan öppnad; frågorna kan inte längre ändras."))
        return redirect(round.get_absolute_url())
    instance = question or FollowUpQuestion(
        municipality=request.municipality, round=round, order=round.questions.count() + 1
    )
    form = QuestionForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Frågan är sparad."))
        return redirect(round.get_absolute_url())
    return render(
        request, "followup/question_form.html", {"form": form, "round": round, "question": question}
    )


@tenant_view
def question_create(request, pk: int):
    round = get_for_tenant(FollowUpRound.objects.all(), request, pk=pk)
    return _question_form(request, round, None)


@tenant_view
def question_edit(request, pk: int):
    question = get_for_tenant(FollowUpQuestion.objects.select_related("round"), request, pk=pk)
    return _question_form(request, question.round, question)


@tenant_view
@require_POST
def question_delete(request, pk: int):
    require(request.membership.can_manage)
    question = get_for_tenant(FollowUpQuestion.objects.select_related("round"), request, pk=pk)
    round = question.round
    if round.is_draft:
        question.delete()
        messages.success(request, _("Frågan är borttagen."))
    else:
        messages.error(request, _("Omgången är redan öppnad; frågorna kan inte längre ändras."))
    return redirect(round.get_absolute_url())


# Responses


def _response(request, pk: int) -> FollowUpResponse:
    return get_for_tenant(
        FollowUpResponse.objects.select_related(
            "round__program", "measure__goal", "unit", "submitted_by", "reviewed_by"
        ),
        request,
        pk=pk,
    )


@tenant_view
def response_detail(request, pk: int):
    require_internal(request)
    response = _response(request, pk)
    membership = request.membership
    questions = list(response.round.questions.all())
    answers = {a.question_id: a for a in response.answers.all()}
    can_edit = can_answer(membership, response) and response.is_editable_by_unit
    form = None
    status = 200
    if can_edit:
        form = ResponseForm(
            request.POST or None,
            response=response,
            questions=questions,
            answers={pk: a.text for pk, a in answers.items()},
        )
        if request.method == "POST" and form.is_valid():
            submit = request.POST.get("action") == "submit"
            try:
                response.save_answers(
                    by=request.user,
                    answers=form.answers(),
                    conclusion=form.cleaned_data["conclusion"],
                    submit=submit,
                    seen_version=form.cleaned_data["lock_version"],
                )
            except EditConflictError as error:
                form.add_error(None, " ".join(error.messages))
                status = 409
            except FollowUpError as error:
                form.add_error(None, " ".join(error.messages))
                status = 400
            else:
                messages.success(
                    request,
                    _("Svaret är inskickat till samordnaren.") if submit else _("Utkastet är sparat."),
                )
                return redirect("followup:response-detail", request.municipality.slug, response.pk)
    elif request.method == "POST":
        require(can_answer(membership, response))
        messages.error(
            request, _("Svaret kan inte ändras nu: det är inskickat, godkänt eller omgången är stängd.")
        )
        return redirect("followup:response-detail", request.municipality.slug, response.pk)
    context = {
        "response": response,
        "round": response.round,
        "form": form,
        "rows": [(q, answers.get(q.pk)) for q in questions],
        "can_review": membership.can_manage and response.can_be_reviewed,
        "can_approve": membership.can_manage and response.status == FollowUpResponse.Status.SUBMITTED,
        "has_prefilled": any(a.is_prefilled for a in answers.values()),
    }
    return render(request, "followup/response_detail.html", context, status=status)


@tenant_view
@require_POST
def response_approve(request, pk: int):
    require(request.membership.can_manage)
    response = _response(request, pk)
    try:
        response.approve(by=request.user)
    except FollowUpError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Svaret är godkänt."))
    return redirect(response.round.get_absolute_url())


@tenant_view
def response_return(request, pk: int):
    require(request.membership.can_manage)
    response = _response(request, pk)
    form = ReturnForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            return_response(
                response, by=request.user, comment=form.cleaned_data["comment"], base_url=_base_url(request)
            )
        except FollowUpError as error:
            form.add_error(None, " ".join(error.messages))
        else:
            messages.success(request, _("Svaret är återsänt till %(unit)s.") % {"unit": response.unit})
            return redirect(response.round.get_absolute_url())
    return render(request, "followup/response_return.html", {"form": form, "response": response})


@tenant_view
def response_history(request, pk: int):
    require_internal(request)
    response = _response(request, pk)
    entries = history_entries(response)
    for answer in response.answers.select_related("question"):
        entries += history_entries(answer)
    entries.sort(key=lambda e: e.when, reverse=True)
    return _history(request, response, str(response), entries)


# Costs


def _cost_queryset(request, program):
    return CostEntry.objects.for_municipality(request.municipality).for_program(program)


def _cost_columns() -> dict[str, tuple[str, tuple[str, ...]]]:
    """The cost list's columns, for the page and for its export."""
    return {
        "ar": (_("År"), ("year", "measure__code")),
        "insats": (_("Insats"), ("measure__code", "measure__title")),
        "forvaltning": (_("Förvaltning"), ("unit__name",)),
        "slag": (_("Slag"), ("category",)),
        "timmar": (_("Timmar"), ("hours",)),
        "belopp": (_("Belopp"), ("amount",)),
        "finansiering": (_("Finansiering"), ("funding",)),
        "typ": (_("Typ"), ("basis",)),
    }


def _filtered_costs(request, program):
    """The cost entries the request's filters choose, sorted as the request asks."""
    form = CostFilterForm(request.GET or None, program=program)
    entries = (
        form.filter(_cost_queryset(request, program)) if request.GET else _cost_queryset(request, program)
    )
    ordered, columns = sort_list(request, entries, _cost_columns(), default="-ar")
    return form, entries, ordered, columns


@tenant_view
def cost_list(request):
    require_internal(request)
    program = _program_or_404(request)
    form, entries, ordered, columns = _filtered_costs(request, program)
    summary = summarise(entries, request.municipality.hourly_cost)
    page = paginate(request, ordered.select_related("measure", "unit"), COSTS_PER_PAGE)
    context = {
        "program": program,
        "form": form,
        "summary": summary,
        "page": page,
        "columns": columns,
        "query": query_without_page(request),
        "can_record": request.membership.can_edit_some_measures,
        "editable_unit": request.membership.unit_id if request.membership.is_unit_editor else None,
    }
    template = "followup/cost_list.html"
    if request.htmx and not request.htmx.boosted:
        template += "#results"
    return render(request, template, context)


@tenant_view
def cost_export(request):
    """Exactly the entries of the cost list as filtered and sorted, every page of them."""
    require_internal(request)
    program = _program_or_404(request)
    _form, _entries, ordered, _columns = _filtered_costs(request, program)
    with translation.override(settings.LANGUAGE_CODE):  # what Värn writes for the municipality is Swedish
        data = entries_workbook(ordered, request.municipality.hourly_cost)
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = (
        f'attachment; filename="kostnader-{request.municipality.slug}-{stamp}.xlsx"'
    )
    return response


def _cost_form(request, program, entry: CostEntry | None):
    membership = request.membership
    instance = entry or CostEntry(municipality=request.municipality, created_by=request.user)
    form = CostEntryForm(request.POST or None, instance=instance, membership=membership, program=program)
    if request.method == "POST" and form.is_valid():
        require(membership.can_edit_measure(form.cleaned_data["measure"]))
        form.save()
        messages.success(request, _("Kostnadsposten är sparad."))
        return redirect("followup:cost-list", request.municipality.slug)
    return render(
        request,
        "followup/cost_form.html",
        {"form": form, "entry": entry, "program": program, "rate": request.municipality.hourly_cost},
    )


@tenant_view
def cost_create(request):
    require(request.membership.can_edit_some_measures)
    return _cost_form(request, _program_or_404(request), None)


@tenant_view
def cost_edit(request, pk: int):
    entry = get_for_tenant(CostEntry.objects.select_related("measure__program"), request, pk=pk)
    require(request.membership.can_edit_measure(entry.measure))
    return _cost_form(request, entry.measure.program, entry)


@tenant_view
@require_POST
def cost_delete(request, pk: int):
    entry = get_for_tenant(CostEntry.objects.select_related("measure"), request, pk=pk)
    require(request.membership.can_edit_measure(entry.measure))
    entry.delete()
    messages.success(request, _("Kostnadsposten är borttagen."))
    return redirect("followup:cost-list", request.municipality.slug)


@tenant_view
def cost_history(request, pk: int):
    require_internal(request)
    entry = get_for_tenant(CostEntry.objects.select_related("measure"), request, pk=pk)
    return _history(request, entry, str(entry))


# Reports


@tenant_view
def report_list(request):
    return _report_list(request)


def _report_list(request, template_form: TemplateForm | None = None, status: int = 200):
    program = current_program(request.municipality)
    reports = Report.objects.for_municipality(request.municipality).select_related("built_by", "decision")
    template = (
        ReportTemplate.objects.filter(municipality=request.municipality).select_related("uploaded_by").first()
    )
    context = {
        "program": program,
        "scope": default_scope(program) if program is not None and request.membership.can_manage else None,
        "reports": reports,
        "template": template,
        "template_form": template_form or TemplateForm(),
    }
    return render(request, "followup/report_list.html", context, status=status)


@tenant_view
@require_POST
def report_build(request):
    require(request.membership.can_manage)
    program = _program_or_404(request)
    job = start_job(
        build_report_task,
        municipality=request.municipality,
        kind="followup.report",
        title=(_("Skapar rapporten: uppföljning av %(program)s") % {"program": program.title})[:200],
        by=request.user,
        program_id=program.pk,
        user_id=request.user.pk,
    )
    return redirect(job.get_absolute_url())


@tenant_view
def report_draft(request):
    """The coordinator settles what the next report covers and writes its text sections."""
    require(request.membership.can_manage)
    program = _program_or_404(request)
    draft = draft_for(program)
    suggestions = suggested_texts(program, scope_from_draft(draft))
    form = ReportDraftForm(request.POST or None, instance=draft, program=program, suggestions=suggestions)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            save_report_draft(form, by=request.user)
            messages.success(request, _("Rapportens inställningar och texter är sparade."))
            return redirect("followup:report-list", request.municipality.slug)
        status = 400
    return render(request, "followup/report_draft.html", {"form": form, "program": program}, status=status)


@tenant_view
@require_POST
def template_upload(request):
    require(request.membership.can_manage)
    form = TemplateForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(
            request,
            _("Mallen laddades inte upp. Rapporten använder den tidigare mallen eller standardmallen."),
        )
        return _report_list(request, template_form=form, status=400)
    # The request only checks and parks the file; the worker opens it and, if it is a usable Word
    # template, installs it (issue 14: uploads are parsed in the background, never in the request).
    checked = form.cleaned_data["checked"]
    name = display_name(checked.name)
    with transaction.atomic():
        path = store_upload(checked, municipality_id=request.municipality.pk, folder="imports")
        job = start_job(
            install_template_task,
            municipality=request.municipality,
            kind="followup.template",
            title=(_("Kontrollerar Word-mallen: %(name)s") % {"name": name})[:200],
            by=request.user,
            path=path,
            source_name=name,
            user_id=request.user.pk,
        )
    return redirect(job.get_absolute_url())


@tenant_view
@require_POST
def template_delete(request):
    require(request.membership.can_manage)
    template = ReportTemplate.objects.filter(municipality=request.municipality).first()
    if template is not None:
        name = template.file.name
        template.delete()
        if name:
            template.file.storage.delete(name)
        messages.success(request, _("Mallen är borttagen. Rapporten använder standardmallen."))
    return redirect("followup:report-list", request.municipality.slug)


def _report(request, pk: int) -> Report:
    return get_for_tenant(Report.objects.select_related("built_by", "decision", "program"), request, pk=pk)


@tenant_view
def report_detail(request, pk: int):
    report = _report(request, pk)
    content = ReportContent.from_json(report.content)
    form = None
    if request.membership.can_manage:
        form = AttachDecisionForm(initial={"decision": report.decision_id}, municipality=request.municipality)
    context = {
        "report": report,
        "content": content,
        "sections": prepare(content, top_level=2),
        "previous": report.previous(),
        "form": form,
    }
    return render(request, "followup/report_detail.html", context)


@tenant_view
def report_download(request, pk: int, fmt: str):
    report = _report(request, pk)
    if fmt == "xlsx":
        require_internal(request)  # the cost entries and their comments are the municipality's own
    file = {"docx": report.docx_file, "pdf": report.pdf_file, "xlsx": report.costs_file}.get(fmt)
    if not file:
        raise Http404(_("Rapporten finns inte i det formatet."))
    try:
        handle = file.open("rb")
    except FileNotFoundError as error:
        raise Http404(_("Filen saknas.")) from error
    stamp = timezone.localtime(report.built_at).strftime("%Y-%m-%d")
    stem = f"uppfoljning-{request.municipality.slug}-{stamp}" + ("-kostnader" if fmt == "xlsx" else "")
    return FileResponse(handle, as_attachment=True, filename=f"{stem}.{fmt}")


@tenant_view
def report_compare(request, pk: int):
    report = _report(request, pk)
    previous = report.previous()
    changes = compare(previous.content, report.content) if previous else []
    return render(
        request,
        "followup/report_compare.html",
        {
            "report": report,
            "previous": previous,
            "changes": [c for c in changes if c.is_changed],
            "all": changes,
        },
    )


@tenant_view
@require_POST
def report_attach(request, pk: int):
    require(request.membership.can_manage)
    report = _report(request, pk)
    form = AttachDecisionForm(request.POST, municipality=request.municipality)
    if form.is_valid():
        report.attach_to(form.cleaned_data["decision"], by=request.user)
        messages.success(request, _("Rapportens beslut är sparat."))
    else:
        messages.error(request, _("Välj ett beslut i listan."))
    return redirect(report.get_absolute_url())


# Revision


@tenant_view
def revision(request):
    require_internal(request)
    program = _program_or_404(request)
    draft = revision_draft(program)
    items = []
    if draft is not None:
        items = list(
            draft.revision_items.select_related("measure__responsible_unit", "measure__goal").order_by(
                "position"
            )
        )
    counts: dict[str, int] = defaultdict(int)
    for item in items:
        counts[item.conclusion] += 1
    context = {
        "program": program,
        "draft": draft,
        "items": items,
        "counts": counts,
        "adopted": adopted_version(program) if draft is None else None,
    }
    return render(request, "followup/revision.html", context)


@tenant_view
@require_POST
def revision_start(request):
    require(request.membership.can_manage)
    program = _program_or_404(request)
    try:
        start_revision(program, by=request.user)
    except FollowUpError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Revideringen är startad. Ett utkast till nästa version är skapat."))
    return redirect("followup:revision", request.municipality.slug)


@tenant_view
def revision_item_edit(request, pk: int):
    require(request.membership.can_manage)
    item = get_for_tenant(RevisionItem.objects.select_related("version", "measure"), request, pk=pk)
    if item.version.is_frozen:
        messages.error(request, _("Versionen är antagen; revideringspunkterna kan inte längre ändras."))
        return redirect("followup:revision", request.municipality.slug)
    form = RevisionItemForm(request.POST or None, instance=item)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Revideringspunkten är sparad."))
        return redirect("followup:revision", request.municipality.slug)
    return render(request, "followup/revision_item_form.html", {"form": form, "item": item})
