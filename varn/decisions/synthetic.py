"""Synthetic decision trails for one municipality (see varn/core/synthetic.py): for each programme
period a case that runs from the motion to the council's adoption, as the Alingsås trail does; a
referral back with three requirements; the working committee's proposal with amendments
(tillägg and ändringar) and its beslutsunderlag; and the adoption, which applies the amendments to
the proposed text with the real amendment engine and so creates the adopted version 2."""

from __future__ import annotations

import datetime

from simple_history.utils import bulk_create_with_history

from varn.programs.models import Program

from .models import Amendment, Attachment, Case, Decision, ReferralRequirement
from .services import adopt_with_amendments

REQUIREMENTS = [
    "Redovisning av kostnader kopplat till programmet",
    "Uppföljning av programmet till politiken",
    "Samverkan med fackliga parter och uppföljning av detta",
]
ATTACHMENTS = ["Tjänsteskrivelse", "Förslag till program", "Protokollsutdrag från återremissen"]
ADDITIONS = [
    "samt med de fackliga parterna",
    "och med civilsamhällets organisationer",
    "samt med regionen och polisen",
]
BULLETS = [
    "Fackliga parter erbjuds basutbildning",
    "Chefer erbjuds fördjupad utbildning",
    "Rutinen för medarbetare som utsätts för våld ses över årligen",
]


def _day(rng, year: int, month: int) -> datetime.date:
    return datetime.date(year, month, rng.randint(1, 28))


def trail(rng, start: int) -> list[dict]:
    """The events of one programme's case, in the order they were recorded (as the seed's trail)."""
    K, R = Decision.Kind, Decision.Outcome
    prepared = start - 1
    return [
        dict(
            key="motion",
            body="KF",
            body_name="Kommunfullmäktige",
            meeting_date=_day(rng, start - 3, 2),
            kind=K.MOTION,
            outcome=R.SUBMITTED,
            title="Motion om förebyggande arbete mot våld",
        ),
        dict(
            key="granted",
            body="KF",
            body_name="Kommunfullmäktige",
            meeting_date=_day(rng, start - 3, 5),
            kind=K.DECISION,
            outcome=R.GRANTED,
            title="Motionen bifalls",
        ),
        dict(
            key="assigned",
            body="SOC",
            body_name="Socialförvaltningen",
            meeting_date=None,
            kind=K.DECISION,
            outcome=R.ASSIGNED,
            title="Socialförvaltningen får i uppdrag att ta fram ett kommunövergripande program",
        ),
        dict(
            key="approved",
            body="SN",
            body_name="Socialnämnden",
            meeting_date=_day(rng, prepared, 3),
            kind=K.DECISION,
            outcome=R.APPROVED,
            title="Framtaget program godkänns",
        ),
        dict(
            key="referral",
            body="KSAU",
            body_name="Kommunstyrelsens arbetsutskott",
            meeting_date=_day(rng, prepared, 4),
            kind=K.REFERRAL_BACK,
            outcome=R.REFERRED_BACK,
            title="Ärendet återremitteras för ytterligare beredning",
        ),
        dict(
            key="statement",
            body="KLK",
            body_name="Kommunledningskontoret",
            meeting_date=_day(rng, prepared, 9),
            kind=K.STATEMENT,
            outcome="",
            title="Tjänsteskrivelse: programmet reviderat efter återremissen",
        ),
        dict(
            key="proposal",
            body="KSAU",
            body_name="Kommunstyrelsens arbetsutskott",
            meeting_date=_day(rng, prepared, 10),
            kind=K.PROPOSAL,
            outcome=R.PROPOSED,
            title="Förslag till beslut: programmet antas med tillägg",
        ),
        dict(
            key="ks",
            body="KS",
            body_name="Kommunstyrelsen",
            meeting_date=_day(rng, prepared, 11),
            kind=K.PROPOSAL,
            outcome=R.PROPOSED,
            title="Kommunstyrelsen föreslår kommunfullmäktige att anta programmet med tilläggen",
        ),
        dict(
            key="adoption",
            body="KF",
            body_name="Kommunfullmäktige",
            meeting_date=_day(rng, prepared, 12),
            kind=K.ADOPTION,
            outcome=R.ADOPTED,
            title="Programmet antas med tilläggen",
        ),
    ]


