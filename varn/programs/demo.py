"""The demo programme for Alingsås: illustrative text written for the demo (the adopted document is
not available), with the structure the protocol of KSAU 2025-10-22 § 170 implies: a "Samverkan"
heading on page 6 whose last sentence ends "mellan olika förvaltningar i kommunen", and on page 8
a table with three columns whose third column is a bullet list about training."""

from __future__ import annotations

import datetime

from varn.organisations.demo import DemoContext

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

TITLE = "Program om våldsförebyggande arbete 2025–2027"

TARGET_GROUPS = [
    "Barn och unga",
    "Vuxna utsatta för våld",
    "Personer som utövar våld",
    "Äldre",
    "Personer med funktionsnedsättning",
    "Medarbetare",
    "Chefer",
    "Allmänheten",
    "Fackliga parter",
]


def h(uid, text, page, level=1):
    return {"id": uid, "type": "heading", "level": level, "page": page, "text": text, "children": []}


def p(uid, text, page):
    return {"id": uid, "type": "paragraph", "page": page, "text": text, "children": []}


def ul(uid, page, items):
    return {
        "id": uid,
        "type": "list",
        "page": page,
        "text": "",
        "children": [
            {"id": f"{uid}-{i}", "type": "list_item", "page": page, "text": t, "children": []}
            for i, t in enumerate(items, 1)
        ],
    }


def cell(uid, page, text="", children=None):
    return {"id": uid, "type": "cell", "page": page, "text": text, "children": children or []}


def row(uid, page, cells):
    return {"id": uid, "type": "row", "page": page, "text": "", "children": cells}


