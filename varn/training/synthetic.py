"""Synthetic training for one municipality (see varn/core/synthetic.py): six efforts per unit and
union over the programme's three years (the web courses and a deepened course, for staff and
managers; the unions as counts per organisation), the programme's coverage targets, and the basic
training offered to each union."""

from __future__ import annotations

import datetime

from simple_history.utils import bulk_create_with_history

from varn.organisations.models import Partner
from varn.programs.models import TargetGroup

from .bench import create_training_efforts
from .models import Course, CourseLevel, TrainingTarget, UnionTrainingOffer

EFFORTS_PER_ORGANISATION = 6


def generate(ctx) -> None:
    m, rng = ctx.municipality, ctx.rng
    program = ctx.extra["program"]
    coordinator = ctx.extra["coordinator"]
    unions = [p for p in ctx.extra["partners"] if p.kind == Partner.Kind.UNION]
    organisations = len(ctx.extra["units"]) + len(unions)
    efforts = create_training_efforts(
        m,
        EFFORTS_PER_ORGANISATION * organisations,
        seed=rng.randint(0, 10**6),
        program=program,
        with_history=True,
    )
    courses = list(Course.objects.filter(municipality=m).order_by("pk"))
    basic = next(c for c in courses if c.level == CourseLevel.BASIC)
    managers = TargetGroup.objects.get(municipality=m, name="Chefer")
    bulk_create_with_history(
        [
            TrainingTarget(
                municipality=m,
                program=program,
                level=CourseLevel.BASIC,
                share=80,
                deadline=datetime.date(program.period_end, 12, 31),
                description="80 % av medarbetarna har gått basutbildning vid programperiodens slut.",
            ),
            TrainingTarget(
                municipality=m,
                program=program,
                level=CourseLevel.BASIC,
                target_group=managers,
                share=100,
                deadline=datetime.date(program.period_start + 1, 12, 31),
                description="Alla chefer har gått basutbildning.",
            ),
        ],
        TrainingTarget,
        default_user=coordinator,
    )
    offers = []
    for union in unions:
        status = rng.choice(list(UnionTrainingOffer.Status))
        offered = datetime.date(program.period_start, rng.randint(9, 11), rng.randint(1, 28))
        accepted = offered + datetime.timedelta(days=rng.randint(5, 60))
        offers.append(
            UnionTrainingOffer(
                municipality=m,
                program=program,
                partner=union,
                course=basic,
                status=status,
                offered_on=offered,
                accepted_on=accepted if status != UnionTrainingOffer.Status.OFFERED else None,
                completed_on=accepted + datetime.timedelta(days=rng.randint(30, 180))
                if status == UnionTrainingOffer.Status.COMPLETED
                else None,
                note="Erbjudande om basutbildning till de fackliga parterna.",
            )
        )
    bulk_create_with_history(offers, UnionTrainingOffer, default_user=coordinator)
    ctx.extra["training_efforts"] = efforts