def amendments_for(rng, pages: int) -> list[dict]:
    """Two to four amendments located as a protocol locates them: an addition at the end of the
    last sentence under a heading, a new bullet, a replaced phrase, a new paragraph."""
    chosen = rng.sample(range(1, pages + 1), 4)
    even = [p for p in range(2, pages + 1, 2)]
    options = [
        dict(
            page=chosen[0],
            heading=f"Avsnitt {chosen[0]}",
            anchor_text="mellan olika förvaltningar i kommunen",
            sentence="last",
            operation=Amendment.Operation.APPEND,
            text=rng.choice(ADDITIONS),
        ),
        dict(
            page=(bullet_page := rng.choice(even)),
            heading=f"Avsnitt {bullet_page}",
            operation=Amendment.Operation.ADD_BULLET,
            text=rng.choice(BULLETS),
        ),
        dict(
            page=chosen[1],
            heading=f"Avsnitt {chosen[1]}",
            old_text=f"Stycke 2 om arbetet mot våld, avsnitt {chosen[1]}",
            operation=Amendment.Operation.REPLACE,
            text=f"Stycke 2 om det våldsförebyggande arbetet, avsnitt {chosen[1]}",
        ),
        dict(
            page=chosen[2],
            heading=f"Avsnitt {chosen[2]}",
            operation=Amendment.Operation.INSERT,
            text="Arbetet följs upp inför revidering och redovisas för kommunstyrelsen.",
        ),
    ]
    return options[: rng.randint(2, 4)]


def generate(ctx) -> None:
    from varn.programs.synthetic import PAGES

    m, rng = ctx.municipality, ctx.rng
    coordinator = ctx.extra["coordinator"]
    drafts = ctx.extra["drafts"]
    measures = ctx.extra["measures"]
    cases = bulk_create_with_history(
        [
            Case(
                municipality=m, dnr=d.program.dnr, title=f"{d.program.title} för {m.name}", program=d.program
            )
            for d in drafts
        ],
        Case,
        default_user=coordinator,
    )
    events: list[tuple[int, dict]] = []
    decisions: list[Decision] = []
    for i, case in enumerate(cases):
        for event in trail(rng, drafts[i].program.period_start):
            fields = {k: v for k, v in event.items() if k != "key"}
            paragraph = rng.randint(1, 300) if fields["meeting_date"] and fields["body"] != "KLK" else None
            decisions.append(Decision(municipality=m, case=case, paragraph=paragraph, **fields))
            events.append((i, event))
    decisions = bulk_create_with_history(decisions, Decision, default_user=coordinator)
    by_key = {(i, event["key"]): d for (i, event), d in zip(events, decisions, strict=True)}

    requirements = []
    amendments = []
    attachments = []
    for i, (draft, case) in enumerate(zip(drafts, cases, strict=True)):
        referral, proposal, statement = by_key[i, "referral"], by_key[i, "proposal"], by_key[i, "statement"]
        is_current = i == len(drafts) - 1
        for position, text in enumerate(REQUIREMENTS):
            # The earlier periods' requirements were met long ago; the current one still has one open.
            resolved = not is_current or position < 2
            requirements.append(
                ReferralRequirement(
                    municipality=m,
                    decision=referral,
                    text=text,
                    position=position,
                    status=ReferralRequirement.Status.RESOLVED
                    if resolved
                    else ReferralRequirement.Status.OPEN,
                    resolution_kind=ReferralRequirement.ResolutionKind.MEASURE
                    if resolved and is_current
                    else (ReferralRequirement.ResolutionKind.EXPLANATION if resolved else ""),
                    resolved_measure=measures[position] if resolved and is_current else None,
                    resolution="Redovisat i tjänsteskrivelsen." if resolved else "",
                    resolved_on=statement.meeting_date if resolved else None,
                    resolved_by=coordinator if resolved else None,
                )
            )
        for position, spec in enumerate(amendments_for(rng, PAGES)):
            amendments.append(
                Amendment(
                    municipality=m,
                    decision=proposal,
                    target_version=draft,
                    label=f"Tillägg {position + 1}",
                    position=position,
                    status=Amendment.Status.PROPOSED,
                    **spec,
                )
            )
        for position, title in enumerate(ATTACHMENTS):
            attachments.append(
                Attachment(
                    municipality=m,
                    decision=proposal,
                    title=f"{title} – {case.title}",
                    date=statement.meeting_date if position == 0 else None,
                    position=position,
                )
            )
    bulk_create_with_history(requirements, ReferralRequirement, default_user=coordinator)
    amendments = bulk_create_with_history(amendments, Amendment, default_user=coordinator)
    bulk_create_with_history(attachments, Attachment, default_user=coordinator)

    adopted = []
    for i, draft in enumerate(drafts):
        proposal, adoption = by_key[i, "proposal"], by_key[i, "adoption"]
        draft.created_by_decision = proposal
        draft.save(update_fields=["created_by_decision"])
        ours = [a for a in amendments if a.decision_id == proposal.pk]
        for a in ours:
            a.decision = proposal  # as_instruction reads the decision's reference
        adopted.append(
            adopt_with_amendments(
                version=draft, amendments=ours, decision=adoption, by=coordinator, on=adoption.meeting_date
            )
        )
    # Adoption marks a programme as adopted; the earlier periods have ended since.
    Program.objects.filter(pk__in=[d.program_id for d in drafts[:-1]]).update(status=Program.Status.ENDED)
    ctx.extra["cases"] = cases
    ctx.extra["case"] = cases[-1]
    ctx.extra["adopted_versions"] = adopted
