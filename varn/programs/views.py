from __future__ import annotations

import datetime
import functools
from collections import defaultdict
from itertools import groupby
from operator import itemgetter

from django.contrib import messages
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import CharField, Count, F, Prefetch, Value
from django.db.models.functions import Cast
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from varn.cooperation.models import Forum
from varn.core.dashboard import collect_panels
from varn.core.history import history_entries
from varn.core.listing import paginate, paginate_counted, query_without_page, sort_columns
from varn.core.markup import object_links
from varn.core.pagecache import cached_page
from varn.core.prepared import PreparedQuery
from varn.core.tenancy import get_for_tenant, require, tenant_view
from varn.organisations.models import Partner, Unit

from . import dashboard_rows, measure_queries, measure_table
from .dashboard_figures import panel_figures
from .forms import GoalForm, MeasureFilterForm, MeasureForm, MeasureUpdateForm, ProgramForm
from .models import (
    Goal,
    Measure,
    MeasureStatus,
    MeasureUpdate,
    Program,
    ProgramVersion,
)
from .rendering import prepare_for_display, tree_html
from .services import EditConflict, update_measure
from .todo import todo_for

RECENT_CHANGES = 10


_PROGRAM_ORDER = {Program.Status.ADOPTED: 0, Program.Status.PROPOSED: 1, Program.Status.IN_REVISION: 2}


def _program_rank(status: str, period_start: int) -> tuple[int, int]:
    """Adopted before proposed before in revision, then the latest period first."""
    return (_PROGRAM_ORDER.get(status, 3), -period_start)  # type: ignore[call-overload]


_PROGRAM_FIELDS = [f.attname for f in Program._meta.concrete_fields]
_PROGRAMS = PreparedQuery(
    lambda municipality_id: Program.objects.filter(municipality_id=municipality_id).values_list(
        *_PROGRAM_FIELDS
    ),
    municipality_id=int,
)


def _current_program(municipality) -> Program | None:
    programs = [
        Program.from_db(DEFAULT_DB_ALIAS, _PROGRAM_FIELDS, row)
        for row in _PROGRAMS.rows(municipality_id=municipality.pk)
    ]
    if not programs:
        return None
    return sorted(programs, key=lambda p: _program_rank(p.status, p.period_start))[0]


# The models whose changes the dashboard lists, and the columns that name a changed object.
RECENT_MODELS: list[tuple[type, str, str]] = [
    (Measure, "code", "title"),
    (MeasureUpdate, "", "date"),
    (Goal, "code", "title"),
    (Program, "", "title"),
    (Unit, "", "name"),
    (Partner, "", "name"),
]


@functools.cache
def _history_model(model):
    return model.history.model  # type: ignore[attr-defined]


def _recent_query(municipality_id: int):
    # Where the database takes a LIMIT in each part of a UNION (PostgreSQL), each part reads its
    # newest rows from its (municipality, history_date) index and stops; PostgreSQL otherwise
    # sorts every change of the municipality. SQLite refuses it, and stops early by itself
    # (programs/migrations/0006, docs/decisions/0175).
    per_part = connections[DEFAULT_DB_ALIAS].features.supports_slicing_ordering_in_compound
    parts = []
    for index, (model, code, label) in enumerate(RECENT_MODELS):
        # `model.history` builds a manager class on every access (simple_history's descriptor,
        # inspect.getmembers included): take the historical model from the registry, and its own
        # manager, once per process instead (issue 16).
        history = _history_model(model)
        parts.append(
            history._default_manager.filter(municipality_id=municipality_id)
            .order_by()
            .annotate(
                source_model=Value(index),
                code_text=Cast(F(code), CharField()) if code else Value(""),
                label_text=Cast(F(label), CharField()),
            )
            .values_list(
                "source_model",
                "id",
                "history_date",
                "history_type",
                "code_text",
                "label_text",
                "history_user__username",
                "history_user__first_name",
                "history_user__last_name",
            )
        )
        if per_part:
            parts[-1] = parts[-1].order_by("-history_date")[: RECENT_CHANGES * 6]
    # An object changed several times shows once, so read a few more rows than are shown.
    return parts[0].union(*parts[1:], all=True).order_by("-history_date")[: RECENT_CHANGES * 6]