PROGRAM_TEXT = [
    h("b-titel", TITLE, 1),
    p(
        "b-intro",
        "Alingsås kommun – program för kommunens gemensamma arbete mot våld i nära relationer, "
        "mäns våld mot kvinnor samt hedersrelaterat våld och förtryck.",
        1,
    ),
    h("b-inledning", "Inledning", 2),
    p(
        "b-inledning-1",
        "Våld i nära relationer och hedersrelaterat våld och förtryck utgör ett stort samhälls- och "
        "folkhälsoproblem. Våldet orsakar stort lidande och bidrar till fysisk och psykisk ohälsa. Om vi kan "
        "förebygga våld kan vi både minska mänskligt lidande och spara på samhällets resurser.",
        2,
    ),
    p(
        "b-inledning-2",
        "Programmet har tagits fram av socialförvaltningen och kommunledningskontoret i dialog med "
        "kommunens övriga förvaltningar och utgår från ett helhetsperspektiv. Det är en del av kommunens arbete "
        "med social hållbarhet.",
        2,
    ),
    h("b-syfte", "Syfte och giltighet", 3),
    p(
        "b-syfte-1",
        "Programmet ger en gemensam riktning och struktur för det våldsförebyggande arbetet i hela "
        "kommunkoncernen. Programmet gäller under perioden 2025–2027.",
        3,
    ),
    p(
        "b-syfte-2",
        "Arbetet bedrivs inom befintliga ramar i förvaltningarna. Samordningsansvaret ligger hos "
        "kommunens folkhälsostrateg.",
        3,
    ),
    h("b-vision", "Vision", 4),
    p(
        "b-vision-1",
        "Alla som bor, vistas och verkar i Alingsås kommun ska kunna leva ett liv fritt från våld.",
        4,
    ),
    h("b-mal", "Mål", 5),
    ul(
        "b-mal-lista",
        5,
        [
            "Färre ska utsättas för och utöva våld.",
            "Våldsutsatta ska tidigt upptäckas och få stöd.",
            "Kommunens medarbetare ska ha kunskap om våld och dess konsekvenser.",
            "Arbetet ska vara samordnat och följas upp.",
            "Barn och unga ska få kunskap om relationer, gränser och jämställdhet.",
        ],
    ),
    h("b-samverkan", "Samverkan", 6),
    p(
        "b-samverkan-1",
        "Våld i nära relationer berör många verksamheter och kan inte förebyggas av en aktör ensam. "
        "Kommunen samverkar med polisen, regionen, länsstyrelsen och det civila samhället, bland annat "
        "kvinnojouren.",
        6,
    ),
    p(
        "b-samverkan-2",
        "En central samverkansgrupp leds av folkhälsostrategen och följer arbetet. För att "
        "programmet ska få genomslag krävs en tydlig struktur för samverkan mellan olika förvaltningar i kommunen.",
        6,
    ),
    h("b-ansvar", "Ansvar och organisation", 7),
    p(
        "b-ansvar-1",
        "Varje nämnd och styrelse ansvarar för att programmet genomförs inom den egna verksamheten. "
        "Förvaltningarna utser kontaktpersoner som rapporterar genomförda insatser till samordnaren.",
        7,
    ),
    h("b-insatser", "Insatser och kompetens", 8),
    p("b-insatser-1", "Tabellen visar programmets insatsområden och den kompetens som behövs.", 8),
    {
        "id": "b-tabell",
        "type": "table",
        "page": 8,
        "text": "Insatsområden, insatser och utbildning",
        "children": [
            row(
                "b-tabell-r1",
                8,
                [
                    cell("b-tabell-r1-c1", 8, "Insatsområde"),
                    cell("b-tabell-r1-c2", 8, "Insatser"),
                    cell("b-tabell-r1-c3", 8, "Kompetens och utbildning"),
                ],
            ),
            row(
                "b-tabell-r2",
                8,
                [
                    cell("b-tabell-r2-c1", 8, "Förebyggande arbete och tidig upptäckt i alla verksamheter"),
                    cell(
                        "b-tabell-r2-c2",
                        8,
                        "",
                        [
                            ul(
                                "b-tabell-r2-c2-lista",
                                8,
                                [
                                    "Rutiner för att fråga om våld",
                                    "Våldsförebyggande program i skolan",
                                    "Information till allmänheten",
                                ],
                            )
                        ],
                    ),
                    cell(
                        "b-tabell-r2-c3",
                        8,
                        "",
                        [
                            ul(
                                "b-tabell-r2-c3-lista",
                                8,
                                [
                                    "Medarbetare erbjuds basutbildning om våld i nära relationer",
                                    "Chefer erbjuds utbildning om arbetsgivarens ansvar",
                                    "Nyckelpersoner erbjuds fördjupad utbildning om hedersrelaterat våld och förtryck",
                                ],
                            )
                        ],
                    ),
                ],
            ),
        ],
    },
    h("b-uppfoljning", "Uppföljning", 9),
    p(
        "b-uppfoljning-1",
        "Programmet följs upp inför revidering. Det förebyggande arbetet är långsiktigt och "
        "förändringar kan inte med fördel mätas med nyckeltal årligen. Uppföljningen redovisas för "
        "kommunstyrelsen.",
        9,
    ),
    h("b-kostnader", "Kostnader", 10),
    p(
        "b-kostnader-1",
        "Programmet genomförs inom befintliga verksamheter. Nedlagd tid och kostnader per insats "
        "redovisas i uppföljningen.",
        10,
    ),
]

# (goal code, kind, title, parent code)
GOALS = [
    (
        "V",
        Goal.Kind.VISION,
        "Alla som bor, vistas och verkar i Alingsås ska kunna leva ett liv fritt från våld.",
        None,
    ),
    ("1", Goal.Kind.GOAL, "Färre ska utsättas för och utöva våld", "V"),
    ("1.1", Goal.Kind.SUB_GOAL, "Barn och unga får kunskap om relationer, gränser och jämställdhet", "1"),
    ("1.2", Goal.Kind.SUB_GOAL, "Allmänheten känner till var man får stöd", "1"),
    ("2", Goal.Kind.GOAL, "Våldsutsatta upptäcks tidigt och får stöd", "V"),
    ("2.1", Goal.Kind.SUB_GOAL, "Alla verksamheter har rutiner för att fråga om våld", "2"),
    ("2.2", Goal.Kind.SUB_GOAL, "Stödet till våldsutsatta är samordnat", "2"),
    ("3", Goal.Kind.GOAL, "Medarbetare har kunskap om våld", "V"),
    ("3.1", Goal.Kind.SUB_GOAL, "Medarbetare och fackliga parter erbjuds basutbildning", "3"),
    ("4", Goal.Kind.GOAL, "Arbetet är samordnat och följs upp", "V"),
    ("4.1", Goal.Kind.SUB_GOAL, "Samverkan sker mellan förvaltningar och med fackliga parter", "4"),
    ("4.2", Goal.Kind.SUB_GOAL, "Kostnader och resultat redovisas till politiken", "4"),
    ("5", Goal.Kind.GOAL, "Hedersrelaterat våld och förtryck förebyggs", "V"),
    ("5.1", Goal.Kind.SUB_GOAL, "Unga som lever med hedersnormer får stöd", "5"),
]

