"""Demo training figures for Alingsås 2025–2026: the national web courses and a local teacher-led
basic course, figures for each administration and for the unions (as counts per organisation),
and the offers of basic training to the unions that Tillägg 2 of KSAU 2025-10-22 § 170 asks for.

The figures are invented for the demo. Alingsåshem has no figures for 2026 and Samhällsbyggnads-
förvaltningen did not know the size of its target group in 2025, so the demo shows missing figures
as missing."""

from __future__ import annotations

import datetime
from decimal import Decimal

from varn.organisations.demo import DemoContext
from varn.programs.models import Program, TargetGroup

from .models import Course, CourseFormat, CourseLevel, TrainingEffort, TrainingTarget, UnionTrainingOffer

VNR_WEB = "Webbkurs om våld i nära relationer"
HRV_WEB = "Webbkurs om hedersrelaterat våld och förtryck"
LOCAL_BASIC = "Basutbildning om våld i nära relationer, lärarledd"
DEEPENED_HRV = "Fördjupning om hedersrelaterat våld för nyckelpersoner"

COURSES = [
    (
        VNR_WEB,
        CourseLevel.BASIC,
        "Länsstyrelsen Östergötland / Nationellt centrum för kvinnofrid (NCK)",
        CourseFormat.WEB,
        "5.0",
        ["close_relationships", "men_against_women"],
        "Den nationella webbkursen om våld i nära relationer som de flesta kommuner använder som "
        "basutbildning.",
    ),
    (
        HRV_WEB,
        CourseLevel.BASIC,
        "Länsstyrelsen Östergötland",
        CourseFormat.WEB,
        "3.0",
        ["honour"],
        "Den nationella webbkursen om hedersrelaterat våld och förtryck.",
    ),
    (
        LOCAL_BASIC,
        CourseLevel.BASIC,
        "Alingsås kommun, socialförvaltningen",
        CourseFormat.TEACHER_LED,
        "3.0",
        ["close_relationships", "men_against_women", "honour"],
        "Lokal basutbildning med kommunens egna rutiner och stödvägar, för chefer och arbetsplatsträffar.",
    ),
    (
        DEEPENED_HRV,
        CourseLevel.DEEPENED,
        "Länsstyrelsen i Västra Götalands län",
        CourseFormat.TEACHER_LED,
        "12.0",
        ["honour"],
        "Fördjupning för nyckelpersoner i socialtjänst och skola (insats 3.1.4).",
    ),
]

# Staff (Medarbetare) and managers (Chefer) per administration: the target populations.
STAFF = {
    "KLK": (180, 25),
    "SOC": (650, 60),
    "VÄF": (1400, 110),
    "BUF": (900, 80),
    "UTB": (1100, 90),
    "KoF": (160, 15),
    "SBF": (220, 25),
    "AHEM": (60, 8),
}
# Participants in the national web course on violence per year (Medarbetare).
VNR_PARTICIPANTS = {
    "KLK": (70, 60),
    "SOC": (260, 210),
    "VÄF": (240, 380),
    "BUF": (190, 260),
    "UTB": (150, 330),
    "KoF": (30, 45),
    "SBF": (40, 70),
    "AHEM": (22, None),
}
# Union representatives in the municipality (the target population) and participants per year.
UNIONS = {
    "Kommunal": (40, None, 28),
    "Vision": (25, 10, 9),
    "Sveriges Lärare": (30, None, 18),
    "Vårdförbundet": (12, None, None),
    "Akademikerförbundet SSR": (8, None, 5),
}
# (status, accepted, completed) of the basic training offered on 2025-11-03.
OFFERS = {
    "Kommunal": (UnionTrainingOffer.Status.COMPLETED, "2025-11-20", "2026-04-30"),
    "Vision": (UnionTrainingOffer.Status.COMPLETED, "2025-11-10", "2026-03-15"),
    "Sveriges Lärare": (UnionTrainingOffer.Status.ACCEPTED, "2026-01-15", None),
    "Vårdförbundet": (UnionTrainingOffer.Status.OFFERED, None, None),
    "Akademikerförbundet SSR": (UnionTrainingOffer.Status.COMPLETED, "2025-12-01", "2026-05-20"),
}