# The union over six history tables costs ~10k Python calls to build and compile: prepared once.
_RECENT = PreparedQuery(_recent_query, municipality_id=int)


def _recent_changes(municipality) -> list[dict]:
    """The objects changed most recently across the programme's models, each object once: one
    query (a UNION ALL over the history tables, read as plain values)."""
    actions = {"+": _("skapade"), "~": _("ändrade"), "-": _("tog bort")}
    rows = _RECENT.iterate(municipality_id=municipality.pk)
    seen: set[tuple[int, int]] = set()
    changes = []
    for kind, pk, when, action, code, label, username, first_name, last_name in rows:
        if (kind, pk) in seen:
            continue
        seen.add((kind, pk))
        model = RECENT_MODELS[kind][0]
        if model is MeasureUpdate:
            label = _("lägesrapport %(date)s") % {"date": label}
        full_name = f"{first_name} {last_name}".strip()
        when = timezone.localtime(when)  # as the template's date filter shows it
        changes.append(
            {
                "when_iso": when.isoformat(),
                "when_text": when.strftime("%Y-%m-%d %H:%M"),
                "who": (full_name or username) if username else _("systemet"),
                "action": actions.get(action, ""),
                "kind": model._meta.verbose_name,
                "label": f"{code} {label}".strip(),
            }
        )
        if len(changes) == RECENT_CHANGES:
            break
    return changes


def _dashboard_measures(municipality_id: int, partner_id: int | None = None):
    """`Measure.objects.visible_to(membership)` as plain ids: a partner sees the measures they take
    part in, every other role all of them; joins carry the municipality."""
    measures = Measure.objects.filter(municipality_id=municipality_id)
    if partner_id is not None:
        measures = measures.filter(partners=partner_id)
    return measures.joined_within(municipality_id, "responsible_unit")


def _measures_by_unit(**ids):
    # One aggregate per unit and status gives both tables: per status and per unit.
    return (
        _dashboard_measures(**ids)
        .order_by()
        .values_list("responsible_unit__id", "responsible_unit__name", "status")
        .annotate(n=Count("id"))
        .order_by("responsible_unit__name")
    )


def _overdue_measures(today, **ids):
    return (
        _dashboard_measures(**ids)
        .overdue(today)
        .order_by("end_date")
        .values_list("pk", "code", "title", "responsible_unit__name", "end_date")[:10]
    )


_MEASURES_BY_UNIT = {
    None: PreparedQuery(_measures_by_unit, municipality_id=int),
    "partner": PreparedQuery(_measures_by_unit, municipality_id=int, partner_id=int),
}
_OVERDUE = {
    None: PreparedQuery(_overdue_measures, municipality_id=int, today=datetime.date),
    "partner": PreparedQuery(_overdue_measures, municipality_id=int, partner_id=int, today=datetime.date),
}


@tenant_view
@cached_page
def dashboard(request):
    municipality, membership = request.municipality, request.membership
    program = _current_program(municipality)
    ids = {"municipality_id": municipality.pk}
    if membership.is_partner:
        shape, ids["partner_id"] = "partner", membership.partner_id or 0
    else:
        shape = None
    measure_link = object_links("programs:measure-detail", municipality.slug)
    by_unit: dict[int, dict] = {}
    counts: dict[str, int] = defaultdict(int)
    for unit_id, unit_name, status, n in _MEASURES_BY_UNIT[shape].rows(**ids):
        counts[status] += n
        entry = by_unit.setdefault(unit_id, {"name": unit_name, "total": 0, "done": 0})
        entry["total"] += n
        if status == MeasureStatus.DONE:
            entry["done"] += n
    by_status = [(code, label, counts.get(code, 0)) for code, label in MeasureStatus.choices]
    overdue = [
        {
            "url": measure_link(pk),
            "label": f"{code} {title}".strip(),
            "unit": unit,
            "end_date": end_date.isoformat(),
        }
        for pk, code, title, unit, end_date in _OVERDUE[shape].rows(**ids, today=timezone.localdate())
    ]
    recent = [] if membership.is_partner else _recent_changes(municipality)
    context = {
        "program_card": dashboard_rows.program_card(
            program, municipality.slug, can_manage=membership.can_manage
        ),
        "status_rows": dashboard_rows.status_rows(
            by_status, reverse("programs:measure-list", args=[municipality.slug])
        ),
        "total": sum(counts.values()),
        "unit_rows": dashboard_rows.unit_rows(by_unit.values()),
        "overdue": overdue,
        "overdue_items": dashboard_rows.overdue_items(overdue),
        "recent": recent,
        "recent_items": dashboard_rows.recent_items(recent),
        "panels": collect_panels(membership, program, panel_figures(membership, program)),
        "todo_section": dashboard_rows.todo_section(todo_for(membership)),
    }
    return render(request, "programs/dashboard.html", context)


