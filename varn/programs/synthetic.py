"""Synthetic programmes for one municipality: three periods, each with a proposed text (version 1,
adopted with amendments by the decisions generator), goals, 200 measures with 2,000 status updates
(see varn/core/synthetic.py)."""

from __future__ import annotations

import datetime

from simple_history.utils import bulk_create_with_history

from .models import (
    Goal,
    Measure,
    MeasureStatus,
    MeasureUpdate,
    PreventionLevel,
    Program,
    ProgramVersion,
    TargetGroup,
    save_tree,
)

PERIODS = [
    (2019, 2021, Program.Status.ENDED),
    (2022, 2024, Program.Status.ENDED),
    (2025, 2027, Program.Status.ADOPTED),
]
TARGET_GROUPS = [
    "Barn och unga",
    "Vuxna utsatta för våld",
    "Personer som utövar våld",
    "Äldre",
    "Medarbetare",
    "Allmänheten",
    "Fackliga parter",
]
VERBS = ["Utbildning om", "Rutin för", "Samverkan kring", "Information om", "Stöd vid", "Kartläggning av"]
TOPICS = [
    "våld i nära relationer",
    "hedersrelaterat våld och förtryck",
    "våld mot äldre",
    "barn som bevittnar våld",
    "våldsutövare",
    "sexuellt våld",
    "digitalt våld",
    "ekonomiskt våld",
]
PAGES = 12
# How a programme half-way through looks: most measures under way or done, a few behind.
STATUS_WEIGHTS = {
    MeasureStatus.PLANNED: 15,
    MeasureStatus.ONGOING: 50,
    MeasureStatus.DONE: 25,
    MeasureStatus.POSTPONED: 6,
    MeasureStatus.CANCELLED: 4,
}
MEASURES_PER_MUNICIPALITY = 200
UPDATES_PER_MEASURE = 10


def text_tree(pages: int, title: str) -> list[dict]:
    tree: list[dict] = [{"id": "t", "type": "heading", "level": 1, "page": 1, "text": title, "children": []}]
    for page in range(1, pages + 1):
        tree.append(
            {
                "id": f"h{page}",
                "type": "heading",
                "level": 2,
                "page": page,
                "text": f"Avsnitt {page}",
                "children": [],
            }
        )
        for j in range(3):
            tree.append(
                {
                    "id": f"p{page}-{j}",
                    "type": "paragraph",
                    "page": page,
                    "text": f"Stycke {j + 1} om arbetet mot våld, avsnitt {page}. Arbetet sker i samverkan "
                    f"mellan olika förvaltningar i kommunen.",
                    "children": [],
                }
            )
        if page % 2 == 0:
            tree.append(
                {
                    "id": f"l{page}",
                    "type": "list",
                    "page": page,
                    "text": "",
                    "children": [
                        {
                            "id": f"l{page}-{k}",
                            "type": "list_item",
                            "page": page,
                            "text": f"Insats {page}.{k + 1}",
                            "children": [],
                        }
                        for k in range(3)
                    ],
                }
            )
    return tree


def generate(ctx) -> None:
    m, rng = ctx.municipality, ctx.rng
    units = ctx.extra["units"]
    coordinator = ctx.extra["coordinator"]
    groups = TargetGroup.objects.bulk_create([TargetGroup(municipality=m, name=n) for n in TARGET_GROUPS])
    groups = list(TargetGroup.objects.filter(municipality=m).order_by("pk"))
    current = None
    drafts = []
    for start, end, status in PERIODS:
        program = Program.objects.create(
            municipality=m,
            title=f"Program mot våld {start}–{end}",
            dnr=f"KS {start - 1}/{rng.randint(10, 999)}",
            period_start=start,
            period_end=end,
            status=status,
            coordinator=coordinator,
            violence_scopes=["close_relationships", "men_against_women", "honour"],
        )
        draft = ProgramVersion.objects.create(
            municipality=m, program=program, number=1, label="Förslag", created_by=coordinator
        )
        save_tree(draft, text_tree(PAGES, program.title))
        drafts.append(draft)
        current = program
    # The proposals are adopted, with the council's amendments, by varn/decisions/synthetic.py.
    ctx.extra["drafts"] = drafts
    ctx.extra["program"] = current
    assert current is not None
    parents = bulk_create_with_history(
        [
            Goal(municipality=m, program=current, code=str(g + 1), title=f"Mål {g + 1}", position=g)
            for g in range(5)
        ],
        Goal,
        default_user=coordinator,
    )
    subgoals = bulk_create_with_history(
        [
            Goal(
                municipality=m,
                program=current,
                parent=goal,
                kind=Goal.Kind.SUB_GOAL,
                code=f"{g + 1}.{s + 1}",
                title=f"Delmål {g + 1}.{s + 1}",
                position=g * 10 + s,
            )
            for g, goal in enumerate(parents)
            for s in range(3)
        ],
        Goal,
        default_user=coordinator,
    )
    # In the order the measures are spread over: each goal followed by its sub-goals.
    goals = [goal for g, parent in enumerate(parents) for goal in (parent, *subgoals[3 * g : 3 * g + 3])]
    statuses = list(STATUS_WEIGHTS)
    weights = list(STATUS_WEIGHTS.values())
    levels = list(PreventionLevel.values)
    measures = []
    for i in range(MEASURES_PER_MUNICIPALITY):
        begins = datetime.date(2025, 1, 1) + datetime.timedelta(days=rng.randint(0, 500))
        ends = begins + datetime.timedelta(days=rng.randint(60, 700))
        measures.append(
            Measure(
                municipality=m,
                program=current,
                goal=goals[i % len(goals)],
                code=f"{i + 1}",
                title=f"{rng.choice(VERBS)} {rng.choice(TOPICS)} ({i + 1})",
                prevention_level=rng.choice(levels),
                responsible_unit=rng.choice(units),
                start_date=begins,
                end_date=min(ends, datetime.date(2027, 12, 31)),
                status=rng.choices(statuses, weights)[0],
                description="Syntetisk insats för prestandamätning.",
            )
        )
    bulk_create_with_history(measures, Measure, batch_size=500, default_user=coordinator)
    measures = list(Measure.objects.filter(municipality=m).order_by("pk"))
    through = Measure.target_groups.through
    through.objects.bulk_create(
        [through(measure_id=x.pk, targetgroup_id=rng.choice(groups).pk) for x in measures], batch_size=1000
    )
    partner_through = Measure.partners.through
    partner_through.objects.bulk_create(
        [
            partner_through(measure_id=x.pk, partner_id=rng.choice(ctx.extra["partners"]).pk)
            for x in measures[::3]
        ],
        batch_size=1000,
    )
    updates = []
    for x in measures:
        for k in range(UPDATES_PER_MEASURE):
            updates.append(
                MeasureUpdate(
                    municipality=m,
                    measure=x,
                    date=x.start_date + datetime.timedelta(days=30 * k),
                    status=rng.choices(statuses, weights)[0],
                    narrative="Lägesbeskrivning: arbetet fortgår.",
                    author=coordinator,
                )
            )
    bulk_create_with_history(updates, MeasureUpdate, batch_size=1000, default_user=coordinator)
    ctx.extra["measures"] = measures
    ctx.extra["goals"] = goals
