"""Synthetic training figures for the benchmark and the synthetic data generator (issue 7).

`create_training_efforts(municipality, n)` makes `n` efforts for the municipality's current
programme, spread over its units and partners, target groups, courses and years. The same database
state and seed always give the same rows, so benchmark runs are comparable."""

from __future__ import annotations

import random
from decimal import Decimal

from simple_history.utils import bulk_create_with_history

from varn.organisations.models import Municipality, Partner, Unit
from varn.programs.models import Program, TargetGroup

from .models import Course, CourseFormat, CourseLevel, TrainingEffort
from .services import current_program

COURSES = [
    ("Webbkurs om våld i nära relationer", CourseLevel.BASIC, CourseFormat.WEB, "Länsstyrelsen Östergötland"),
    (
        "Webbkurs om hedersrelaterat våld och förtryck",
        CourseLevel.BASIC,
        CourseFormat.WEB,
        "Länsstyrelsen Östergötland",
    ),
    ("Fördjupning: samtal om våld", CourseLevel.DEEPENED, CourseFormat.TEACHER_LED, "Kommunen"),
]
TARGET_GROUPS = ["Medarbetare", "Chefer", "Fackliga parter"]


def create_training_efforts(
    municipality: Municipality,
    n: int,
    *,
    seed: int = 0,
    program: Program | None = None,
    with_history: bool = False,
) -> list[TrainingEffort]:
    """Create `n` training efforts deterministically and return them.

    Courses and target groups it needs are created when missing. History records are written only
    with `with_history=True` (the generator fills history in bulk in its own way)."""
    program = program or current_program(municipality)
    if program is None:
        raise ValueError(f"{municipality} has no programme to record training under.")
    rng = random.Random(f"{seed}:{municipality.code}")
    courses = []
    for name, level, fmt, provider in COURSES:
        course, _created = Course.objects.get_or_create(
            municipality=municipality,
            name=name,
            defaults={"level": level, "format": fmt, "provider": provider, "hours": Decimal("2.0")},
        )
        courses.append(course)
    groups = [
        TargetGroup.objects.get_or_create(municipality=municipality, name=name)[0] for name in TARGET_GROUPS
    ]
    units = list(Unit.objects.for_municipality(municipality).order_by("pk").values_list("pk", flat=True))
    partners = list(Partner.objects.for_municipality(municipality).order_by("pk").values_list("pk", "kind"))
    organisations: list[tuple[int | None, int | None]] = [(u, None) for u in units]
    organisations += [(None, p) for p, kind in partners if kind == Partner.Kind.UNION]
    if not organisations:
        raise ValueError(f"{municipality} has no units or unions to record training for.")
    years = list(range(program.period_start, program.period_end + 1))
    efforts = []
    for i in range(n):
        unit_id, partner_id = organisations[i % len(organisations)]
        group = groups[2] if partner_id else groups[(i // len(organisations)) % 2]
        population = rng.randint(20, 900) if partner_id is None else rng.randint(5, 60)
        efforts.append(
            TrainingEffort(
                municipality=municipality,
                program=program,
                course=courses[(i // (2 * len(organisations))) % len(courses)],
                unit_id=unit_id,
                partner_id=partner_id,
                target_group=group,
                year=years[(i // len(organisations)) % len(years)],
                sessions=rng.randint(1, 12),
                participants=rng.randint(0, population),
                target_population=population if rng.random() > 0.05 else None,
            )
        )
    if with_history:
        return bulk_create_with_history(efforts, TrainingEffort, batch_size=1000)
    return TrainingEffort.objects.bulk_create(efforts, batch_size=1000)