@tenant_view
def program_list(request):
    programs = Program.objects.for_municipality(request.municipality).prefetch_related("versions")
    return render(request, "programs/program_list.html", {"programs": programs})


# An adopted version is frozen, so its rendered text never changes: it is rendered once and cached
# (docs/decisions/0052). The key has the version's creation time as well as its id, since a test
# database that is rolled back can hand out the same id again.
FROZEN_TEXT_SECONDS = 7 * 24 * 60 * 60


def _version_html(version: ProgramVersion) -> str:
    def render_text() -> str:
        return tree_html(prepare_for_display(version.block_tree()))

    if not version.is_frozen:
        return mark_safe(render_text())  # escaped as programs/_tree.html would (rendering.tree_html)
    key = f"version-html:{version.pk}:{version.created_at.timestamp()}:{get_language()}"
    html = cache.get(key)
    if html is None:
        html = render_text()
        cache.set(key, html, FROZEN_TEXT_SECONDS)
    return mark_safe(html)  # rendered by our own template, with its escaping


def _versions(program: Program) -> list[ProgramVersion]:
    return sorted(program.versions.all(), key=lambda v: v.number, reverse=True)


def _render_version(request, program: Program, version: ProgramVersion | None) -> HttpResponse:
    return render(
        request,
        "programs/program_detail.html",
        {
            "program": program,
            "version": version,
            "versions": _versions(program),
            "tree_html": _version_html(version) if version else "",
        },
    )


def _with_versions():
    return Program.objects.prefetch_related(
        Prefetch("versions", queryset=ProgramVersion.objects.select_related("created_by_decision"))
    )


@tenant_view
@cached_page
def program_detail(request, pk: int):
    program = get_for_tenant(_with_versions(), request, pk=pk)
    return _render_version(request, program, program.current_version())


@tenant_view
def version_detail(request, pk: int, number: int):
    program = get_for_tenant(_with_versions(), request, pk=pk)
    version = get_object_or_404(ProgramVersion, program=program, number=number)
    return _render_version(request, program, version)


@tenant_view
def program_edit(request, pk: int):
    program = get_for_tenant(Program.objects.all(), request, pk=pk)
    require(request.membership.can_manage)
    form = ProgramForm(request.POST or None, instance=program)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Programmet är sparat."))
        return redirect("programs:program-detail", request.municipality.slug, program.pk)
    return render(request, "programs/program_form.html", {"form": form, "program": program})


@tenant_view
def program_history(request, pk: int):
    program = get_for_tenant(Program.objects.all(), request, pk=pk)
    return _history(request, program, program.title)


def _history(request, obj, title: str) -> HttpResponse:
    return render(
        request, "core/history.html", {"object": obj, "title": title, "entries": history_entries(obj)}
    )


# Goals


@tenant_view
@cached_page
def goal_list(request):
    program = _current_program(request.municipality)
    goals = []
    if program:
        goals = list(
            Goal.objects.filter(program=program)
            .annotate(measure_count=Count("measures"))
            .order_by("position", "code")
        )
    children: dict[int | None, list[Goal]] = {}
    for goal in goals:
        children.setdefault(goal.parent_id, []).append(goal)

    def walk(parent_id):
        return [{"goal": g, "children": walk(g.pk)} for g in children.get(parent_id, [])]

    return render(request, "programs/goal_list.html", {"program": program, "tree": walk(None)})


