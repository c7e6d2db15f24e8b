"""The follow-up's sections of the report: costs and time, and what the follow-up says for the
revision. Each runs a fixed number of queries whatever the number of measures."""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Count
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from varn.core.charts import Chart
from varn.core.reporting import Section, Table
from varn.programs.models import Program

from .costs import ZERO, CostSummary, CostTotals, format_hours, format_number, format_sek, summarise
from .models import (
    Conclusion,
    CostEntry,
    FollowUpAnswer,
    FollowUpResponse,
    FollowUpRound,
    Funding,
    QuestionCategory,
)
from .scope import ReportScope, latest_round
from .typography import format_count, format_date, measures_phrase


def cost_summary(program: Program, scope: ReportScope | None = None) -> CostSummary:
    """The programme's costs, within the report's years when a scope is given."""
    entries = CostEntry.objects.filter(municipality_id=program.municipality_id).for_program(program)
    if scope is not None:
        entries = entries.filter(year__gte=scope.year_from, year__lte=scope.year_to)
    return summarise(entries, program.municipality.hourly_cost)


def _money_headers(first: str, fundings: list[Funding]) -> list[str]:
    return [
        first,
        _("Timmar"),
        _("Personaltid (kr)"),
        _("Övriga kostnader (kr)"),
        _("Totalt (kr)"),
        *[f"{f.label} (kr)" for f in fundings],
    ]


def _money_row(label: str, t: CostTotals, fundings: list[Funding]) -> list[str]:
    return [
        label,
        format_hours(t.hours),
        format_number(t.staff_sek),
        format_number(t.other_sek),
        format_number(t.total_sek),
        *[format_number(t.by_funding.get(f, 0)) for f in fundings],
    ]


# The report names the costliest measures; every measure's figures are in the cost export (Excel).
# A 300-row table is not what a board reads, and it was a third of the PDF's layout time.
COSTLIEST = 15


def costs_section(program: Program, *, scope: ReportScope | None = None) -> Section:
    """Hours and SEK per administration, goal, year and measure; what is carried within existing
    budgets and what is not."""
    summary = cost_summary(program, scope)
    title = _("Kostnader och nedlagd tid")
    policy = _("Enligt programmet genomförs arbetet: %(policy)s.") % {
        "policy": str(program.get_budget_policy_display()).lower()
    }
    if summary.is_empty:
        return Section(
            title=title, paragraphs=[policy, _("Inga kostnader eller timmar har registrerats ännu.")]
        )
    t = summary.total
    paragraphs = [
        policy,
        _(
            "Förvaltningarna har redovisat %(hours)s timmar personaltid, värderade till %(staff)s med "
            "kommunens timkostnad %(rate)s per timme, och %(other)s i övriga kostnader. Sammanlagt "
            "%(total)s, varav %(existing)s (%(share)s %%) inom befintliga budgetar."
        )
        % {
            "hours": format_hours(t.hours),
            "staff": format_sek(t.staff_sek),
            "rate": format_sek(summary.rate),
            "other": format_sek(t.other_sek),
            "total": format_sek(t.total_sek),
            "existing": format_sek(t.existing_budget_sek),
            "share": t.existing_share,
        },
    ]
    if t.is_within_existing_budget:
        paragraphs.append(_("Allt arbete har bedrivits inom befintliga budgetar; ingen extra finansiering."))
    else:
        sources = [
            f"{format_sek(t.by_funding[f])} {str(f.label).lower()}"
            for f in (Funding.STATE_GRANT, Funding.PROJECT)
            if t.by_funding.get(f)
        ]
        paragraphs.append(
            _("Utanför befintlig ram: %(sources)s (%(share)s %% av kostnaden).")
            % {"sources": _(" och ").join(sources), "share": 100 - (t.existing_share or 0)}
        )
    if t.estimate_sek:
        paragraphs.append(
            _("Av beloppen är %(estimate)s uppskattningar, inte utfall.")
            % {"estimate": format_sek(t.estimate_sek)}
        )
    units = summary.units()
    # "Within existing budgets" always has a column; the other sources only when they occur.
    fundings = [f for f in Funding if f == Funding.EXISTING_BUDGET or t.by_funding.get(f)]
    chart = Chart(
        kind="bar",
        title=_("Kostnad per förvaltning och finansiering"),
        labels=[g.short for g in units],
        series={
            str(f.label): [round(float(g.totals.by_funding.get(f, ZERO)) / 1000, 1) for g in units]
            for f in fundings
        },
        unit=_("tusen kronor"),
        figures_in=_("Kostnader per förvaltning"),
    )
    tables = [
        Table(
            caption=_("Kostnader per förvaltning"),
            headers=_money_headers(_("Förvaltning"), fundings),
            rows=[
                *[_money_row(g.label, g.totals, fundings) for g in units],
                _money_row(_("Totalt"), t, fundings),
            ],
        ),
        Table(
            caption=_("Kostnader per mål"),
            headers=_money_headers(_("Mål"), fundings),
            rows=[_money_row(g.label, g.totals, fundings) for g in summary.goals()],
        ),
        Table(
            caption=_("Kostnader per år"),
            headers=_money_headers(_("År"), fundings),
            rows=[_money_row(g.label, g.totals, fundings) for g in summary.years()],
        ),
    ]
    measures = summary.measures()
    costliest = sorted(measures, key=lambda g: (-g.totals.total_sek, g.label))[:COSTLIEST]
    per_measure_tables = [
        Table(
            caption=ngettext(
                "Den insats som kostat mest", "De %(count)s insatser som kostat mest", len(costliest)
            )
            % {"count": len(costliest)},
            headers=[_("Insats"), _("Timmar"), _("Totalt (kr)")],
            rows=[
                [g.label, format_hours(g.totals.hours), format_number(g.totals.total_sek)] for g in costliest
            ],
        )
    ]
    outside = [g for g in measures if g.totals.outside_budget_sek]
    if outside:
        others = [f for f in fundings if f != Funding.EXISTING_BUDGET]
        per_measure_tables.insert(
            0,
            Table(
                caption=_("Insatser med finansiering utanför befintlig ram"),
                headers=[_("Insats"), *[f"{f.label} (kr)" for f in others]],
                rows=[
                    [g.label, *[format_number(g.totals.by_funding.get(f, ZERO)) for f in others]]
                    for g in outside
                ],
            ),
        )
    per_measure = Section(
        title=_("Kostnader per insats"),
        paragraphs=[
            ngettext(
                "Timmar och kronor för den insats som har redovisade kostnader finns i bilagan "
                "Kostnader per insats (Excel).",
                "Timmar och kronor för var och en av de %(count)s insatserna med redovisade kostnader "
                "finns i bilagan Kostnader per insats (Excel).",
                len(measures),
            )
            % {"count": len(measures)}
        ],
        tables=per_measure_tables,
    )
    return Section(
        title=title, paragraphs=paragraphs, tables=tables, charts=[chart], subsections=[per_measure]
    )


