from __future__ import annotations

import datetime
import uuid

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from varn.core.history import history_entries
from varn.core.jobs import start_job
from varn.core.models import Job
from varn.core.pagecache import cached_page
from varn.core.tenancy import get_for_tenant, require, tenant_view
from varn.core.textdiff import diff_html
from varn.documents.amendments import Outcome
from varn.programs.models import Program, ProgramVersion
from varn.reading.protocol.bodies import abbreviation_for

from . import services
from .forms import (
    AdoptForm,
    AmendmentFormSet,
    AttachmentForm,
    CaseForm,
    DecisionForm,
    ParagraphReviewForm,
    ProtocolUploadForm,
    ReferenceFormSet,
    RequirementResolveForm,
)
from .models import Amendment, Attachment, Case, Decision, ReferralRequirement
from .selectors import cases_with_trail
from .tasks import read_protocol
from .trail import case_row, program_status_label, trail, trail_html

IMPORT_JOB_KIND = "protocol_import"


def _posted(request):
    """The POST data when the form was sent (even empty), so that an empty form shows its errors."""
    return request.POST if request.method == "POST" else None


def _files(request):
    return request.FILES if request.method == "POST" else None


@tenant_view
def case_list(request):
    cases = Case.objects.for_municipality(request.municipality).with_counts().select_related("program")
    return render(request, "decisions/case_list.html", {"cases": cases})


@tenant_view
def case_create(request):
    require(request.membership.can_manage)
    form = CaseForm(_posted(request))
    form.fields["program"].queryset = request.municipality.programs.all()
    if request.method == "POST" and form.is_valid():
        if Case.objects.filter(municipality=request.municipality, dnr=form.cleaned_data["dnr"]).exists():
            form.add_error("dnr", _("Det finns redan ett ärende med det diarienumret."))
        else:
            case = form.save(commit=False)
            case.municipality = request.municipality
            case.save()
            messages.success(request, _("Ärendet är skapat."))
            return redirect("decisions:case-detail", request.municipality.slug, case.pk)
    return render(request, "decisions/case_form.html", {"form": form})


@tenant_view
@cached_page
def case_detail(request, pk: int):
    case = case_row(request.municipality.pk, pk)
    if case is None:
        raise Http404
    decisions = trail(pk, request.municipality)
    context = {
        "case": case,
        "program_status": program_status_label(case),
        "timeline": trail_html(
            decisions, request.municipality.slug, can_manage=request.membership.can_manage
        ),
    }
    return render(request, "decisions/case_detail.html", context)


@tenant_view
def case_history(request, pk: int):
    case = get_for_tenant(Case.objects.all(), request, pk=pk)
    return render(
        request, "core/history.html", {"object": case, "title": str(case), "entries": history_entries(case)}
    )


@tenant_view
def decision_create(request, pk: int):
    case = get_for_tenant(Case.objects.all(), request, pk=pk)
    require(request.membership.can_manage)
    form = DecisionForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        decision = form.save(commit=False)
        decision.municipality = request.municipality
        decision.case = case
        try:
            decision.validate_constraints()
        except ValidationError:
            form.add_error(None, _("Det finns redan ett beslut med samma organ, datum och paragraf."))
        else:
            decision.save()
            messages.success(request, _("Beslutet är sparat."))
            return redirect("decisions:case-detail", request.municipality.slug, case.pk)
    return render(request, "decisions/decision_form.html", {"form": form, "case": case})


