from __future__ import annotations

import secrets

from django.conf import settings
from django.contrib import messages
from django.db.models import FloatField
from django.db.models.functions import Cast, Coalesce, NullIf
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from varn.core.history import history_entries
from varn.core.jobs import start_job
from varn.core.listing import paginate, query_without_page, sort_list
from varn.core.models import Job
from varn.core.pagecache import cached_page
from varn.core.tenancy import get_for_tenant, require, tenant_view
from varn.core.upload_storage import store_upload
from varn.programs.models import Program

from .excel import coverage_export, efforts_workbook, template_for
from .forms import (
    CourseForm,
    CoverageFilterForm,
    EffortFilterForm,
    ImportConfirmForm,
    ImportUploadForm,
    OfferStatusForm,
    TrainingEffortForm,
    TrainingTargetForm,
    UnionOfferForm,
    coverage_filter,
    effort_from_row,
)
from .importing import validate_rows
from .models import Course, TrainingEffort, TrainingTarget, UnionTrainingOffer
from .presentation import (
    chart_image,
    coverage_actions,
    coverage_head,
    coverage_rows,
    coverage_table,
    level_head,
    level_rows,
    level_texts,
    offer_head,
    offer_rows,
    target_items,
)
from .services import (
    can_record_training,
    coverage_for,
    current_program,
    import_lookups,
    pick_current,
    programs_of,
    save_efforts,
)
from .tasks import JOB_KIND, read_training_workbook

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _xlsx(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# Coverage


@tenant_view
@cached_page
def coverage(request):
    programs = programs_of(request.municipality.pk)
    program, level, fields = coverage_filter(request.GET, programs, pick_current(programs))
    context: dict = {"program": program, "can_record": can_record_training(request.membership)}
    if program is not None:
        cov = coverage_for(program, level=level, only_level=True, plain=True)
        report = cov.report
        texts = level_texts(report.level_label)
        head = coverage_head(report.years)
        export_query = f"?program={program.pk}"
        context.update(
            coverage=cov,
            report=report,
            texts=texts,
            filter_fields=fields,
            actions=coverage_actions(
                request.municipality.slug, export_query, can_record=context["can_record"]
            ),
            by_organisation_table=coverage_table(
                caption=texts["by_organisation_caption"],
                first=_("Organisation"),
                head=head,
                rows=coverage_rows(report.by_organisation),
            ),
            by_target_group_table=coverage_table(
                caption=texts["by_target_group_caption"],
                first=_("Målgrupp"),
                head=head,
                rows=coverage_rows(report.by_target_group),
            ),
            by_union_table=coverage_table(
                caption=texts["by_union_caption"],
                first=_("Facklig organisation"),
                head=head,
                rows=coverage_rows(report.unions),
            ),
            level_rows=level_rows(report.by_level),
            offer_rows=offer_rows(cov.offers),
            level_head=level_head(),
            offer_head=offer_head(),
            target_items=target_items(cov.targets),
            bar_chart=chart_image(cov.charts[0], first_header=_("Organisation")),
            line_chart=chart_image(cov.charts[1], first_header=_("År")),
            export_query=export_query,
        )
    return render(request, "training/coverage.html", context)


@tenant_view
def coverage_download(request):
    programs = list(Program.objects.for_municipality(request.municipality))
    form = CoverageFilterForm(request.GET or None, programs=programs)
    program, _level = form.chosen(pick_current(programs))
    if program is None:
        raise Http404(_("Inget program är upplagt ännu."))
    filename = f"utbildningstackning-{slugify(request.municipality.slug)}-{program.period_label}.xlsx"
    with translation.override(settings.LANGUAGE_CODE):  # the workbook is Swedish, like the import template
        data = coverage_export(
            program, TrainingEffort.objects.listed_for(request.membership).for_program(program)
        )
    return _xlsx(data, filename.replace("–", "-"))


# Training efforts


def _effort_columns() -> dict[str, tuple[str, tuple[str, ...]]]:
    """The effort list's columns, for the page and for its export."""
    return {
        "utbildning": (_("Utbildning"), ("course__name",)),
        "organisation": (_("Organisation"), ("organisation_name",)),
        "malgrupp": (_("Målgrupp"), ("target_group__name",)),
        "period": (_("Period"), ("year", "start_date")),
        "tillfallen": (_("Tillfällen"), ("sessions",)),
        "deltagare": (_("Deltagare"), ("participants",)),
        "storlek": (_("Målgruppens storlek"), ("target_population",)),
        "tackning": (_("Täckning"), ("coverage_share",)),
    }


def _listed_efforts(request):
    """The efforts the request's filters choose, sorted as the request asks (the list's default:
    the latest year first)."""
    membership = request.membership
    form = EffortFilterForm(request.GET or None, municipality=request.municipality)
    qs = TrainingEffort.objects.listed_for(membership)
    if request.GET:
        qs = form.filter(qs)
    qs = qs.select_related("course", "unit", "partner", "target_group", "program").annotate(
        organisation_name=Coalesce("unit__name", "partner__name"),
        coverage_share=Cast("participants", FloatField()) / NullIf("target_population", 0),
    )
    qs, columns = sort_list(request, qs, _effort_columns(), default="-period")
    return form, qs, columns


@tenant_view
def effort_list(request):
    membership = request.membership
    form, qs, columns = _listed_efforts(request)
    page = paginate(request, qs)
    context = {
        "form": form,
        "page": page,
        "columns": columns,
        "query": query_without_page(request),
        "can_record": can_record_training(membership),
        "editable": {e.pk for e in page if e.can_be_changed_by(membership)},
    }
    template = "training/effort_list.html"
    if request.htmx and not request.htmx.boosted:
        template += "#results"
    return render(request, template, context)


@tenant_view
def effort_export(request):
    """Exactly the efforts of the list as filtered and sorted, every page of them."""
    _form, qs, _columns = _listed_efforts(request)
    with translation.override(settings.LANGUAGE_CODE):  # what Värn writes for the municipality is Swedish
        data = efforts_workbook(qs)
    stamp = timezone.localdate().isoformat()
    return _xlsx(data, f"utbildningsinsatser-{slugify(request.municipality.slug)}-{stamp}.xlsx")


def _effort_form(request, effort: TrainingEffort):
    form = TrainingEffortForm(request.POST or None, instance=effort, membership=request.membership)
    if request.method == "POST" and form.is_valid():
        effort = form.save(commit=False)
        effort._history_user = request.user  # type: ignore[attr-defined]
        if effort.created_by_id is None:
            effort.created_by = request.user
        effort.save()
        messages.success(request, _("Utbildningsinsatsen är sparad."))
        return redirect("training:effort-list", request.municipality.slug)
    return render(request, "training/effort_form.html", {"form": form, "effort": effort})


@tenant_view
def effort_create(request):
    require(can_record_training(request.membership))
    effort = TrainingEffort(municipality=request.municipality)
    if request.method == "GET":
        effort.program = current_program(request.municipality)  # type: ignore[assignment]
        effort.year = timezone.localdate().year
    return _effort_form(request, effort)


@tenant_view
def effort_edit(request, pk: int):
    effort = get_for_tenant(TrainingEffort.objects.listed_for(request.membership), request, pk=pk)
    require(effort.can_be_changed_by(request.membership))
    return _effort_form(request, effort)


@tenant_view
def effort_delete(request, pk: int):
    effort = get_for_tenant(
        TrainingEffort.objects.listed_for(request.membership).select_related("course", "unit", "partner"),
        request,
        pk=pk,
    )
    require(effort.can_be_changed_by(request.membership))
    if request.method == "POST":
        effort._history_user = request.user  # type: ignore[attr-defined]
        effort.delete()
        messages.success(request, _("Utbildningsinsatsen är borttagen."))
        return redirect("training:effort-list", request.municipality.slug)
    return render(request, "training/effort_confirm_delete.html", {"effort": effort})


@tenant_view
def effort_history(request, pk: int):
    effort = get_for_tenant(TrainingEffort.objects.listed_for(request.membership), request, pk=pk)
    return render(
        request,
        "core/history.html",
        {"object": effort, "title": str(effort), "entries": history_entries(effort)},
    )


# Courses and targets


@tenant_view
def course_list(request):
    courses = Course.objects.for_municipality(request.municipality).order_by("-is_active", "level", "name")
    targets = (
        TrainingTarget.objects.for_municipality(request.municipality)
        .select_related("program", "target_group")
        .order_by("program__title", "level")
    )
    return render(request, "training/course_list.html", {"courses": courses, "targets": targets})


def _course_form(request, course: Course):
    require(request.membership.can_manage)
    form = CourseForm(request.POST or None, instance=course)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Utbildningen är sparad."))
        return redirect("training:course-list", request.municipality.slug)
    return render(request, "training/course_form.html", {"form": form, "course": course})


@tenant_view
def course_create(request):
    return _course_form(request, Course(municipality=request.municipality))


@tenant_view
def course_edit(request, pk: int):
    return _course_form(request, get_for_tenant(Course.objects.all(), request, pk=pk))


@tenant_view
def course_history(request, pk: int):
    course = get_for_tenant(Course.objects.all(), request, pk=pk)
    return render(
        request,
        "core/history.html",
        {"object": course, "title": course.name, "entries": history_entries(course)},
    )


def _target_form(request, target: TrainingTarget):
    require(request.membership.can_manage)
    form = TrainingTargetForm(request.POST or None, instance=target, municipality=request.municipality)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Utbildningsmålet är sparat."))
        return redirect("training:course-list", request.municipality.slug)
    return render(request, "training/target_form.html", {"form": form, "target": target})


@tenant_view
def target_create(request):
    target = TrainingTarget(municipality=request.municipality)
    if request.method == "GET":
        target.program = current_program(request.municipality)  # type: ignore[assignment]
    return _target_form(request, target)


@tenant_view
def target_edit(request, pk: int):
    return _target_form(request, get_for_tenant(TrainingTarget.objects.all(), request, pk=pk))


# Union offers


@tenant_view
def offer_list(request):
    offers = (
        UnionTrainingOffer.objects.for_municipality(request.municipality)
        .select_related("partner", "course", "program")
        .order_by("partner__name", "offered_on")
    )
    membership = request.membership
    return render(
        request,
        "training/offer_list.html",
        {"offers": offers, "editable": {o.pk for o in offers if o.can_be_changed_by(membership)}},
    )


@tenant_view
def offer_create(request):
    require(request.membership.can_manage)
    offer = UnionTrainingOffer(municipality=request.municipality)
    if request.method == "GET":
        offer.program = current_program(request.municipality)  # type: ignore[assignment]
        offer.offered_on = timezone.localdate()
    form = UnionOfferForm(request.POST or None, instance=offer, municipality=request.municipality)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Erbjudandet är sparat."))
        return redirect("training:offer-list", request.municipality.slug)
    return render(request, "training/offer_form.html", {"form": form, "offer": None})


@tenant_view
def offer_edit(request, pk: int):
    offer = get_for_tenant(
        UnionTrainingOffer.objects.select_related("partner", "course", "program"), request, pk=pk
    )
    membership = request.membership
    require(offer.can_be_changed_by(membership))
    form: UnionOfferForm | OfferStatusForm
    if membership.can_manage:
        form = UnionOfferForm(request.POST or None, instance=offer, municipality=request.municipality)
    else:
        form = OfferStatusForm(request.POST or None, instance=offer)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Erbjudandet är sparat."))
        return redirect("training:offer-list", request.municipality.slug)
    return render(request, "training/offer_form.html", {"form": form, "offer": offer})


@tenant_view
def offer_history(request, pk: int):
    offer = get_for_tenant(UnionTrainingOffer.objects.all(), request, pk=pk)
    return render(
        request,
        "core/history.html",
        {"object": offer, "title": str(offer), "entries": history_entries(offer)},
    )


# Excel import: upload -> read in the background -> preview (kept in the Job, nothing saved) -> confirm


def _pending(request, token: str) -> dict | None:
    """The rows read for this person's import `token`, or None when gone (saved, cancelled, purged)."""
    job = (
        Job.objects.filter(
            municipality=request.municipality,
            created_by=request.user,
            kind=JOB_KIND,
            status=Job.Status.DONE,
            result__token=token,
        )
        .only("result")
        .first()
    )
    return job.result if job is not None and job.result.get("rows") is not None else None


def _drop_pending(request, token: str) -> None:
    Job.objects.filter(
        municipality=request.municipality, created_by=request.user, kind=JOB_KIND, result__token=token
    ).update(result={})


@tenant_view
def import_start(request):
    membership = request.membership
    require(can_record_training(membership))
    program = current_program(request.municipality)
    form = ImportUploadForm(
        request.POST or None,
        request.FILES or None,
        municipality=request.municipality,
        initial={"program": program},
    )
    if request.method == "POST" and form.is_valid():
        chosen: Program = form.cleaned_data["program"]
        lookups = import_lookups(chosen, membership)
        path = store_upload(form.checked, municipality_id=request.municipality.pk, folder="imports")
        job = start_job(
            read_training_workbook,
            municipality=request.municipality,
            kind=JOB_KIND,
            title=_("Läser utbildningssiffror"),
            by=request.user,
            path=path,
            program_id=chosen.pk,
            token=secrets.token_urlsafe(12),
            known=sorted(lookups.known_names),
        )
        return redirect(job.get_absolute_url())
    status = 400 if form.errors else 200
    return render(request, "training/import_form.html", {"form": form, "program": program}, status=status)


@tenant_view
def import_template(request):
    membership = request.membership
    require(can_record_training(membership))
    program = current_program(request.municipality)
    if program is None:
        raise Http404(_("Inget program är upplagt ännu."))
    units = partners = None  # the coordinator's template lists every organisation
    if not membership.is_coordinator:
        units = [membership.unit_id] if membership.is_unit_editor else []
        partners = [membership.partner_id] if membership.is_partner else []
    with translation.override(settings.LANGUAGE_CODE):  # its Swedish headers are what the import reads
        data = template_for(program, allowed_units=units, allowed_partners=partners)
    return _xlsx(data, f"mall-utbildningssiffror-{slugify(request.municipality.slug)}.xlsx")


def _preview_row(row, lookups) -> dict:
    """A checked row with names instead of ids, for the preview table."""
    if row.start_date and row.end_date:
        period = f"{row.start_date:%Y-%m-%d} – {row.end_date:%Y-%m-%d}"
    else:
        period = str(row.year or "")
    return {
        "row": row.row,
        "errors": row.errors,
        "organisation": lookups.organisation_labels.get(row.organisation, ""),
        "target_group": lookups.target_group_labels.get(row.target_group, ""),
        "course": lookups.course_labels.get(row.course, ""),
        "period": period,
        "sessions": row.sessions,
        "participants": row.participants,
        "target_population": row.target_population,
        "removed": bool(row.removed),
    }


@tenant_view
def import_preview(request, token: str):
    membership = request.membership
    require(can_record_training(membership))
    entry = _pending(request, token)
    if entry is None:
        messages.error(request, _("Förhandsgranskningen finns inte längre. Ladda upp filen igen."))
        return redirect("training:import", request.municipality.slug)
    program = get_for_tenant(Program.objects.all(), request, pk=entry["program"])
    lookups = import_lookups(program, membership)
    results = validate_rows(entry["rows"], lookups)
    valid = [r for r in results if r.is_valid]
    invalid = [r for r in results if not r.is_valid]
    form = ImportConfirmForm(request.POST if request.method == "POST" else None)
    problem = ""
    if request.method == "POST" and form.is_valid():
        if invalid and not form.cleaned_data["drop_errors"]:
            problem = _(
                "Inget sparades: %(n)s rader har fel. Rätta filen och ladda upp den igen, "
                "eller välj att bara spara de felfria raderna."
            ) % {"n": len(invalid)}
        elif not valid:
            problem = _("Inget sparades: det finns inga felfria rader i filen.")
        else:
            efforts = [
                effort_from_row(r, municipality=request.municipality, program=program, by=request.user)
                for r in valid
            ]
            saved = save_efforts(efforts, by=request.user)
            _drop_pending(request, token)
            text = _("%(n)s rader med utbildningssiffror sparades.") % {"n": saved}
            if invalid:
                text += " " + _("%(n)s rader med fel hoppades över.") % {"n": len(invalid)}
            if entry["names_removed"]:
                text += " " + _(
                    "%(n)s celler med namn eller andra personuppgifter togs bort ur filen och sparades inte."
                ) % {"n": entry["names_removed"]}
            messages.success(request, text)
            return redirect("training:coverage", request.municipality.slug)
    context = {
        "token": token,
        "program": program,
        "rows": [_preview_row(r, lookups) for r in results],
        "valid_count": len(valid),
        "invalid_count": len(invalid),
        "names_removed": entry["names_removed"],
        "name_columns": entry["name_columns"],
        "ignored_columns": entry["ignored_columns"],
        "form": form,
        "problem": problem,
    }
    return render(request, "training/import_preview.html", context, status=400 if problem else 200)


@tenant_view
@require_POST
def import_cancel(request, token: str):
    require(can_record_training(request.membership))
    _drop_pending(request, token)
    messages.success(request, _("Importen är avbruten. Inget sparades."))
    return redirect("training:import", request.municipality.slug)
