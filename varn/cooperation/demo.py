"""Demo cooperation for Alingsås: the central cooperation group with the unions (Tillägg 1 of
KSAU 2025-10-22 § 170 adds cooperation "samt med de fackliga parterna"), a working group between
the administrations whose agreement is overdue for follow-up, and the agreement with the police
that has never been followed up. Meetings record participant counts per organisation, never names.
The meetings, counts and action points are invented for the demo."""

from __future__ import annotations

import datetime

from varn.decisions.models import Decision
from varn.organisations.demo import DemoContext

from .models import ActionPoint, Forum, ForumMeeting, Frequency

UNIONS = ["Kommunal", "Vision", "Sveriges Lärare", "Vårdförbundet", "Akademikerförbundet SSR"]
POLICE = "Polisen, lokalpolisområde Alingsås"
SHELTER = "Kvinnojouren i Alingsås"


def d(text: str) -> datetime.date:
    return datetime.date.fromisoformat(text)


def load(ctx: DemoContext) -> None:
    m = ctx.municipality
    coordinator = ctx.users["samordnare"]
    measures = ctx.extra.get("measures", {})
    units, partners = ctx.units, ctx.partners
    decision = Decision.objects.filter(municipality=m, body="KSAU", paragraph=170).first()

    def forum(name, purpose, unit_codes, partner_names, measure_codes, **fields) -> Forum:
        f = Forum(municipality=m, name=name, purpose=purpose, **fields)
        f._history_user = coordinator  # type: ignore[attr-defined]
        f.save()
        f.member_units.set([units[c] for c in unit_codes])
        f.member_partners.set([partners[n] for n in partner_names])
        f.measures.set([measures[c] for c in measure_codes if c in measures])
        return f

    central = forum(
        "Central samverkansgrupp",
        "Kommunens centrala samverkan om det våldsförebyggande arbetet mellan förvaltningarna och de "
        "fackliga parterna: basutbildning för medarbetare och fackliga ombud, stöd till medarbetare som "
        "utsätts för våld och uppföljning av programmet.",
        ["KLK", "SOC", "VÄF", "BUF", "UTB"],
        UNIONS,
        ["4.1.1", "3.1.2"],
        frequency=Frequency.QUARTERLY,
        has_written_agreement=True,
        agreement_date=d("2025-12-01"),
        agreement_decided_by="Kommunstyrelsens arbetsutskott 2025-10-22 § 170, tillägg 1: samverkan även "
        "med de fackliga parterna",
        agreement_decision=decision,
        last_followed_up=d("2026-06-15"),
    )
    working = forum(
        "Arbetsgrupp mellan förvaltningarna",
        "Förvaltningarnas kontaktpersoner samordnar insatserna i programmet, delar rutiner och förbereder "
        "uppföljningen inför revideringen.",
        ["KLK", "SOC", "VÄF", "BUF", "UTB", "KoF", "SBF", "AHEM"],
        [],
        ["4.1.2", "4.2.1"],
        frequency=Frequency.MONTHLY,
        has_written_agreement=True,
        agreement_date=d("2023-09-12"),
        agreement_decided_by="Kommundirektörens ledningsgrupp 2023-09-12 (uppdragsbeskrivning)",
        last_followed_up=d("2024-03-10"),
    )
    police = forum(
        "Samverkan med polisen om våld i nära relationer",
        "Samverkansöverenskommelse mellan socialtjänsten och lokalpolisområdet om stöd till våldsutsatta "
        "och om att förebygga upprepat våld, med kvinnojouren som part.",
        ["SOC"],
        [POLICE, SHELTER],
        ["4.1.3"],
        frequency=Frequency.TWICE_A_YEAR,
        has_written_agreement=True,
        agreement_date=d("2022-05-01"),
        agreement_decided_by="Socialnämnden och lokalpolisområde Alingsås, 2022",
        last_followed_up=None,
    )

    def meeting(f: Forum, day: str, counts: dict[str, int], notes: str, actions=()) -> ForumMeeting:
        mt = ForumMeeting(municipality=m, forum=f, date=d(day), notes=notes, created_by=coordinator)
        mt._history_user = coordinator  # type: ignore[attr-defined]
        mt.save()
        mt.set_attendance(
            {
                ("unit", units[k].pk) if k in units else ("partner", partners[k].pk): n
                for k, n in counts.items()
            },
            by=coordinator,
        )
        for text, owner, due, status in actions:
            action = ActionPoint(
                municipality=m,
                meeting=mt,
                text=text,
                owner_unit=units.get(owner),
                owner_partner=partners.get(owner) if owner not in units else None,
                due_date=d(due),
                status=status,
            )
            action._history_user = coordinator  # type: ignore[attr-defined]
            action.save()
        return mt

    OPEN, ONGOING, DONE = ActionPoint.Status.OPEN, ActionPoint.Status.IN_PROGRESS, ActionPoint.Status.DONE
    union_counts = {
        "Kommunal": 2,
        "Vision": 1,
        "Sveriges Lärare": 1,
        "Vårdförbundet": 1,
        "Akademikerförbundet SSR": 1,
    }
    meeting(
        central,
        "2025-11-20",
        {"KLK": 2, "SOC": 1, "VÄF": 1, "BUF": 1, "UTB": 1, **union_counts},
        "Första mötet efter tillägg 1. Gick igenom programmet och erbjudandet om basutbildning till de "
        "fackliga parterna.",
        [
            ("Ta fram information om basutbildningen till de fackliga ombuden", "KLK", "2025-12-15", DONE),
            (
                "Sammanställa de fackliga parternas deltagande i basutbildningen, som antal per förbund",
                "KLK",
                "2026-06-30",
                ONGOING,
            ),
        ],
    )
    meeting(
        central,
        "2026-02-19",
        {"KLK": 1, "SOC": 1, "VÄF": 1, "BUF": 1, "UTB": 1, "Kommunal": 1, "Vision": 1, "Sveriges Lärare": 1},
        "Lägesbild för basutbildningen. Vårdförbundet har ännu inte svarat på erbjudandet.",
        [("Planera ett utbildningstillfälle för skyddsombud", "Kommunal", "2026-10-31", OPEN)],
    )
    meeting(
        central,
        "2026-05-21",
        {"KLK": 2, "SOC": 1, "VÄF": 1, "BUF": 1, "UTB": 1, **union_counts},
        "Stöd till medarbetare som utsätts för våld: rutinen diskuterades med de fackliga parterna.",
        [("Ge synpunkter på rutinen för medarbetare som utsätts för våld", "Vision", "2026-09-30", DONE)],
    )
    meeting(
        central,
        "2026-09-17",
        {"KLK": 1, "SOC": 1, "VÄF": 1, "UTB": 1, "Kommunal": 1, "Vision": 1, "Akademikerförbundet SSR": 1},
        "Förberedelse av uppföljningen inför revideringen 2027.",
        [
            (
                "Följa upp samverkansöverenskommelsen med de fackliga parterna inför revideringen",
                "KLK",
                "2027-03-31",
                OPEN,
            )
        ],
    )
    all_units = {"KLK": 1, "SOC": 2, "VÄF": 1, "BUF": 1, "UTB": 1, "KoF": 1, "SBF": 1, "AHEM": 1}
    for day in ("2026-01-14", "2026-03-11", "2026-04-15", "2026-06-10", "2026-09-09", "2026-10-14"):
        meeting(working, day, all_units, "Avstämning av insatserna i programmet.")
    meeting(
        working,
        "2026-05-06",
        {"KLK": 1, "SOC": 1, "BUF": 1, "UTB": 1},
        "Extra möte om utbildningsbehov.",
        [
            ("Samordna en gemensam rutin för medarbetare som utsätts för våld", "SOC", "2026-08-31", OPEN),
            ("Inventera behovet av fördjupad utbildning i förvaltningarna", "BUF", "2026-12-15", ONGOING),
        ],
    )
    meeting(
        police,
        "2026-04-22",
        {"SOC": 2, POLICE: 2, SHELTER: 1},
        "Genomgång av samverkansöverenskommelsen från 2022.",
        [("Uppdatera samverkansöverenskommelsen och låta den följas upp", "SOC", "2026-06-30", OPEN)],
    )
    ctx.extra["union_forum"] = central
    ctx.extra["forums"] = {"central": central, "working": working, "police": police}

    # The neighbour's own forum, kept apart from Alingsås.
    lerum_unit = ctx.extra["neighbour_units"][0]
    lerum_forum = Forum.objects.create(
        municipality=ctx.neighbour,
        name="Samverkansgrupp mot våld i nära relationer",
        purpose="Samverkan inom sektorerna om våld i nära relationer.",
        frequency=Frequency.QUARTERLY,
    )
    lerum_forum.member_units.set([lerum_unit])