def conclusion_counts(round: FollowUpRound) -> dict[str, dict[str, int]]:
    """status → conclusion → count, in one query."""
    counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    rows = FollowUpResponse.objects.filter(round=round).order_by().values("status", "conclusion")
    for row in rows.annotate(n=Count("id")):
        counts[row["status"]][row["conclusion"]] += row["n"]
    return counts


def revision_section(program: Program, *, scope: ReportScope | None = None) -> Section | None:
    """What the report's follow-up round (by default the latest) says the next programme should
    keep, change or end. Built on the approved answers; the others are counted but not used."""
    round = scope.round if scope is not None else latest_round(program)
    if round is None:
        return None
    counts = conclusion_counts(round)
    total = sum(n for by_conclusion in counts.values() for n in by_conclusion.values())
    approved = counts.get(FollowUpResponse.Status.APPROVED, {})
    n_approved = sum(approved.values())
    paragraphs = [
        ngettext(
            "Uppföljningen ”%(title)s” (sista svarsdag %(deadline)s) omfattade %(count)s insats.",
            "Uppföljningen ”%(title)s” (sista svarsdag %(deadline)s) omfattade %(count)s insatser.",
            total,
        )
        % {"title": round.title, "deadline": format_date(round.deadline), "count": format_count(total)}
        + " "
        + ngettext(
            "%(count)s svar är godkänt av samordnaren och ligger till grund för slutsatserna nedan.",
            "%(count)s svar är godkända av samordnaren och ligger till grund för slutsatserna nedan.",
            n_approved,
        )
        % {"count": format_count(n_approved)},
        _(
            "Förvaltningarna föreslår att %(keep)s behålls, %(change)s ändras och %(end)s avslutas i "
            "nästa program."
        )
        % {
            "keep": measures_phrase(approved.get(Conclusion.KEEP, 0)),
            "change": measures_phrase(approved.get(Conclusion.CHANGE, 0)),
            "end": measures_phrase(approved.get(Conclusion.END, 0)),
        },
    ]
    if n_approved < total:
        paragraphs.append(
            ngettext(
                "%(count)s svar är ännu inte godkänt och ingår inte i slutsatserna.",
                "%(count)s svar är ännu inte godkända och ingår inte i slutsatserna.",
                total - n_approved,
            )
            % {"count": format_count(total - n_approved)}
        )
    chart = Chart(
        kind="bar",
        title=_("Förvaltningarnas slutsatser inför revideringen"),
        labels=[str(c.label) for c in Conclusion],
        series={_("Insatser"): [float(approved.get(c, 0)) for c in Conclusion]},
        unit=_("antal insatser"),
    )
    answers = list(
        FollowUpAnswer.objects.filter(
            response__round=round,
            response__status=FollowUpResponse.Status.APPROVED,
            response__conclusion__in=[Conclusion.CHANGE, Conclusion.END],
            question__category=QuestionCategory.REVISION,
        )
        .select_related("response__measure", "response__unit")
        .order_by("response__measure__code", "question__order")
    )
    seen: set[int] = set()
    rows = []
    for answer in answers:
        response = answer.response
        if response.pk in seen:
            continue
        seen.add(response.pk)
        rows.append(
            [
                f"{response.measure} ({response.unit.short_name or response.unit.name})",
                str(response.get_conclusion_display()),
                answer.text,
            ]
        )
    tables = [
        Table(
            caption=_("Slutsatser i de godkända svaren"),
            headers=[_("Slutsats"), _("Antal insatser")],
            rows=[[str(c.label), str(approved.get(c, 0))] for c in Conclusion]
            + [[_("Ingen slutsats"), str(approved.get("", 0))]],
        )
    ]
    subsections = []
    if rows:
        subsections.append(
            Section(
                title=_("Insatser som föreslås ändras eller avslutas"),
                tables=[
                    Table(
                        caption=_("Förvaltningarnas motivering"),
                        headers=[_("Insats (ansvarig)"), _("Slutsats"), _("Motivering")],
                        rows=rows,
                    )
                ],
            )
        )
    return Section(
        title=_("Vad uppföljningen säger inför revideringen"),
        paragraphs=paragraphs,
        tables=tables,
        charts=[chart],
        subsections=subsections,
    )
