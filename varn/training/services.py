"""Reading training figures out of the database into the plain coverage computation, and writing
imported figures back. Every function here runs a fixed number of queries, whatever the data."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import NamedTuple

from django.db import DEFAULT_DB_ALIAS, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from simple_history.utils import bulk_create_with_history

from varn.core.charts import Chart
from varn.core.prepared import PreparedQuery
from varn.organisations.models import Municipality, Partner, Unit
from varn.programs.models import Program, TargetGroup

from .coverage import PARTNER, UNION, UNIT, CoverageReport, Figure, build_report
from .importing import Lookups, normalise
from .models import Course, CourseLevel, TrainingEffort, TrainingTarget, UnionTrainingOffer

PROGRAM_ORDER: dict[str, int] = {
    Program.Status.ADOPTED: 0,
    Program.Status.PROPOSED: 1,
    Program.Status.IN_REVISION: 2,
}


def pick_current(programs: list[Program]) -> Program | None:
    """The programme in force (adopted before proposed before in revision), newest period first."""
    if not programs:
        return None
    return sorted(programs, key=lambda p: (PROGRAM_ORDER.get(p.status, 3), -p.period_start))[0]


_PROGRAM_FIELDS = [f.attname for f in Program._meta.concrete_fields]
_PROGRAMS = PreparedQuery(
    lambda municipality: (
        Program.objects.filter(municipality_id=municipality)
        .order_by("-period_start", "title")  # Program.Meta.ordering
        .values_list(*_PROGRAM_FIELDS)
    ),
    municipality=int,
)


def programs_of(municipality_id: int) -> list[Program]:
    """The municipality's programmes, as `Program.objects.for_municipality` lists them, built from
    one prepared query (the coverage page reads them on every request)."""
    return [
        Program.from_db(DEFAULT_DB_ALIAS, _PROGRAM_FIELDS, row)
        for row in _PROGRAMS.rows(municipality=municipality_id)
    ]


def current_program(municipality: Municipality) -> Program | None:
    return pick_current(list(Program.objects.for_municipality(municipality)))


def program_years(program: Program) -> list[int]:
    return list(range(program.period_start, program.period_end + 1))


def unit_key(pk: int) -> str:
    return f"unit:{pk}"


def partner_key(pk: int) -> str:
    return f"partner:{pk}"


# The page's queries as values rows, compiled once per process (core.prepared, docs/decisions/0140).
_FIGURES = PreparedQuery(
    lambda municipality, program: (
        TrainingEffort.objects.filter(municipality_id=municipality, program_id=program)
        .order_by()
        .values_list(
            "unit_id",
            "partner_id",
            "partner__kind",
            "target_group__name",
            "course__level",
            "year",
            "participants",
            "target_population",
        )
    ),
    municipality=int,
    program=int,
)
_UNITS = PreparedQuery(
    lambda municipality: (
        Unit.objects.filter(municipality_id=municipality)
        .order_by("name")
        .values_list("pk", "short_name", "name", "is_active")
    ),
    municipality=int,
)
_PARTNERS = PreparedQuery(
    lambda municipality: (
        Partner.objects.filter(municipality_id=municipality)
        .order_by("name")
        .values_list("pk", "name", "kind")
    ),
    municipality=int,
)
_TARGETS = PreparedQuery(
    lambda municipality, program: (
        TrainingTarget.objects.filter(municipality_id=municipality, program_id=program)
        .order_by("level", "target_group__name")
        .values_list("level", "target_group__name", "share", "deadline", "description")
    ),
    municipality=int,
    program=int,
)
_OFFERS = PreparedQuery(
    lambda municipality, program: (
        UnionTrainingOffer.objects.filter(municipality_id=municipality, program_id=program)
        .order_by("partner__name", "offered_on")
        .values_list("partner__name", "course__name", "status", "offered_on", "accepted_on", "completed_on")
    ),
    municipality=int,
    program=int,
)


class TargetRow(NamedTuple):
    """A training target as the coverage page shows it (the page needs no instance)."""

    level: str
    target_group_name: str | None
    share: int
    deadline: datetime.date
    description: str


class OfferRow(NamedTuple):
    """An offer to a union as the coverage page shows it."""

    partner_name: str
    course_name: str
    status: str
    offered_on: datetime.date
    accepted_on: datetime.date | None
    completed_on: datetime.date | None


def load_figures(program: Program) -> list[Figure]:
    """Every effort of the programme as a Figure, in one query."""
    rows = _FIGURES.rows(municipality=program.municipality_id, program=program.pk)
    union = Partner.Kind.UNION
    # Built as tuples of the right class, the keys written in place (unit_key, partner_key): a call
    # less per figure for each, and a page reads hundreds.
    new = tuple.__new__
    return [
        new(Figure, (f"unit:{unit_id}", UNIT, group, level, year, participants, population))
        if unit_id
        else new(
            Figure,
            (
                f"partner:{partner_id}",
                UNION if partner_kind == union else PARTNER,
                group,
                level,
                year,
                participants,
                population,
            ),
        )
        for unit_id, partner_id, partner_kind, group, level, year, participants, population in rows
    ]


@dataclass
class Coverage:
    """Everything the coverage view, the Excel export and the report show."""

    program: Program
    level: str
    reports: dict[str, CoverageReport]  # one per course level
    # Instances for the export and the report; OfferRow and TargetRow for the page (`plain`).
    offers: list
    targets: list
    charts: list[Chart] = field(default_factory=list)

    @property
    def report(self) -> CoverageReport:
        """The report for the chosen level."""
        return self.reports[self.level]

    @property
    def has_figures(self) -> bool:
        return any(not row.period.is_missing for row in self.report.by_organisation)


def coverage_for(
    program: Program,
    *,
    level: str = CourseLevel.BASIC,
    today: datetime.date | None = None,
    only_level: bool = False,
    plain: bool = False,
) -> Coverage:
    """Coverage of one programme at every course level (charts for `level`): five queries,
    whatever the data. With `only_level`, only `level`'s report is built (the page shows one
    level; the export and the follow-up report need them all)."""
    today = today or timezone.localdate()
    municipality_id = program.municipality_id
    figures = load_figures(program)
    used_units = {f.org for f in figures if f.group == UNIT}
    units = [
        (unit_key(pk), short_name or name, name, is_active)
        for pk, short_name, name, is_active in _UNITS.rows(municipality=municipality_id)
    ]
    partners = [
        (partner_key(pk), name, kind == Partner.Kind.UNION)
        for pk, name, kind in _PARTNERS.rows(municipality=municipality_id)
    ]
    targets: list
    offers: list
    if plain:
        targets = [TargetRow(*row) for row in _TARGETS.rows(municipality=municipality_id, program=program.pk)]
        offers = [OfferRow(*row) for row in _OFFERS.rows(municipality=municipality_id, program=program.pk)]
        target_map: dict[tuple[str, str | None], float] = {
            (t.level, t.target_group_name): float(t.share) for t in targets
        }
    else:
        targets = list(
            TrainingTarget.objects.filter(municipality_id=municipality_id, program=program)
            .select_related("target_group")
            .order_by("level", "target_group__name")
        )
        offers = list(
            UnionTrainingOffer.objects.filter(municipality_id=municipality_id, program=program)
            .select_related("partner", "course")
            .order_by("partner__name", "offered_on")
        )
        target_map = {
            (t.level, t.target_group.name if t.target_group else None): float(t.share) for t in targets
        }
    groups = sorted(
        {f.target_group for f in figures} | {name for (_, name) in target_map if name is not None}
    )
    levels = [(code, str(label)) for code, label in CourseLevel.choices]
    reports = {
        code: build_report(
            figures,
            level=code,
            levels=levels,
            years=program_years(program),
            units=[(key, name) for key, _short, name, active in units if active or key in used_units],
            unions=[(key, name) for key, name, is_union in partners if is_union],
            partners=[(key, name) for key, name, is_union in partners if not is_union],
            target_groups=groups,
            targets=target_map,
            current_year=today.year,
        )
        for code, _label in levels
        if not only_level or code == level
    }
    short_names = {key: short for key, short, _name, _active in units}
    coverage = Coverage(program=program, level=level, reports=reports, offers=offers, targets=targets)
    coverage.charts = coverage_charts(coverage.report, short_names)
    return coverage


def coverage_charts(report: CoverageReport, short_names: dict[str, str] | None = None) -> list[Chart]:
    """Bars per organisation against the target, and cumulative coverage over the years."""
    short_names = short_names or {}
    rows = [r for r in report.by_organisation if r.kind in ("unit", "unions", "partners")]
    bars = Chart(
        kind="bar",
        title=_("%(level)s: täckning per organisation under programperioden") % {"level": report.level_label},
        labels=[short_names.get(r.key, r.label) for r in rows],
        series={_("Täckning"): [r.period.percent for r in rows]},
        unit="%",
        target=report.target,
        target_label=report.target_label or pgettext("target share", "Mål"),
    )
    lines = Chart(
        kind="line",
        title=_("%(level)s: täckning över tid (ackumulerad vid årets slut)") % {"level": report.level_label},
        labels=[str(p.year) for p in report.over_time],
        series={
            _("Kommunens förvaltningar"): [p.units.percent for p in report.over_time],
            _("Fackliga parter"): [p.unions.percent for p in report.over_time],
        },
        unit="%",
        target=report.target,
        target_label=report.target_label or pgettext("target share", "Mål"),
    )
    return [bars, lines]


def can_record_training(membership) -> bool:
    """Coordinators record for everyone; unit editors and partners for their own organisation."""
    return membership.is_coordinator or membership.is_unit_editor or membership.is_partner


def allowed_organisations(membership) -> set[str] | None:
    """Organisation keys a membership may record training for; None means every one."""
    if membership.is_coordinator:
        return None
    if membership.is_unit_editor and membership.unit_id:
        return {unit_key(membership.unit_id)}
    if membership.is_partner and membership.partner_id:
        return {partner_key(membership.partner_id)}
    return set()


def import_lookups(program: Program, membership) -> Lookups:
    """The names an import's rows are checked against: five queries."""
    municipality_id = program.municipality_id
    organisations: dict[str, str] = {}
    labels: dict[str, str] = {}
    for unit in Unit.objects.filter(municipality_id=municipality_id, is_active=True):
        labels[unit_key(unit.pk)] = unit.name
        for name in (unit.name, unit.short_name):
            if name:
                organisations.setdefault(normalise(name), unit_key(unit.pk))
    for partner in Partner.objects.filter(municipality_id=municipality_id, is_active=True):
        labels[partner_key(partner.pk)] = partner.name
        organisations.setdefault(normalise(partner.name), partner_key(partner.pk))
    groups = {g.pk: g.name for g in TargetGroup.objects.filter(municipality_id=municipality_id)}
    courses = {c.pk: c.name for c in Course.objects.filter(municipality_id=municipality_id, is_active=True)}
    existing = {
        (
            unit_key(u) if u else partner_key(p),
            tg,
            c,
            y,
            s.isoformat() if s else None,
            e.isoformat() if e else None,
        )
        for u, p, tg, c, y, s, e in TrainingEffort.objects.filter(
            municipality_id=municipality_id, program=program
        ).values_list(
            "unit_id", "partner_id", "target_group_id", "course_id", "year", "start_date", "end_date"
        )
    }
    return Lookups(
        organisations=organisations,
        organisation_labels=labels,
        target_groups={normalise(name): pk for pk, name in groups.items()},
        target_group_labels=groups,
        courses={normalise(name): pk for pk, name in courses.items()},
        course_labels=courses,
        period=(program.period_start, program.period_end),
        allowed=allowed_organisations(membership),
        existing=existing,
    )


@transaction.atomic
def save_efforts(efforts: list[TrainingEffort], *, by) -> int:
    """Save imported figures, each with its audit record, in one transaction."""
    if not efforts:
        return 0
    bulk_create_with_history(efforts, TrainingEffort, batch_size=500, default_user=by)
    return len(efforts)