def d(text: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(text) if text else None


def load(ctx: DemoContext) -> None:
    m = ctx.municipality
    program: Program = ctx.extra["program"]
    coordinator = ctx.users["samordnare"]
    courses = {}
    for name, level, provider, fmt, hours, scopes, description in COURSES:
        courses[name] = Course.objects.create(
            municipality=m,
            name=name,
            level=level,
            provider=provider,
            format=fmt,
            hours=Decimal(hours),
            violence_scopes=scopes,
            description=description,
        )
    groups = {g.name: g for g in TargetGroup.objects.filter(municipality=m)}
    staff, managers, unions = groups["Medarbetare"], groups["Chefer"], groups["Fackliga parter"]

    TrainingTarget.objects.create(
        municipality=m,
        program=program,
        level=CourseLevel.BASIC,
        share=80,
        deadline=datetime.date(2027, 12, 31),
        description="80 % av medarbetarna har gått basutbildning vid programperiodens slut.",
    )
    TrainingTarget.objects.create(
        municipality=m,
        program=program,
        level=CourseLevel.BASIC,
        target_group=managers,
        share=100,
        deadline=datetime.date(2026, 12, 31),
        description="Alla chefer har gått basutbildning, så att de kan stödja medarbetare som utsätts.",
    )

    efforts = []

    def effort(
        course, group, participants, population, *, year, unit=None, partner=None, sessions=None, dates=None
    ):
        efforts.append(
            TrainingEffort(
                municipality=m,
                program=program,
                course=courses[course],
                unit=ctx.units[unit] if unit else None,
                partner=ctx.partners[partner] if partner else None,
                target_group=group,
                year=year,
                start_date=d(dates[0]) if dates else None,
                end_date=d(dates[1]) if dates else None,
                sessions=sessions,
                participants=participants,
                target_population=population,
                created_by=coordinator,
            )
        )

    for short, (first, second) in VNR_PARTICIPANTS.items():
        size, chefs = STAFF[short]
        # Samhällsbyggnadsförvaltningen did not know its head count in 2025.
        effort(VNR_WEB, staff, first, None if short == "SBF" else size, year=2025, unit=short)
        if second is not None:
            effort(VNR_WEB, staff, second, size, year=2026, unit=short)
        if short != "AHEM":
            effort(
                LOCAL_BASIC,
                managers,
                chefs - (3 if short in ("VÄF", "UTB") else 1),
                chefs,
                year=2025,
                unit=short,
                sessions=2,
                dates=("2025-10-01", "2025-11-30"),
            )
    for short, participants in (("SOC", 60), ("BUF", 45), ("UTB", 50)):
        effort(HRV_WEB, staff, participants, STAFF[short][0], year=2026, unit=short)
    effort(DEEPENED_HRV, staff, 18, 40, year=2026, unit="SOC", sessions=3, dates=("2026-02-01", "2026-04-30"))
    effort(DEEPENED_HRV, staff, 12, 30, year=2026, unit="UTB", sessions=3, dates=("2026-09-01", "2026-10-31"))

    for name, (size, in_2025, in_2026) in UNIONS.items():
        if in_2025 is not None:
            effort(
                VNR_WEB, unions, in_2025, size, year=2025, partner=name, dates=("2025-11-15", "2025-12-10")
            )
        if in_2026 is not None:
            effort(LOCAL_BASIC, unions, in_2026, size, year=2026, partner=name, sessions=1)
    for e in efforts:
        e._history_user = coordinator  # type: ignore[attr-defined]
        e.save()

    for name, (status, accepted, completed) in OFFERS.items():
        offer = UnionTrainingOffer(
            municipality=m,
            program=program,
            partner=ctx.partners[name],
            course=courses[LOCAL_BASIC],
            status=status,
            offered_on=datetime.date(2025, 11, 3),
            accepted_on=d(accepted),
            completed_on=d(completed),
            note="Erbjudande enligt tillägg 2 (KSAU 2025-10-22 § 170).",
        )
        offer._history_user = coordinator  # type: ignore[attr-defined]
        offer.save()
    ctx.extra["training_courses"] = courses

    # The neighbour's own figures, so that the demo shows that municipalities are kept apart.
    lerum = ctx.neighbour
    lerum_program = Program.objects.filter(municipality=lerum).first()
    if lerum_program is not None:
        course = Course.objects.create(
            municipality=lerum,
            name=VNR_WEB,
            level=CourseLevel.BASIC,
            provider="Länsstyrelsen Östergötland / Nationellt centrum för kvinnofrid (NCK)",
            format=CourseFormat.WEB,
            hours=Decimal("5.0"),
            violence_scopes=["close_relationships"],
        )
        group, _created = TargetGroup.objects.get_or_create(municipality=lerum, name="Medarbetare")
        TrainingEffort.objects.create(
            municipality=lerum,
            program=lerum_program,
            course=course,
            unit=ctx.extra["neighbour_units"][0],
            target_group=group,
            year=2025,
            participants=120,
            target_population=400,
        )
