"""The Alingsås decision trail of case 2025.202 KS, from the motion in 2022 to the adoption, as the
seed protocol (KSAU 2025-10-22 § 170) tells it.

What the seed does not say is not invented: the assignment to socialförvaltningen, the KS
proposal and the KF adoption have no known date or § and are shown as such. The trail implies
that KF adopted the programme (its measures are being carried out and followed up), so the KF
event is recorded as an adoption, and applying Tillägg 1 and 2 on it creates the adopted version 2."""

from __future__ import annotations

import datetime

from varn.organisations.demo import DemoContext
from varn.programs.models import ProgramVersion

from .models import Amendment, Attachment, Case, Decision, ReferralRequirement
from .services import adopt_with_amendments

CASE_TITLE = "Program om våldsförebyggande arbete för Alingsås kommun"
PROPOSAL_TEXT = (
    "Förslag till beslut i kommunfullmäktige\n\n"
    "Program om våldsförebyggande arbete i Alingsås kommun 2025–2027 antas, med följande två tillägg:\n\n"
    "Tillägg 1\n\n"
    "På sidan 6, under rubriken Samverkan, i sista meningen efter ”mellan mellan olika förvaltningar i "
    "kommunen” läggs följande till: ”samt med de fackliga parterna”.\n\n"
    "Tillägg 2\n\n"
    "På sidan 8, tredje kolumnen läggs en punkt till: Fackliga parter erbjuds basutbildning."
)
REQUIREMENTS = [
    (
        "costs",
        "Redovisning av kostnader kopplat till programmet",
        "4.2.1",
        "Nedlagd tid och kostnader redovisas per insats och förvaltning, inom befintlig ram.",
    ),
    (
        "followup",
        "Uppföljning av programmet till politiken",
        "4.2.2",
        "Programmet följs upp inför revidering och redovisas för kommunstyrelsen; inte som årliga nyckeltal.",
    ),
    (
        "unions",
        "Samverkan med fackliga parter och uppföljning av detta",
        "4.1.1",
        "De fackliga parterna ingår i den centrala samverkansgruppen, och samverkan följs upp. "
        "Programmet har samverkats med de fackliga parterna (Tillägg 1 och 2).",
    ),
]


def d(text: str) -> datetime.date:
    return datetime.date.fromisoformat(text)


