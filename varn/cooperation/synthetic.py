"""Synthetic cooperation for one municipality (see varn/core/synthetic.py): five forums (the central
group with the unions, the administrations' working group, the agreement with the police and the
shelters, the child-focused cooperation with the region, the regional network against honour-related
violence), their meetings over the programme period as often as each meets, participant counts per
organisation (never names) and the action points the meetings agree on."""

from __future__ import annotations

import datetime

from simple_history.utils import bulk_create_with_history

from varn.organisations.models import Partner

from .models import ActionPoint, Forum, ForumMeeting, Frequency, MeetingAttendance

# Meetings are generated up to this day, so the same seed gives the same rows whenever it runs.
UNTIL = datetime.date(2026, 12, 31)
MONTHS_BETWEEN: dict[str, int] = {
    Frequency.MONTHLY: 1,
    Frequency.QUARTERLY: 3,
    Frequency.TWICE_A_YEAR: 6,
    Frequency.YEARLY: 12,
    Frequency.AS_NEEDED: 4,
}
ACTIONS = [
    "Ta fram information om basutbildningen till de fackliga ombuden",
    "Sammanställa deltagandet i basutbildningen som antal per organisation",
    "Se över rutinen för medarbetare som utsätts för våld",
    "Planera en gemensam temadag om hedersrelaterat våld",
    "Uppdatera kontaktlistan till stödverksamheterna",
    "Förbereda uppföljningen inför revideringen",
]


def _forums(ctx) -> list[dict]:
    units, partners = ctx.extra["units"], ctx.extra["partners"]
    kinds: dict[str, list] = {}
    for p in partners:
        kinds.setdefault(p.kind, []).append(p)
    unions = kinds.get(Partner.Kind.UNION, [])
    police = kinds.get(Partner.Kind.POLICE, [])
    shelters = kinds.get(Partner.Kind.SHELTER, [])
    region = kinds.get(Partner.Kind.REGION, [])
    county = kinds.get(Partner.Kind.COUNTY_BOARD, [])
    return [
        dict(
            name="Central samverkansgrupp",
            purpose="Våldsförebyggande samverkan mellan förvaltningarna och de fackliga parterna.",
            units=units[:5],
            partners=unions,
            frequency=Frequency.QUARTERLY,
            has_written_agreement=True,
            last_followed_up=datetime.date(2026, 6, 15),
        ),
        dict(
            name="Arbetsgrupp mellan förvaltningarna",
            purpose="Förvaltningarnas kontaktpersoner samordnar insatserna och förbereder uppföljningen.",
            units=units[:12],
            partners=[],
            frequency=Frequency.MONTHLY,
            has_written_agreement=True,
            last_followed_up=datetime.date(2023, 3, 10),
        ),
        dict(
            name="Samverkan med polisen om våld i nära relationer",
            purpose="Överenskommelse om stöd till våldsutsatta och om att förebygga upprepat våld.",
            units=units[:1],
            partners=police + shelters,
            frequency=Frequency.TWICE_A_YEAR,
            has_written_agreement=True,
            last_followed_up=None,
        ),
        dict(
            name="Samverkan kring barn som upplever våld",
            purpose="Socialtjänst, skola och regionen samordnar stödet till barn som upplever våld.",
            units=units[:3],
            partners=region,
            frequency=Frequency.QUARTERLY,
            has_written_agreement=False,
            last_followed_up=None,
        ),
        dict(
            name="Regionalt nätverk mot hedersrelaterat våld",
            purpose="Kunskapsutbyte och gemensamma utbildningar om hedersrelaterat våld och förtryck.",
            units=units[:2],
            partners=county + shelters[:1],
            frequency=Frequency.TWICE_A_YEAR,
            has_written_agreement=False,
            last_followed_up=None,
        ),
    ]


def _meeting_days(rng, frequency: str, start: datetime.date) -> list[datetime.date]:
    step = MONTHS_BETWEEN[frequency]
    days: list[datetime.date] = []
    month = 0
    while True:
        year, index = divmod(start.month - 1 + month, 12)
        day = datetime.date(start.year + year, index + 1, rng.randint(1, 28))
        if day > UNTIL:
            return days
        days.append(day)
        month += step


def generate(ctx) -> None:
    m, rng = ctx.municipality, ctx.rng
    coordinator = ctx.extra["coordinator"]
    measures = ctx.extra["measures"]
    specs = _forums(ctx)
    start = datetime.date(ctx.extra["program"].period_start, 1, 1)
    forums = bulk_create_with_history(
        [
            Forum(
                municipality=m,
                name=s["name"],
                purpose=s["purpose"],
                frequency=s["frequency"],
                has_written_agreement=s["has_written_agreement"],
                agreement_date=start if s["has_written_agreement"] else None,
                agreement_decided_by="Kommunstyrelsen" if s["has_written_agreement"] else "",
                last_followed_up=s["last_followed_up"],
            )
            for s in specs
        ],
        Forum,
        default_user=coordinator,
    )
    Forum.member_units.through.objects.bulk_create(
        [
            Forum.member_units.through(forum_id=f.pk, unit_id=u.pk)
            for f, s in zip(forums, specs, strict=True)
            for u in s["units"]
        ]
    )
    Forum.member_partners.through.objects.bulk_create(
        [
            Forum.member_partners.through(forum_id=f.pk, partner_id=p.pk)
            for f, s in zip(forums, specs, strict=True)
            for p in s["partners"]
        ]
    )
    Forum.measures.through.objects.bulk_create(
        [
            Forum.measures.through(forum_id=f.pk, measure_id=x.pk)
            for f in forums
            for x in rng.sample(measures, min(3, len(measures)))
        ]
    )

    meetings = []
    members = []
    for forum, spec in zip(forums, specs, strict=True):
        for day in _meeting_days(rng, forum.frequency, start):
            meetings.append(
                ForumMeeting(
                    municipality=m,
                    forum=forum,
                    date=day,
                    notes="Lägesbild och planering av kommande insatser.",
                    created_by=coordinator,
                )
            )
            members.append([("unit", u) for u in spec["units"]] + [("partner", p) for p in spec["partners"]])
    meetings = bulk_create_with_history(meetings, ForumMeeting, batch_size=500, default_user=coordinator)

    attendance = []
    actions = []
    for meeting, present in zip(meetings, members, strict=True):
        for kind, organisation in present:
            if rng.random() < 0.8:
                attendance.append(
                    MeetingAttendance(
                        municipality=m,
                        meeting=meeting,
                        unit=organisation if kind == "unit" else None,
                        partner=organisation if kind == "partner" else None,
                        participants=rng.randint(1, 3),
                    )
                )
        for _ in range(rng.randint(0, 3)):
            kind, owner = rng.choice(present)
            due = meeting.date + datetime.timedelta(days=rng.randint(30, 120))
            done = due < datetime.date(2026, 6, 1) and rng.random() < 0.8
            actions.append(
                ActionPoint(
                    municipality=m,
                    meeting=meeting,
                    text=rng.choice(ACTIONS),
                    owner_unit=owner if kind == "unit" else None,
                    owner_partner=owner if kind == "partner" else None,
                    due_date=due,
                    status=ActionPoint.Status.DONE
                    if done
                    else rng.choice([ActionPoint.Status.OPEN, ActionPoint.Status.IN_PROGRESS]),
                )
            )
    bulk_create_with_history(attendance, MeetingAttendance, batch_size=1000, default_user=coordinator)
    bulk_create_with_history(actions, ActionPoint, batch_size=1000, default_user=coordinator)
    ctx.extra["forums"] = forums