def _goal_form(request, program: Program, goal: Goal | None):
    require(request.membership.can_manage)
    instance = goal or Goal(municipality=request.municipality, program=program)
    form = GoalForm(request.POST or None, instance=instance, program=program)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Målet är sparat."))
        return redirect("programs:goal-list", request.municipality.slug)
    return render(request, "programs/goal_form.html", {"form": form, "goal": goal, "program": program})


@tenant_view
def goal_create(request, program_pk: int):
    program = get_for_tenant(Program.objects.all(), request, pk=program_pk)
    return _goal_form(request, program, None)


@tenant_view
def goal_edit(request, pk: int):
    goal = get_for_tenant(Goal.objects.select_related("program"), request, pk=pk)
    return _goal_form(request, goal.program, goal)


@tenant_view
def goal_history(request, pk: int):
    goal = get_for_tenant(Goal.objects.all(), request, pk=pk)
    return _history(request, goal, str(goal))


# Measures


def _visible_measures(request):
    return Measure.objects.visible_to(request.membership)


@tenant_view
@cached_page
def measure_list(request):
    municipality = request.municipality
    membership = request.membership
    # The option lists, every measure's target groups and (for the coordinator's "Ny insats") the
    # programmes in one query (docs/decisions/0185).
    found = measure_queries.choices(municipality.pk, with_programs=membership.can_manage)
    read = (
        [row[1:3] for row in found[measure_queries.UNIT]],
        [row[1:3] for row in found[measure_queries.TARGET_GROUP]],
        [(pk, f"{code} {title}".strip()) for _kind, pk, code, title, *_rest in found[measure_queries.GOAL]],
    )
    form = MeasureFilterForm(request.GET or None, municipality=municipality, read=read)
    # Ordered by measure, then name.
    target_groups = {
        measure_id: [row[2] for row in rows]
        for measure_id, rows in groupby(found[measure_queries.MEASURE_GROUP], itemgetter(1))
    }
    order, columns = sort_columns(
        request,
        {
            "nr": (_("Nr"), ("code", "title")),
            "insats": (_("Insats"), ("title",)),
            "mal": (_("Mål"), ("goal__title",)),
            "ansvarig": (_("Ansvarig"), ("responsible_unit__name",)),
            "niva": (_("Nivå"), ("prevention_level",)),
            "slut": (_("Slut"), ("end_date",)),
            "status": (_("Status"), ("status",)),
        },
        default="nr",
    )
    searched = bool(request.GET) and (not form.is_valid() or bool(form.cleaned_data["q"]))
    if searched or (membership.is_partner and membership.partner_id is None):
        # Free text, filters the form refused (or a partner's membership without its partner, which
        # a prepared query cannot take): the QuerySet as the export builds it.
        qs = form.filter(_visible_measures(request)).joined_within(municipality, "goal", "responsible_unit")
        page = paginate(request, qs.values_list(*measure_table.FIELDS).order_by(*order))
        page.object_list = rows = list(page.object_list)
    else:
        page = paginate_counted(request, functools.partial(_measure_page, request, form, order))
        rows = page.object_list
    detail = reverse("programs:measure-detail", args=[municipality.slug, 0]).removesuffix("0/")
    context = {
        "form": form,
        "page": page,
        "rows": measure_table.rows_html(
            rows, detail_url=detail, target_groups=target_groups, today=timezone.localdate()
        ),
        # Only a coordinator is offered "Ny insats" for it.
        "program_pk": _first_program_pk(found[measure_queries.PROGRAM]) if membership.can_manage else None,
        "query": query_without_page(request),
        "columns": columns,
    }
    template = "programs/measure_list.html"
    if request.htmx and not request.htmx.boosted:
        template += "#results"
    return render(request, template, context)