def load(ctx: DemoContext) -> None:
    m = ctx.municipality
    coordinator = ctx.users["samordnare"]
    program = ctx.extra["program"]
    draft: ProgramVersion = ctx.extra["draft_version"]
    measures = ctx.extra["measures"]
    case = Case.objects.create(municipality=m, dnr="2025.202 KS", title=CASE_TITLE, program=program)

    def decision(key: str, **fields) -> Decision:
        obj = Decision.objects.create(municipality=m, case=case, **fields)
        decisions[key] = obj
        return obj

    decisions: dict[str, Decision] = {}
    decision(
        "motion",
        body="KF",
        body_name="Kommunfullmäktige",
        meeting_date=d("2022-02-27"),
        paragraph=100,
        kind=Decision.Kind.MOTION,
        outcome=Decision.Outcome.SUBMITTED,
        title="Motion om förebyggande arbete mot mäns våld mot kvinnor",
    )
    decision(
        "granted",
        body="KF",
        body_name="Kommunfullmäktige",
        meeting_date=d("2022-05-25"),
        paragraph=294,
        kind=Decision.Kind.DECISION,
        outcome=Decision.Outcome.GRANTED,
        title="Motionen bifalls",
    )
    decision(
        "assigned",
        body="SOC",
        body_name="Socialförvaltningen",
        kind=Decision.Kind.DECISION,
        outcome=Decision.Outcome.ASSIGNED,
        title="Socialförvaltningen får i uppdrag att ta fram ett kommunövergripande program",
        text="Datum för uppdraget framgår inte av protokollet.",
    )
    decision(
        "approved",
        body="SN",
        body_name="Socialnämnden",
        meeting_date=d("2025-03-18"),
        paragraph=12,
        kind=Decision.Kind.DECISION,
        outcome=Decision.Outcome.APPROVED,
        title="Framtaget program om våldsförebyggande arbete godkänns",
    )
    referral = decision(
        "referral",
        body="KSAU",
        body_name="Kommunstyrelsens arbetsutskott",
        meeting_date=d("2025-04-23"),
        paragraph=58,
        kind=Decision.Kind.REFERRAL_BACK,
        outcome=Decision.Outcome.REFERRED_BACK,
        title="Ärendet återremitteras för ytterligare beredning",
    )
    statement = decision(
        "statement",
        body="KLK",
        body_name="Kommunledningskontoret",
        meeting_date=d("2025-10-15"),
        kind=Decision.Kind.STATEMENT,
        title="Tjänsteskrivelse: programmet reviderat, samverkat med de fackliga parterna",
        text="Programmet har reviderats och kortats ned efter återremissen och samverkats med de fackliga "
        "parterna. Uppföljningen föreslås genomföras inför revidering. Arbetet hanteras inom befintliga "
        "verksamheter; samordningsansvaret ligger hos folkhälsostrategen.",
    )
    proposal_stage = ctx.extra.get("stage") == "proposal"
    if proposal_stage:
        ctx.extra["requirements"] = _resolve_requirements(referral, statement, measures, coordinator)
        ctx.extra["case"] = case
        ctx.extra["decisions"] = decisions
        ctx.extra["adopted_version"] = None
        _load_neighbour(ctx)
        return
    proposal = decision(
        "proposal",
        body="KSAU",
        body_name="Kommunstyrelsens arbetsutskott",
        meeting_date=d("2025-10-22"),
        paragraph=170,
        kind=Decision.Kind.PROPOSAL,
        outcome=Decision.Outcome.PROPOSED,
        title=CASE_TITLE,
        text=PROPOSAL_TEXT,
    )
    decision(
        "ks",
        body="KS",
        body_name="Kommunstyrelsen",
        kind=Decision.Kind.PROPOSAL,
        outcome=Decision.Outcome.PROPOSED,
        title="Kommunstyrelsen föreslår kommunfullmäktige att anta programmet med tilläggen",
        text="Datum och paragraf finns inte i demons underlag.",
    )
    adoption = decision(
        "adoption",
        body="KF",
        body_name="Kommunfullmäktige",
        kind=Decision.Kind.ADOPTION,
        outcome=Decision.Outcome.ADOPTED,
        title="Program om våldsförebyggande arbete 2025–2027 antas med Tillägg 1 och 2",
        text="Datum och paragraf finns inte i demons underlag.",
    )
    draft.created_by_decision = proposal
    draft.save(update_fields=["created_by_decision"])

    requirements = _resolve_requirements(referral, statement, measures, coordinator)

    amendments = [
        Amendment.objects.create(
            municipality=m,
            decision=proposal,
            label="Tillägg 1",
            page=6,
            heading="Samverkan",
            anchor_text="mellan mellan olika förvaltningar i kommunen",
            sentence="last",
            operation=Amendment.Operation.APPEND,
            text="samt med de fackliga parterna",
            status=Amendment.Status.PROPOSED,
            position=0,
            source_text="På sidan 6, under rubriken Samverkan, i sista meningen efter ”mellan mellan olika "
            "förvaltningar i kommunen” läggs följande till: ”samt med de fackliga parterna”.",
        ),
        Amendment.objects.create(
            municipality=m,
            decision=proposal,
            label="Tillägg 2",
            page=8,
            column=3,
            operation=Amendment.Operation.ADD_BULLET,
            text="Fackliga parter erbjuds basutbildning",
            status=Amendment.Status.PROPOSED,
            position=1,
            source_text="På sidan 8, tredje kolumnen läggs en punkt till: Fackliga parter erbjuds basutbildning.",
        ),
    ]
    for position, (title, date) in enumerate(
        [
            ("Tjänsteskrivelse – Program om våldsförebyggande arbete för Alingsås kommun", "2025-10-15"),
            ("Program om våldsförebyggande arbete 2025–2027", None),
            ("§ 58 KSAU Program om våldsförebyggande arbete för Alingsås kommun", "2025-04-23"),
        ]
    ):
        Attachment.objects.create(
            municipality=m, decision=proposal, title=title, date=d(date) if date else None, position=position
        )

    adopted = adopt_with_amendments(version=draft, amendments=amendments, decision=adoption, by=coordinator)
    # The KF date is not in the seed: do not show the day the demo was loaded as the adoption date.
    ProgramVersion.objects.filter(pk=adopted.pk).update(adopted_on=None, label="Antagen med Tillägg 1 och 2")

    ctx.extra["case"] = case
    ctx.extra["decisions"] = decisions
    ctx.extra["requirements"] = requirements
    ctx.extra["adopted_version"] = adopted
    _load_neighbour(ctx)


def _resolve_requirements(referral, statement, measures, coordinator) -> dict[str, ReferralRequirement]:
    """The three requirements of the referral back, each met by a measure by the time of the statement."""
    requirements: dict[str, ReferralRequirement] = {}
    for position, (key, text, code, explanation) in enumerate(REQUIREMENTS):
        requirement = ReferralRequirement.objects.create(
            municipality=referral.municipality, decision=referral, text=text, position=position
        )
        requirement.resolve(
            by=coordinator,
            kind="measure",
            measure=measures[code],
            explanation=explanation,
            on=statement.meeting_date,
        )
        requirements[key] = requirement
    return requirements


def _load_neighbour(ctx: DemoContext) -> None:
    # The neighbour keeps its own registry format.
    lerum = ctx.neighbour
    lerum_case = Case.objects.create(
        municipality=lerum, dnr="KS 2023/123", title="Handlingsplan mot våld i nära relationer 2024–2026"
    )
    Decision.objects.create(
        municipality=lerum,
        case=lerum_case,
        body="KF",
        body_name="Kommunfullmäktige",
        meeting_date=d("2023-12-13"),
        paragraph=187,
        kind=Decision.Kind.ADOPTION,
        outcome=Decision.Outcome.ADOPTED,
        title="Handlingsplanen antas",
    )