U, S, IND = PreventionLevel.UNIVERSAL, PreventionLevel.SELECTIVE, PreventionLevel.INDICATED
PL, ON, DN, PP, CA = (
    MeasureStatus.PLANNED,
    MeasureStatus.ONGOING,
    MeasureStatus.DONE,
    MeasureStatus.POSTPONED,
    MeasureStatus.CANCELLED,
)

# (code, goal, title, level, unit, target groups, partners, start, end, status)
MEASURES = [
    (
        "1.1.1",
        "1.1",
        "Våldsförebyggande program i grundskolans årskurs 7–9",
        U,
        "BUF",
        ["Barn och unga"],
        [],
        "2025-08-15",
        "2027-06-15",
        ON,
    ),
    (
        "1.1.2",
        "1.1",
        "Samtalsgrupper om relationer och gränser på fritidsgårdar",
        U,
        "KoF",
        ["Barn och unga"],
        [],
        "2025-09-01",
        "2026-06-30",
        DN,
    ),
    (
        "1.1.3",
        "1.1",
        "Jämställdhetsarbete i gymnasieskolans mentorstid",
        U,
        "UTB",
        ["Barn och unga"],
        ["Sveriges Lärare"],
        "2026-01-10",
        "2027-06-15",
        ON,
    ),
    (
        "1.2.1",
        "1.2",
        "Informationskampanj om stöd vid våld i nära relationer",
        U,
        "KLK",
        ["Allmänheten"],
        ["Kvinnojouren i Alingsås", "Polisen, lokalpolisområde Alingsås"],
        "2025-11-01",
        "2026-03-31",
        DN,
    ),
    (
        "1.2.2",
        "1.2",
        "Information om stöd i Alingsåshems trapphus och digitala kanaler",
        U,
        "AHEM",
        ["Allmänheten"],
        [],
        "2026-02-01",
        "2026-09-30",
        ON,
    ),
    (
        "1.2.3",
        "1.2",
        "Trygghetsvandringar med fokus på våldsutsatthet",
        U,
        "SBF",
        ["Allmänheten"],
        ["Polisen, lokalpolisområde Alingsås"],
        "2025-10-01",
        "2027-09-30",
        ON,
    ),
    (
        "2.1.1",
        "2.1",
        "Rutin för att fråga om våld i socialtjänstens utredningar",
        S,
        "SOC",
        ["Vuxna utsatta för våld", "Barn och unga"],
        [],
        "2025-06-01",
        "2025-12-31",
        DN,
    ),
    (
        "2.1.2",
        "2.1",
        "Rutin för att fråga om våld i hemtjänst och särskilt boende",
        S,
        "VÄF",
        ["Äldre", "Personer med funktionsnedsättning"],
        ["Kommunal", "Vårdförbundet"],
        "2025-09-01",
        "2026-06-30",
        ON,
    ),
    (
        "2.1.3",
        "2.1",
        "Elevhälsans rutin vid misstanke om våld i hemmet",
        S,
        "BUF",
        ["Barn och unga"],
        [],
        "2025-08-15",
        "2026-03-31",
        ON,
    ),
    (
        "2.1.4",
        "2.1",
        "Rutin för hyresvärdens agerande vid oro för våld",
        S,
        "AHEM",
        ["Vuxna utsatta för våld"],
        [],
        "2026-01-01",
        "2026-08-31",
        PP,
    ),
    (
        "2.2.1",
        "2.2",
        "Samordnat stöd till våldsutsatta vuxna och barn",
        IND,
        "SOC",
        ["Vuxna utsatta för våld", "Barn och unga"],
        ["Kvinnojouren i Alingsås", "Västra Götalandsregionen"],
        "2025-06-01",
        "2027-12-31",
        ON,
    ),
    (
        "2.2.2",
        "2.2",
        "Behandling för personer som utövar våld",
        IND,
        "SOC",
        ["Personer som utövar våld"],
        ["Västra Götalandsregionen"],
        "2025-09-01",
        "2027-12-31",
        ON,
    ),
    (
        "2.2.3",
        "2.2",
        "Skyddat boende och bostad efter skyddat boende",
        IND,
        "SOC",
        ["Vuxna utsatta för våld"],
        ["Kvinnojouren i Alingsås"],
        "2025-06-01",
        "2027-12-31",
        ON,
    ),
    (
        "2.2.4",
        "2.2",
        "Stöd till äldre som utsätts för våld",
        IND,
        "VÄF",
        ["Äldre"],
        [],
        "2026-01-01",
        "2026-10-31",
        PL,
    ),
    (
        "3.1.1",
        "3.1",
        "Basutbildning om våld i nära relationer för alla medarbetare",
        U,
        "KLK",
        ["Medarbetare"],
        ["Kommunal", "Vision", "Sveriges Lärare", "Vårdförbundet", "Akademikerförbundet SSR"],
        "2025-09-01",
        "2027-12-31",
        ON,
    ),
    (
        "3.1.2",
        "3.1",
        "Basutbildning erbjuds de fackliga parterna",
        U,
        "KLK",
        ["Fackliga parter"],
        ["Kommunal", "Vision", "Sveriges Lärare", "Vårdförbundet", "Akademikerförbundet SSR"],
        "2026-01-01",
        "2026-12-31",
        ON,
    ),
    (
        "3.1.3",
        "3.1",
        "Chefsutbildning om arbetsgivarens ansvar vid våld",
        U,
        "KLK",
        ["Chefer"],
        ["Vision"],
        "2025-10-01",
        "2026-05-31",
        DN,
    ),
    (
        "3.1.4",
        "3.1",
        "Fördjupad utbildning om hedersrelaterat våld för nyckelpersoner",
        S,
        "SOC",
        ["Medarbetare"],
        ["Länsstyrelsen i Västra Götalands län"],
        "2026-02-01",
        "2026-11-15",
        ON,
    ),
    (
        "4.1.1",
        "4.1",
        "Central samverkansgrupp med förvaltningarna och de fackliga parterna",
        U,
        "KLK",
        ["Medarbetare", "Fackliga parter"],
        ["Kommunal", "Vision", "Sveriges Lärare", "Vårdförbundet", "Akademikerförbundet SSR"],
        "2025-11-01",
        "2027-12-31",
        ON,
    ),
    (
        "4.1.2",
        "4.1",
        "Arbetsgrupp mellan förvaltningarna för våldsförebyggande arbete",
        U,
        "KLK",
        ["Medarbetare"],
        [],
        "2025-11-01",
        "2027-12-31",
        ON,
    ),
    (
        "4.1.3",
        "4.1",
        "Samverkansöverenskommelse med polisen",
        S,
        "SOC",
        ["Vuxna utsatta för våld"],
        ["Polisen, lokalpolisområde Alingsås"],
        "2025-06-01",
        "2026-06-30",
        PP,
    ),
    (
        "4.2.1",
        "4.2",
        "Redovisning av nedlagd tid och kostnader per insats",
        U,
        "KLK",
        ["Medarbetare"],
        [],
        "2026-01-01",
        "2027-10-31",
        ON,
    ),
    (
        "4.2.2",
        "4.2",
        "Uppföljning av programmet inför revidering",
        U,
        "KLK",
        ["Medarbetare"],
        [],
        "2027-01-01",
        "2027-10-31",
        PL,
    ),
    (
        "5.1.1",
        "5.1",
        "Stödsamtal för unga som lever med hedersnormer",
        IND,
        "SOC",
        ["Barn och unga"],
        ["Länsstyrelsen i Västra Götalands län"],
        "2025-09-01",
        "2027-06-30",
        ON,
    ),
    (
        "5.1.2",
        "5.1",
        "Föräldraträffar om hedersnormer i samverkan med civilsamhället",
        S,
        "KoF",
        ["Barn och unga"],
        [],
        "2026-03-01",
        "2026-09-30",
        CA,
    ),
    (
        "5.1.3",
        "5.1",
        "Kartläggning av hedersrelaterat våld i skolan",
        S,
        "UTB",
        ["Barn och unga"],
        ["Länsstyrelsen i Västra Götalands län"],
        "2025-10-01",
        "2026-04-30",
        DN,
    ),
]