def _measure_page(request, form, order: tuple[str, ...], low: int, high: int) -> tuple[list[tuple], int]:
    """The rows `low` to `high` of the filtered list, and how many there are in all."""
    membership = request.membership
    values: dict = {"municipality_id": request.municipality.pk}
    if membership.is_partner:
        values["partner_id"] = membership.partner_id
    data = form.cleaned_data if request.GET else {}
    given = tuple(name for name in measure_queries.ID_FILTERS if data.get(name))
    values.update((name, data[name]) for name in given)
    if data.get("overdue"):
        values["today"] = timezone.localdate()
    shape = (data.get("status", ""), data.get("level", ""), order)
    fetched = measure_queries.page(values, shape=shape, sliced=(low, high))
    return [row[:-1] for row in fetched], (fetched[0][-1] if fetched else 0)


def _first_program_pk(rows) -> int | None:
    """The id of `_current_program`, from measure_queries' programme rows."""
    if not rows:
        return None
    return sorted(rows, key=lambda row: _program_rank(row[2], row[6]))[0][1]


@tenant_view
@cached_page
def measure_detail(request, pk: int):
    measure = get_object_or_404(
        _visible_measures(request)
        .select_related("goal", "responsible_unit", "program")
        .prefetch_related(
            "target_groups",
            "partners",
            Prefetch("updates", queryset=MeasureUpdate.objects.select_related("author")),
        ),
        pk=pk,
    )
    return render(
        request,
        "programs/measure_detail.html",
        {
            "measure": measure,
            "can_edit": request.membership.can_edit_measure(measure),
            "history": history_entries(measure, limit=20),
            "forums": Forum.objects.visible_to(request.membership).carrying(measure).with_union_flag(),
        },
    )


@tenant_view
def measure_create(request, program_pk: int):
    program = get_for_tenant(Program.objects.all(), request, pk=program_pk)
    require(request.membership.can_manage)
    instance = Measure(municipality=request.municipality, program=program)
    form = MeasureForm(request.POST or None, instance=instance, program=program)
    if request.method == "POST" and form.is_valid():
        measure = form.save()
        messages.success(request, _("Insatsen är skapad."))
        return redirect("programs:measure-detail", request.municipality.slug, measure.pk)
    return render(request, "programs/measure_form.html", {"form": form, "program": program})


@tenant_view
def measure_edit(request, pk: int):
    measure = get_for_tenant(Measure.objects.select_related("program"), request, pk=pk)
    require(request.membership.can_edit_measure(measure))
    form = MeasureForm(
        request.POST or None, instance=measure, program=measure.program, membership=request.membership
    )
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            update_measure(form, by=request.user)
        except EditConflict as error:
            conflict = error
            # Show the user's own input again, now based on the latest version: saving once
            # more, after reading what the other person changed, is a deliberate choice.
            data = request.POST.copy()
            data["lock_version"] = str(error.current_version)
            fresh = Measure.objects.select_related("program").get(pk=measure.pk)
            form = MeasureForm(data, instance=fresh, program=measure.program, membership=request.membership)
            form.is_valid()
        else:
            messages.success(request, _("Insatsen är sparad."))
            return redirect("programs:measure-detail", request.municipality.slug, measure.pk)
    return render(
        request,
        "programs/measure_form.html",
        {"form": form, "measure": measure, "program": measure.program, "conflict": conflict},
        status=409 if conflict else 200,
    )


@tenant_view
def measure_update(request, pk: int):
    measure = get_for_tenant(Measure.objects.all(), request, pk=pk)
    require(request.membership.can_edit_measure(measure))
    form = MeasureUpdateForm(
        request.POST or None, initial={"date": timezone.localdate(), "status": measure.status}
    )
    if request.method == "POST" and form.is_valid():
        measure.record_update(by=request.user, **form.cleaned_data)
        messages.success(request, _("Lägesrapporten är sparad."))
        return redirect("programs:measure-detail", request.municipality.slug, measure.pk)
    return render(request, "programs/measure_update_form.html", {"form": form, "measure": measure})


@tenant_view
def measure_history(request, pk: int):
    measure = get_object_or_404(_visible_measures(request), pk=pk)
    return _history(request, measure, str(measure))
