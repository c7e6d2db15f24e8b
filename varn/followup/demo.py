"""Demo follow-up for Alingsås: a finished round "Uppföljning inför revidering 2027" with approved
answers from every administration about each measure, cost entries (staff hours and SEK, mostly
within existing budgets, one state grant), and a built report kept as a snapshot."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from varn.core.formatting import format_date
from varn.organisations.demo import DemoContext
from varn.programs.models import Measure, MeasureStatus

from .models import (
    Conclusion,
    CostBasis,
    CostCategory,
    CostEntry,
    FollowUpAnswer,
    FollowUpResponse,
    FollowUpRound,
    Funding,
    QuestionCategory,
    ReportDraft,
)
from .services import build_report

TZ = datetime.UTC
OPENED = datetime.datetime(2026, 9, 15, 7, 0, tzinfo=TZ)
DEADLINE = datetime.date(2026, 10, 30)
CLOSED = datetime.datetime(2026, 11, 10, 14, 0, tzinfo=TZ)

# Measures the administrations propose to change (besides the postponed ones).
CHANGE = {"1.2.3", "2.2.2", "3.1.1"}
STATE_GRANT_MEASURE = "5.1.1"


def conclusion_for(measure: Measure) -> str:
    if measure.status == MeasureStatus.CANCELLED:
        return Conclusion.END
    if measure.status == MeasureStatus.POSTPONED or measure.code in CHANGE:
        return Conclusion.CHANGE
    if measure.status == MeasureStatus.DONE and measure.end_date.year <= 2026:
        return Conclusion.END
    return Conclusion.KEEP


def answer_texts(measure: Measure, partners: list[str], conclusion: str) -> dict[str, str]:
    unit = measure.responsible_unit.name
    status = measure.status
    output = {
        MeasureStatus.DONE: "Insatsen är genomförd enligt plan och har nått den avsedda målgruppen.",
        MeasureStatus.ONGOING: "Insatsen pågår. Ungefär hälften av de planerade aktiviteterna är genomförda och "
        "målgruppen nås i den omfattning som planerades.",
        MeasureStatus.PLANNED: "Insatsen har ännu inte startat; planeringen är klar och start sker under 2027.",
        MeasureStatus.POSTPONED: "Insatsen har skjutits upp. Förberedelser är gjorda men aktiviteterna har inte "
        "kunnat genomföras under perioden.",
        MeasureStatus.CANCELLED: "Insatsen avbröts efter planeringsfasen.",
    }[MeasureStatus(status)]
    process = (
        "Arbetet har underlättats av tydliga rutiner och stöd från folkhälsostrategen. Det som hindrat mest är "
        "att medarbetare har svårt att avsätta tid vid sidan av ordinarie uppdrag."
    )
    if status in (MeasureStatus.POSTPONED, MeasureStatus.CANCELLED):
        process = (
            "Insatsen har fått stå tillbaka för annat arbete i förvaltningen, och ansvaret har varit otydligt när "
            "nyckelpersoner har slutat."
        )
    effect = (
        "Medarbetare och målgrupp beskriver ökad kunskap och trygghet i att ställa frågor om våld. Effekter på "
        "längre sikt följs upp inför nästa revidering."
        if status in (MeasureStatus.DONE, MeasureStatus.ONGOING)
        else "Det är för tidigt att se effekter av insatsen."
    )
    cooperation = (
        f"Samverkan har skett med {', '.join(partners)} och har fungerat väl."
        if partners
        else f"Insatsen har genomförts inom {unit} med stöd av samordnaren och arbetsgruppen mellan förvaltningarna."
    )
    costs = "Insatsen har genomförts inom befintlig ram; nedlagd tid är registrerad under Kostnader."
    if measure.code == STATE_GRANT_MEASURE:
        costs = (
            "Insatsen har delvis finansierats med statsbidrag via Länsstyrelsen; i övrigt inom befintlig ram."
        )
    revision = {
        Conclusion.KEEP: "Behåll insatsen i nästa program; den fungerar och behövs fortsatt.",
        Conclusion.CHANGE: "Ändra insatsen: avgränsa den tydligare, ange ansvarig funktion och en realistisk tidplan.",
        Conclusion.END: "Avsluta insatsen som egen punkt i programmet; arbetet ingår nu i ordinarie verksamhet."
        if status == MeasureStatus.DONE
        else "Avsluta insatsen; behovet möts bättre på annat sätt.",
    }[Conclusion(conclusion)]
    return {
        QuestionCategory.OUTPUT: output,
        QuestionCategory.PROCESS: process,
        QuestionCategory.EFFECT: effect,
        QuestionCategory.COOPERATION: cooperation,
        QuestionCategory.COSTS: costs,
        QuestionCategory.REVISION: revision,
    }


def cost_entries(measure: Measure, index: int, coordinator) -> list[CostEntry]:
    """Hours every year the measure ran, some money for material and services, an estimate for 2027."""
    common = {
        "municipality_id": measure.municipality_id,
        "measure": measure,
        "unit": measure.responsible_unit,
    }
    entries = []
    base_hours = Decimal(8 + (index * 7) % 40)
    if measure.status == MeasureStatus.PLANNED:
        # Not started: the planning time so far, and an estimate for the year it starts.
        entries.append(
            CostEntry(
                **common,
                year=2026,
                category=CostCategory.STAFF_TIME,
                hours=Decimal(6),
                basis=CostBasis.ACTUAL,
                note="Planering",
                created_by=coordinator,
            )
        )
    for year in range(measure.start_date.year, min(measure.end_date.year, 2026) + 1):
        if measure.status == MeasureStatus.PLANNED:
            break
        entries.append(
            CostEntry(
                **common,
                year=year,
                category=CostCategory.STAFF_TIME,
                hours=base_hours if year == 2025 else base_hours * 2,
                basis=CostBasis.ACTUAL,
                created_by=coordinator,
            )
        )
    if index % 3 == 0 and measure.status != MeasureStatus.PLANNED:
        entries.append(
            CostEntry(
                **common,
                year=2026,
                category=CostCategory.MATERIAL,
                amount=Decimal(4000 + (index * 1500) % 12000),
                basis=CostBasis.ACTUAL,
                note="Trycksaker och informationsmaterial",
                created_by=coordinator,
            )
        )
    if index % 5 == 1:
        entries.append(
            CostEntry(
                **common,
                year=2026,
                category=CostCategory.EXTERNAL_SERVICE,
                amount=Decimal(15000 + (index * 2500) % 30000),
                basis=CostBasis.ACTUAL,
                note="Extern föreläsare",
                created_by=coordinator,
            )
        )
    if measure.code == STATE_GRANT_MEASURE:
        entries.append(
            CostEntry(
                **common,
                year=2026,
                category=CostCategory.EXTERNAL_SERVICE,
                amount=Decimal(150000),
                funding=Funding.STATE_GRANT,
                basis=CostBasis.ACTUAL,
                note="Statsbidrag via Länsstyrelsen för arbete mot hedersrelaterat våld och förtryck",
                created_by=coordinator,
            )
        )
    if measure.end_date.year >= 2027 and measure.status in (MeasureStatus.ONGOING, MeasureStatus.PLANNED):
        entries.append(
            CostEntry(
                **common,
                year=2027,
                category=CostCategory.STAFF_TIME,
                hours=base_hours,
                basis=CostBasis.ESTIMATE,
                note="Uppskattning för programmets sista år",
                created_by=coordinator,
            )
        )
    return entries


def link_referral_requirements(ctx, round, coordinator) -> None:
    """Point the requirements of the referral back at what met them: the follow-up plan (this round)
    and the union cooperation (the central forum). The cost report is linked once it is built."""
    requirements = ctx.extra.get("requirements", {})
    if "followup" in requirements:
        requirements["followup"].resolve(
            by=coordinator,
            kind=requirements["followup"].ResolutionKind.REPORT,
            label=f"Uppföljningsplan: {round.title}",
            url=round.get_absolute_url(),
            explanation="Programmet följs upp inför revidering; uppföljningen redovisas för kommunstyrelsen.",
            on=datetime.date(2025, 10, 15),
        )
    forum = ctx.extra.get("union_forum")
    if "unions" in requirements and forum is not None:
        requirements["unions"].resolve(
            by=coordinator,
            kind=requirements["unions"].ResolutionKind.FORUM,
            label=forum.name,
            url=reverse("cooperation:forum-detail", args=[forum.municipality.slug, forum.pk]),
            explanation="Programmet har samverkats med de fackliga parterna, som ingår i den centrala "
            "samverkansgruppen; samverkan följs upp där och i uppföljningsrapporten.",
            on=datetime.date(2025, 10, 15),
        )


# The coordinator's own text sections in the demo report (written for the demo).
DEMO_ANALYSIS = (
    "De flesta insatserna är genomförda eller pågår, och förvaltningarna har redovisat både tid och "
    "kostnader. Arbetet har i huvudsak bedrivits inom befintliga budgetar.\n\n"
    "Basutbildningen har nått drygt hälften av målgrupperna, och de fackliga parterna deltar nu i den "
    "centrala samverkansgruppen. Täckningen behöver öka inför nästa programperiod, särskilt i de "
    "förvaltningar som ligger under målet på 80 procent."
)
DEMO_PROPOSAL = (
    "Kommunstyrelsen föreslås besluta\n"
    "att godkänna uppföljningen av Program om våldsförebyggande arbete 2025–2027, och\n"
    "att uppdra åt kommundirektören att låta förvaltningarnas slutsatser ligga till grund för "
    "revideringen av programmet."
)


def load(ctx: DemoContext) -> None:
    program = ctx.extra.get("program")
    measures: dict[str, Measure] = ctx.extra.get("measures") or {}
    if program is None or not measures:
        return
    municipality = ctx.municipality
    coordinator = ctx.users["samordnare"]
    editor = ctx.users.get("forvaltning")
    ordered = [measures[code] for code in sorted(measures)]
    partner_names = {
        m.pk: [p.name for p in m.partners.all()]
        for m in Measure.objects.filter(pk__in=[m.pk for m in ordered]).prefetch_related("partners")
    }

    round = FollowUpRound.objects.create(
        municipality=municipality,
        program=program,
        title="Uppföljning inför revidering 2027",
        kind=FollowUpRound.Kind.BEFORE_REVISION,
        introduction="Programmet följs upp inför revideringen 2027. Svara för varje insats som er förvaltning "
        "ansvarar för: vad som gjorts, hur det gått, vad det lett till, samverkan, kostnader och vad nästa "
        "program bör behålla, ändra eller avsluta.",
        deadline=DEADLINE,
        reminder_days=7,
        status=FollowUpRound.Status.CLOSED,
        opened_at=OPENED,
        closed_at=CLOSED,
        created_by=coordinator,
    )
    questions = {q.category: q for q in round.add_default_questions(by=coordinator)}

    responses = []
    for i, measure in enumerate(ordered):
        submitted = OPENED + datetime.timedelta(days=10 + i % 25)
        responses.append(
            FollowUpResponse(
                municipality=municipality,
                round=round,
                measure=measure,
                unit=measure.responsible_unit,
                conclusion=conclusion_for(measure),
                status=FollowUpResponse.Status.APPROVED,
                submitted_at=submitted,
                submitted_by=editor if measure.responsible_unit.short_name == "SOC" else coordinator,
                reviewed_at=submitted + datetime.timedelta(days=3),
                reviewed_by=coordinator,
            )
        )
    responses = bulk_create_with_history(responses, FollowUpResponse, default_user=coordinator)
    answers = []
    for response in responses:
        texts = answer_texts(
            response.measure, partner_names.get(response.measure_id, []), response.conclusion
        )
        for category, text in texts.items():
            answers.append(
                FollowUpAnswer(
                    municipality=municipality, response=response, question=questions[category], text=text
                )
            )
    bulk_create_with_history(answers, FollowUpAnswer, batch_size=500, default_user=coordinator)

    entries = [e for i, measure in enumerate(ordered) for e in cost_entries(measure, i, coordinator)]
    bulk_create_with_history(entries, CostEntry, batch_size=500, default_user=coordinator)

    link_referral_requirements(ctx, round, coordinator)
    draft = ReportDraft(
        municipality=municipality,
        program=program,
        round=round,
        year_from=program.period_start,
        year_to=program.period_end,
        body="Kommunstyrelsen",
        dnr=program.dnr,
        analysis=DEMO_ANALYSIS,
        proposal=DEMO_PROPOSAL,
    )
    draft._history_user = coordinator  # type: ignore[attr-defined]
    draft.save()
    report = build_report(program, by=coordinator)
    requirement = ctx.extra.get("requirements", {}).get("costs")
    if requirement is not None:
        # The cost report answers the first requirement of the referral back of 2025-04-23 § 58.
        requirement.resolve(
            by=coordinator,
            kind=requirement.ResolutionKind.REPORT,
            # The title and the day it was built: the time of day is noise in a requirement's reference.
            label=f"{report.title}, {format_date(timezone.localdate(report.built_at))}",
            url=report.get_absolute_url(),
            explanation="Kostnader och nedlagd tid per insats och förvaltning redovisas i uppföljningsrapporten.",
            on=datetime.date(2026, 11, 1),
        )
    ctx.extra["follow_up_round"] = round
    ctx.extra["report"] = report