def d(text: str) -> datetime.date:
    return datetime.date.fromisoformat(text)


def load(ctx: DemoContext) -> None:
    m = ctx.municipality
    coordinator = ctx.users["samordnare"]
    program = Program.objects.create(
        municipality=m,
        title=TITLE,
        dnr="2025.202 KS",
        period_start=2025,
        period_end=2027,
        status=Program.Status.PROPOSED,
        coordinator_title="folkhälsostrateg",
        coordinator=coordinator,
        violence_scopes=["close_relationships", "men_against_women", "honour"],
        perspectives=["child_rights", "gender_equality", "social_sustainability", "public_health"],
        budget_policy=Program.BudgetPolicy.EXISTING_BUDGET,
        follow_up_policy=Program.FollowUpPolicy.BEFORE_REVISION,
        revision_due=d("2027-10-31"),
        summary="Kommunövergripande program för det våldsförebyggande arbetet, framtaget i dialog med "
        "alla förvaltningar och en del av arbetet med social hållbarhet.",
        is_illustrative=True,
        is_public=True,
    )
    ctx.extra["program"] = program
    draft = ProgramVersion.objects.create(
        municipality=m,
        program=program,
        number=1,
        label="Förslag, godkänt av socialnämnden och reviderat efter återremissen",
        source_name="Program om våldsförebyggande arbete 2025-2027 (illustrativ text)",
        created_by=coordinator,
    )
    save_tree(draft, PROGRAM_TEXT)
    ctx.extra["draft_version"] = draft

    groups = {name: TargetGroup.objects.create(municipality=m, name=name) for name in TARGET_GROUPS}
    goals: dict[str, Goal] = {}
    for position, (code, kind, title, parent) in enumerate(GOALS):
        goals[code] = Goal.objects.create(
            municipality=m,
            program=program,
            parent=goals[parent] if parent else None,
            kind=kind,
            code="" if kind == Goal.Kind.VISION else code,
            title=title,
            position=position,
        )

    measures: dict[str, Measure] = {}
    for code, goal, title, level, unit, tgs, partners, start, end, status in MEASURES:
        measure = Measure.objects.create(
            municipality=m,
            program=program,
            goal=goals[goal],
            code=code,
            title=title,
            description=f"{title}. Insatsen ingår i programmets mål {goals[goal].code} och genomförs inom "
            "befintlig ram.",
            prevention_level=level,
            responsible_unit=ctx.units[unit],
            start_date=d(start),
            end_date=d(end),
            status=status,
        )
        measure.target_groups.set([groups[t] for t in tgs])
        measure.partners.set([ctx.partners[name] for name in partners])
        measures[code] = measure
        if status in (ON, DN, PP, CA):
            MeasureUpdate.objects.create(
                municipality=m,
                measure=measure,
                date=min(d(start) + datetime.timedelta(days=60), d("2026-11-01")),
                status=status,
                narrative="Arbetet har kommit i gång enligt plan."
                if status in (ON, DN)
                else "Insatsen har fått stå tillbaka för annat arbete; ny tidplan tas fram.",
                author=ctx.users["forvaltning"] if unit == "SOC" else coordinator,
            )
    ctx.extra["measures"] = measures
    ctx.extra["goals"] = goals

    # The neighbour's own, smaller plan.
    lerum = ctx.neighbour
    plan = Program.objects.create(
        municipality=lerum,
        title="Handlingsplan mot våld i nära relationer 2024–2026",
        dnr="KS 2023/123",
        period_start=2024,
        period_end=2026,
        status=Program.Status.ADOPTED,
        coordinator_title="utvecklingsledare",
        violence_scopes=["close_relationships"],
        is_illustrative=True,
    )
    lerum_goal = Goal.objects.create(
        municipality=lerum, program=plan, code="1", title="Tidig upptäckt av våld"
    )
    unit = ctx.extra["neighbour_units"][0]  # type: ignore[index]
    Measure.objects.create(
        municipality=lerum,
        program=plan,
        goal=lerum_goal,
        code="1.1",
        title="Screening för våld i socialtjänsten",
        prevention_level=S,
        responsible_unit=unit,
        start_date=d("2024-03-01"),
        end_date=d("2026-12-31"),
        status=ON,
    )