@tenant_view
def requirement_resolve(request, pk: int):
    requirement = get_for_tenant(ReferralRequirement.objects.select_related("decision__case"), request, pk=pk)
    require(request.membership.can_manage)
    initial = {
        "kind": requirement.resolution_kind or ReferralRequirement.ResolutionKind.MEASURE,
        "measure": requirement.resolved_measure_id,
        "decision": requirement.resolved_decision_id,
        "label": requirement.resolution_label,
        "url": requirement.resolution_url,
        "explanation": requirement.resolution,
        "resolved_on": requirement.resolved_on,
    }
    form = RequirementResolveForm(
        _posted(request), initial=initial, municipality=request.municipality, instance=requirement
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        form.mark_seen()
        requirement.resolve(
            by=request.user,
            kind=data["kind"],
            measure=data.get("measure"),
            decision=data.get("decision"),
            label=data.get("label") or "",
            url=data.get("url") or "",
            explanation=data.get("explanation") or "",
            on=data.get("resolved_on"),
        )
        messages.success(request, _("Kravet är markerat som tillgodosett."))
        return redirect("decisions:case-detail", request.municipality.slug, requirement.decision.case_id)
    return render(request, "decisions/requirement_form.html", {"form": form, "requirement": requirement})


@tenant_view
def attachment_list(request, pk: int):
    case = get_for_tenant(Case.objects.all(), request, pk=pk)
    attachments = (
        Attachment.objects.filter(decision__case=case)
        .select_related("decision")
        .order_by("decision__meeting_date", "decision_id", "position")
    )
    form = None
    if request.membership.can_manage:
        form = AttachmentForm(_posted(request), _files(request), case=case)
    elif request.method == "POST":
        require(False)
    if request.method == "POST" and form is not None and form.is_valid():
        attachment = form.save(commit=False)
        attachment.municipality = request.municipality
        checked = form.cleaned_data.get("upload")
        if checked is not None:
            attachment.file_name = checked.name[:255]
            attachment.file_kind = checked.kind
            attachment.file_size = len(checked.data)
            attachment.file.save(
                f"{uuid.uuid4().hex}.{_extension(checked.kind)}", ContentFile(checked.data), save=False
            )
        attachment.position = attachments.filter(decision=attachment.decision).count()
        attachment.save()
        messages.success(request, _("Beslutsunderlaget är sparat."))
        return redirect("decisions:attachment-list", request.municipality.slug, case.pk)
    return render(
        request,
        "decisions/attachment_list.html",
        {"case": case, "attachments": attachments, "form": form},
        status=400 if form is not None and form.errors else 200,
    )


def _extension(kind: str) -> str:
    return {"text": "txt"}.get(kind, kind)


@tenant_view
def attachment_file(request, pk: int):
    attachment = get_for_tenant(Attachment.objects.all(), request, pk=pk)
    if not attachment.file:
        raise Http404(_("Underlaget har ingen fil."))
    name = attachment.file_name or f"underlag.{_extension(attachment.file_kind or 'pdf')}"
    try:
        handle = attachment.file.open("rb")
    except OSError as error:  # the row is there but its file is not (restored without files, removed)
        raise Http404(_("Filen till underlaget finns inte längre i Värn. Ladda upp den igen.")) from error
    return FileResponse(handle, as_attachment=True, filename=name)


# Protocol import


@tenant_view
def import_start(request):
    require(request.membership.can_manage)
    case = None
    if request.GET.get("arende"):
        if not request.GET["arende"].isdigit():
            raise Http404(_("Ärendet finns inte."))
        case = get_for_tenant(Case.objects.all(), request, pk=int(request.GET["arende"]))
    form = ProtocolUploadForm(_posted(request), _files(request))
    if request.method == "POST" and form.is_valid():
        checked = form.cleaned_data.get("checked")
        kwargs: dict = {"case_id": case.pk if case else None}
        if checked is not None:
            path = default_storage.save(
                f"imports/{uuid.uuid4().hex}.{_extension(checked.kind)}", ContentFile(checked.data)
            )
            kwargs.update(path=path, file_kind=checked.kind, source_name=checked.name)
        else:
            kwargs.update(text=form.cleaned_data["text"], source_name=_("Inklistrad text"))
        job = start_job(
            read_protocol,
            municipality=request.municipality,
            kind=IMPORT_JOB_KIND,
            title=_("Läser protokoll: %(name)s") % {"name": kwargs["source_name"]},
            by=request.user,
            **kwargs,
        )
        return redirect(job.get_absolute_url())
    status = 400 if form.errors else 200  # a refused file or text: said on the page, nothing started
    return render(request, "decisions/import_form.html", {"form": form, "case": case}, status=status)


def _lines(review: dict, span) -> list[tuple[int, str]]:
    lines = review.get("source_lines") or []
    if not span or not span[0]:
        return []
    start, end = int(span[0]), int(span[1] or span[0])
    end = min(end, start + 40)
    return [(n, lines[n - 1]) for n in range(start, end + 1) if 0 < n <= len(lines)]


def _span(span) -> str:
    if not span or not span[0]:
        return ""
    return f"{span[0]}–{span[1]}" if span[1] and span[1] != span[0] else str(span[0])


def _review_initial(review: dict, case: Case | None) -> list[dict]:
    """For each paragraph: its form's initial data, its references and amendments, with source lines."""
    body_abbr = review.get("body_abbreviation") or abbreviation_for(review.get("body"))
    items = []
    for i, p in enumerate(review["paragraphs"]):
        refs = []
        for r in p["referenced_decisions"]:
            refs.append(
                {
                    "include": True,
                    "body": r.get("body_abbreviation") or abbreviation_for(r.get("body")),
                    "body_name": r.get("body") or "",
                    "meeting_date": r.get("date"),
                    "paragraph": r.get("paragraph"),
                    "kind": r.get("kind") or "decision",
                    "outcome": r.get("outcome") or "",
                    "requirements": "\n".join(r.get("reasons") or []),
                    "source_lines": _span(r.get("lines")),
                }
            )
        amendments = []
        for key, status in (("amendments", None), ("rejected_amendments", Amendment.Status.REJECTED)):
            for a in p[key]:
                amendments.append(
                    {
                        "include": True,
                        "label": a.get("label") or "",
                        "status": status
                        or (
                            Amendment.Status.PROPOSED
                            if p.get("kind") == "proposal"
                            else Amendment.Status.DECIDED
                        ),
                        "page": a.get("page"),
                        "heading": a.get("heading") or "",
                        "column": a.get("column"),
                        "anchor_text": a.get("anchor_text") or "",
                        "operation": a.get("operation"),
                        "text": a.get("text") or "",
                        "old_text": a.get("old_text") or "",
                        "table": a.get("table"),
                        "sentence": a.get("sentence") or "",
                        "source_lines": _span(a.get("lines")),
                    }
                )
        reasons = (p.get("referral_back") or {}).get("reasons") or []
        items.append(
            {
                "index": i,
                "paragraph": p,
                "initial": {
                    "include": len(review["paragraphs"]) == 1
                    or bool(case and p.get("case_number") and case.dnr == p.get("case_number")),
                    "case_dnr": case.dnr if case else (p.get("case_number") or ""),
                    "case_title": case.title if case else p.get("title", ""),
                    "body": body_abbr or "",
                    "body_name": review.get("body") or "",
                    "meeting_date": review.get("meeting_date"),
                    "paragraph": p["number"],
                    "kind": p.get("kind") or "decision",
                    "outcome": p.get("outcome") or "",
                    "title": p.get("title") or "",
                    "text": p.get("decision") or "",
                    "requirements": "\n".join(reasons),
                    "attachments": "\n".join(p.get("attachments") or []),
                },
                "refs": refs,
                "amendments": amendments,
            }
        )
    return items


@tenant_view
def import_review(request, job_pk: int):
    require(request.membership.can_manage)
    job = get_for_tenant(Job.objects.select_related("municipality"), request, pk=job_pk, kind=IMPORT_JOB_KIND)
    if job.status != Job.Status.DONE or "review" not in (job.result or {}):
        return redirect(job.get_absolute_url())
    review = job.result["review"]
    case = None
    if job.result.get("case_id"):
        case = Case.objects.filter(municipality=request.municipality, pk=job.result["case_id"]).first()
    items = _review_initial(review, case)
    data = request.POST if request.method == "POST" else None
    for item in items:
        i = item["index"]
        item["form"] = ParagraphReviewForm(data, initial=item["initial"], prefix=f"p{i}")
        item["ref_formset"] = ReferenceFormSet(data, initial=item["refs"], prefix=f"p{i}-ref")
        item["amendment_formset"] = AmendmentFormSet(data, initial=item["amendments"], prefix=f"p{i}-am")
        p = item["paragraph"]
        item["source"] = {
            "heading": _lines(review, [p["lines"][0], p["lines"][0] + 2] if p.get("lines") else None),
            "decision": _lines(review, p.get("decision_lines")),
            "referral": _lines(review, p.get("referral_lines")),
            "attachments": [ln for span in p.get("attachment_lines") or [] for ln in _lines(review, span)],
        }
        for form, ref in zip(item["ref_formset"].forms, p["referenced_decisions"], strict=False):
            form.source = _lines(review, ref.get("lines"))
        all_amendments = p["amendments"] + p["rejected_amendments"]
        for form, a in zip(item["amendment_formset"].forms, all_amendments, strict=False):
            form.source = _lines(review, a.get("lines"))
    if request.method == "POST":
        valid = all(
            item["form"].is_valid()
            and item["ref_formset"].is_valid()
            and item["amendment_formset"].is_valid()
            for item in items
        )
        chosen = [item for item in items if valid and item["form"].cleaned_data.get("include")]
        if valid and not chosen:
            messages.error(request, _("Välj minst en paragraf att spara."))
        elif valid:
            imp = services.confirm_protocol_import(
                municipality=request.municipality,
                by=request.user,
                text_hash=review["text_hash"],
                source_name=job.result.get("source_name") or "",
                body=review.get("body") or "",
                meeting_date=_date(review.get("meeting_date")),
                paragraphs=[_confirmed(item) for item in chosen],
            )
            messages.success(request, _("Protokollet är sparat i ärendet."))
            return redirect("decisions:case-detail", request.municipality.slug, imp.case_id)
    return render(
        request,
        "decisions/import_review.html",
        {
            "job": job,
            "review": review,
            "items": items,
            "earlier": job.result.get("earlier_import"),
            "unread_pages": job.result.get("unread_pages") or [],
            "case": case,
        },
    )


def _date(value) -> datetime.date | None:
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _lines_list(text: str) -> list[str]:
    return [line.strip(" •-–") for line in (text or "").splitlines() if line.strip(" •-–")]


def _confirmed(item: dict) -> services.ConfirmedParagraph:
    f = item["form"].cleaned_data
    amendments = [
        {
            **{
                k: a.cleaned_data.get(k)
                for k in (
                    "label",
                    "status",
                    "page",
                    "heading",
                    "column",
                    "anchor_text",
                    "operation",
                    "text",
                    "old_text",
                    "table",
                    "sentence",
                )
            },
            "source_lines": a.cleaned_data.get("source_lines") or "",
            "source_text": " ".join(line for _n, line in getattr(a, "source", [])),
        }
        for a in item["amendment_formset"].forms
        if a.cleaned_data.get("include")
    ]
    decision = services.ConfirmedDecision(
        body=f["body"],
        body_name=f.get("body_name") or "",
        meeting_date=f.get("meeting_date"),
        paragraph=f.get("paragraph"),
        kind=f["kind"],
        outcome=f.get("outcome") or "",
        title=f.get("title") or "",
        text=f.get("text") or "",
        source_lines=_span(item["paragraph"].get("lines")),
        requirements=_lines_list(f.get("requirements") or ""),
        amendments=amendments,
        attachments=_lines_list(f.get("attachments") or ""),
    )
    referenced = [
        services.ConfirmedDecision(
            body=r.cleaned_data["body"],
            body_name=r.cleaned_data.get("body_name") or "",
            meeting_date=r.cleaned_data.get("meeting_date"),
            paragraph=r.cleaned_data.get("paragraph"),
            kind=r.cleaned_data["kind"],
            outcome=r.cleaned_data.get("outcome") or "",
            source_lines=r.cleaned_data.get("source_lines") or "",
            requirements=_lines_list(r.cleaned_data.get("requirements") or ""),
        )
        for r in item["ref_formset"].forms
        if r.cleaned_data.get("include")
    ]
    return services.ConfirmedParagraph(
        case_dnr=f["case_dnr"].strip(),
        case_title=f.get("case_title") or "",
        decision=decision,
        referenced=referenced,
    )


# Amendments: preview as a diff, adopt with them applied


def _amendment_rows(version: ProgramVersion, pending: list[Amendment]) -> tuple[Outcome | None, list[dict]]:
    """The preview of applying `pending` to `version`, and per amendment its result and diff."""
    if not pending:
        return None, []
    outcome = services.preview_amendments(version, pending)
    rows = []
    changes = iter(outcome.changes)
    for amendment, result in zip(pending, outcome.results, strict=True):
        change = next(changes) if result.status == "applied" and outcome.ok else None
        rows.append(
            {
                "amendment": amendment,
                "result": result,
                "diff": diff_html(change.before, change.after) if change else "",
            }
        )
    return outcome, rows


def _adopt(request, version: ProgramVersion, form: AdoptForm) -> HttpResponse | None:
    """The adoption form sent: first a confirmation page with what will be frozen (nothing saved),
    then, confirmed, the adoption. None: show the form again with its errors."""
    if not form.is_valid():
        return None
    decision: Decision = form.cleaned_data["decision"]
    pending = services.pending_amendments(decision)
    if version.is_frozen and not pending:
        form.add_error(
            None,
            _("Version %(n)s är redan antagen och det finns inga ändringar att föra in.")
            % {"n": version.number},
        )
        return None
    if not form.cleaned_data.get("confirm"):
        outcome, rows = _amendment_rows(version, pending)
        return render(
            request,
            "decisions/version_adopt_confirm.html",
            {
                "program": version.program,
                "version": version,
                "decision": decision,
                "adopted_on": form.cleaned_data["adopted_on"],
                "outcome": outcome,
                "rows": rows,
                "can_adopt": outcome is None or outcome.ok,
            },
        )
    try:
        adopted = services.adopt_version(
            version=version, decision=decision, by=request.user, on=form.cleaned_data["adopted_on"]
        )
    except ValidationError as error:
        for message in error.messages:
            form.add_error(None, message)
        return None
    if pending:
        done = _("Version %(n)s är antagen med ändringarna införda.") % {"n": adopted.number}
    else:
        done = _("Version %(n)s är antagen.") % {"n": adopted.number}
    messages.success(request, done)
    return redirect("programs:version-detail", request.municipality.slug, adopted.program_id, adopted.number)


@tenant_view
def version_adopt(request, pk: int, number: int):
    """Adopt a version of a programme through one of the decisions in the programme's cases."""
    program = get_for_tenant(Program.objects.all(), request, pk=pk)
    version = get_object_or_404(ProgramVersion, program=program, number=number)
    require(request.membership.can_manage)
    decisions = Decision.objects.filter(municipality=request.municipality, case__program=program)
    form = AdoptForm(_posted(request), decisions=decisions)
    if request.method == "POST":
        done = _adopt(request, version, form)
        if done is not None:
            return done
    cases = list(Case.objects.filter(municipality=request.municipality, program=program))
    return render(
        request,
        "decisions/version_adopt.html",
        {"program": program, "version": version, "form": form, "cases": cases},
    )


@tenant_view
def amendment_preview(request, pk: int):
    case = get_for_tenant(cases_with_trail(), request, pk=pk)
    program = case.program
    versions = list(program.versions.order_by("-number")) if program else []
    version = None
    if request.GET.get("version"):
        version = next((v for v in versions if str(v.number) == request.GET["version"]), None)
    if version is None:
        drafts = [v for v in versions if v.status == ProgramVersion.Status.DRAFT]
        version = drafts[0] if drafts else (versions[0] if versions else None)
    pending = services.amendments_to_apply(case)
    form = (
        AdoptForm(_posted(request), decisions=case.decisions.all()) if request.membership.can_manage else None
    )
    if request.method == "POST":
        require(form is not None)
        if version is None:
            messages.error(request, _("Programmet har ingen text ännu."))
        else:
            done = _adopt(request, version, form)  # type: ignore[arg-type]
            if done is not None:
                return done
    outcome, rows = _amendment_rows(version, pending) if version else (None, [])
    return render(
        request,
        "decisions/amendment_preview.html",
        {
            "case": case,
            "version": version,
            "versions": versions,
            "outcome": outcome,
            "rows": rows,
            "form": form,
            "applied": [
                a for d in case.timeline() for a in d.amendments.all() if a.status == Amendment.Status.APPLIED
            ],
        },
    )
