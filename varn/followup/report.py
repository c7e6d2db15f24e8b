"""The report to the politicians as one plain structure: a title, facts about it, and sections.

`build_content` asks every app for its section (varn.core.reporting.provided_sections) and puts
them in the shape of a Swedish municipal report to a nämnd: Sammanfattning, Bakgrund, Resultat,
Analys och slutsatser, Inför revidering, Förslag till beslut (ADR 0090). The report covers one
follow-up round and a span of years (ReportScope); the coordinator's own text for a section
replaces the suggested one. The same structure is stored as the frozen snapshot's JSON and given
to both renderers (Word and PDF), so the two files always say the same thing (ADR 0030)."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

from django.db.models import Count, F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from varn.core.charts import Chart
from varn.core.reporting import Section, Table, provided_sections
from varn.decisions.models import Decision, ReferralRequirement
from varn.programs.models import Measure, MeasureStatus, Program

from .costs import format_hours, format_sek
from .models import FollowUpResponse
from .reporting import cost_summary
from .scope import ReportScope, default_scope
from .typography import format_count, format_date, measures_phrase

Progress = Callable[[int, str], None]


@dataclass
class ReportContent:
    title: str
    municipality: str
    program: str
    # The title page: what the report is, for whom, which round and years it covers.
    facts: list[tuple[str, str]] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "municipality": self.municipality,
            "program": self.program,
            "facts": [list(f) for f in self.facts],
            "sections": [section_to_json(s) for s in self.sections],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ReportContent:
        return cls(
            title=data.get("title", ""),
            municipality=data.get("municipality", ""),
            program=data.get("program", ""),
            facts=[(str(a), str(b)) for a, b in data.get("facts", [])],
            sections=[section_from_json(s) for s in data.get("sections", [])],
        )


def _number(value: Any) -> float | None:
    return None if value is None else float(value)


def section_to_json(section: Section) -> dict[str, Any]:
    data = asdict(section)

    def clean(node: dict) -> None:
        node["paragraphs"] = [str(p) for p in node.get("paragraphs", [])]
        for table in node.get("tables", []):
            table["caption"] = str(table["caption"])
            table["headers"] = [str(h) for h in table["headers"]]
            table["rows"] = [[str(c) for c in row] for row in table["rows"]]
        for chart in node.get("charts", []):
            chart["series"] = {str(k): [_number(v) for v in vs] for k, vs in chart["series"].items()}
            chart["labels"] = [str(label) for label in chart["labels"]]
            chart["target"] = _number(chart.get("target"))
            for key in ("title", "unit", "target_label", "figures_in"):
                chart[key] = str(chart.get(key) or "")
            chart["notes"] = [str(n) for n in chart.get("notes", [])]
        node["title"] = str(node["title"])
        for sub in node.get("subsections", []):
            clean(sub)

    clean(data)
    return data


def section_from_json(data: dict[str, Any]) -> Section:
    return Section(
        title=data.get("title", ""),
        paragraphs=list(data.get("paragraphs", [])),
        tables=[
            Table(caption=t["caption"], headers=t["headers"], rows=t["rows"]) for t in data.get("tables", [])
        ],
        charts=[Chart(**c) for c in data.get("charts", [])],
        subsections=[section_from_json(s) for s in data.get("subsections", [])],
    )


def report_title(program: Program) -> str:
    return _("Uppföljning av %(program)s") % {"program": program.title}


def _paragraphs(text: str) -> list[str]:
    """The coordinator's text as paragraphs: a blank line (or a line break) starts a new one."""
    return [p.strip() for p in text.replace("\r", "").split("\n") if p.strip()]


def _with_text(section: Section, scope: ReportScope, name: str) -> Section:
    """The section with the coordinator's text, when they wrote one, instead of the suggestion."""
    text = scope.text(name)
    if text:
        section.paragraphs = _paragraphs(text)
    return section


def _status_figures(program: Program) -> tuple[dict[str, int], int]:
    counts = Measure.objects.filter(program=program).status_counts()
    return counts, sum(counts.values())


def summary_section(program: Program, scope: ReportScope, titles: list[str]) -> Section:
    """The report's own summary: the key figures of the other sections in a few sentences."""
    status_counts, n_measures = _status_figures(program)
    paragraphs = [
        _(
            "%(program)s gäller %(period)s. Samordningen ligger hos %(coordinator)s. Programmet följs upp "
            "%(policy)s, eftersom det förebyggande arbetet är långsiktigt och inte med fördel mäts med "
            "nyckeltal årligen."
        )
        % {
            "program": program.title,
            "period": program.period_label,
            "coordinator": program.coordinator_title,
            "policy": str(program.get_follow_up_policy_display()).lower(),
        }
    ]
    figures: list[list[str]] = [
        [_("Insatser i programmet"), format_count(n_measures)],
        [_("Genomförda"), format_count(status_counts.get(MeasureStatus.DONE, 0))],
        [_("Pågår"), format_count(status_counts.get(MeasureStatus.ONGOING, 0))],
        [
            _("Senarelagda eller avbrutna"),
            format_count(
                status_counts.get(MeasureStatus.POSTPONED, 0) + status_counts.get(MeasureStatus.CANCELLED, 0)
            ),
        ],
    ]
    round = scope.round
    if round is not None:
        rows = (
            FollowUpResponse.objects.filter(round=round).order_by().values("status").annotate(n=Count("id"))
        )
        by_status = {r["status"]: r["n"] for r in rows}
        total = sum(by_status.values())
        approved = by_status.get(FollowUpResponse.Status.APPROVED, 0)
        paragraphs.append(
            ngettext(
                "Uppföljningen ”%(title)s”: %(approved)s av %(total)s svar från förvaltningarna är godkänt.",
                "Uppföljningen ”%(title)s”: %(approved)s av %(total)s svar från förvaltningarna är godkända.",
                approved,
            )
            % {"title": round.title, "approved": format_count(approved), "total": format_count(total)}
        )
        figures.append([_("Godkända uppföljningssvar"), f"{format_count(approved)} av {format_count(total)}"])
    costs = cost_summary(program, scope)
    if not costs.is_empty:
        t = costs.total
        paragraphs.append(
            _(
                "Arbetet har %(years)s krävt %(hours)s timmar och sammanlagt %(total)s, varav %(share)s %% "
                "inom befintliga budgetar."
            )
            % {
                "years": _("under %(years)s") % {"years": scope.years_label},
                "hours": format_hours(t.hours),
                "total": format_sek(t.total_sek),
                "share": t.existing_share,
            }
        )
        figures += [
            [_("Nedlagd tid (timmar)"), format_hours(t.hours)],
            [_("Kostnad totalt"), format_sek(t.total_sek)],
            [_("Andel inom befintlig ram"), f"{t.existing_share}\u00a0%"],
        ]
    requirements = list(
        ReferralRequirement.objects.filter(
            municipality_id=program.municipality_id, decision__case__program=program
        )
        .order_by()
        .values("status")
        .annotate(n=Count("id"))
    )
    if requirements:
        n_total = sum(r["n"] for r in requirements)
        n_resolved = sum(r["n"] for r in requirements if r["status"] == ReferralRequirement.Status.RESOLVED)
        paragraphs.append(
            ngettext(
                "Återremissen ställde %(total)s krav; %(resolved)s av dem är tillgodosett.",
                "Återremissen ställde %(total)s krav; %(resolved)s av dem är tillgodosedda.",
                n_resolved,
            )
            % {"total": format_count(n_total), "resolved": format_count(n_resolved)}
        )
        figures.append(
            [
                _("Krav från återremissen som är tillgodosedda"),
                f"{format_count(n_resolved)} av {format_count(n_total)}",
            ]
        )
    if titles:
        paragraphs.append(
            _("Rapporten tar upp: %(titles)s.") % {"titles": ", ".join(t.lower() for t in titles)}
        )
    return Section(
        title=_("Sammanfattning"),
        paragraphs=paragraphs,
        tables=[Table(caption=_("Nyckeltal"), headers=[_("Uppgift"), _("Värde")], rows=figures)],
    )


def background_section(program: Program, requirements: Section | None) -> Section:
    """Bakgrund: the decision trail in brief, then the referral requirements and how each was met."""
    decisions = list(
        Decision.objects.filter(municipality_id=program.municipality_id, case__program=program).order_by(
            F("meeting_date").asc(nulls_last=True), "paragraph", "pk"
        )
    )
    paragraphs = [
        _(
            "%(program)s har tagits fram i dialog med kommunens förvaltningar och är en del av arbetet "
            "med social hållbarhet. Programmet gäller %(period)s."
        )
        % {"program": program.title, "period": program.period_label}
    ]
    tables = []
    if decisions:
        paragraphs.append(
            ngettext(
                "Ärendet har behandlats vid %(count)s tillfälle:",
                "Ärendet har behandlats vid %(count)s tillfällen:",
                len(decisions),
            )
            % {"count": format_count(len(decisions))}
            + " "
            + _("tabellen visar beslutsgången i korthet.")
        )
        tables.append(
            Table(
                caption=_("Beslutsgång"),
                headers=[_("Datum"), _("Organ"), _("Paragraf"), _("Beslut")],
                rows=[
                    [
                        format_date(d.meeting_date) if d.meeting_date else "–",
                        d.body,
                        f"§\u00a0{d.paragraph}" if d.paragraph else "–",
                        str(d.get_kind_display()),
                    ]
                    for d in decisions
                ],
            )
        )
    return Section(
        title=_("Bakgrund"),
        paragraphs=paragraphs,
        tables=tables,
        subsections=[requirements] if requirements else [],
    )


def analysis_section(program: Program, scope: ReportScope) -> Section:
    """A suggested analysis from the figures, for the coordinator to rewrite."""
    status_counts, n_measures = _status_figures(program)
    done = status_counts.get(MeasureStatus.DONE, 0) + status_counts.get(MeasureStatus.ONGOING, 0)
    behind = status_counts.get(MeasureStatus.POSTPONED, 0) + status_counts.get(MeasureStatus.CANCELLED, 0)
    paragraphs = []
    if n_measures:
        paragraphs.append(
            _(
                "Av programmets %(measures)s är %(done)s genomförda eller pågår och %(behind)s "
                "senarelagda eller avbrutna."
            )
            % {
                "measures": measures_phrase(n_measures),
                "done": format_count(done),
                "behind": format_count(behind),
            }
        )
    paragraphs.append(
        _(
            "Samordnaren bedömer utifrån uppföljningen vad som har fungerat, vad som behöver förändras och "
            "vilka risker som finns, och skriver sin analys här innan rapporten skapas."
        )
    )
    return Section(title=_("Analys och slutsatser"), paragraphs=paragraphs)


def suggested_proposal(program: Program, scope: ReportScope) -> str:
    body = scope.body or _("Nämnden")
    return _(
        "%(body)s föreslås besluta\natt godkänna uppföljningen av %(program)s och lägga den till "
        "handlingarna."
    ) % {
        "body": body,
        "program": program.title,
    }


def proposal_section(program: Program, scope: ReportScope) -> Section:
    text = scope.text("proposal") or suggested_proposal(program, scope)
    return Section(title=_("Förslag till beslut"), paragraphs=_paragraphs(text))


BACKGROUND = {"varn.decisions.reporting.section"}
REVISION = {"varn.followup.reporting.revision_section"}


def build_content(
    program: Program, *, scope: ReportScope | None = None, by=None, progress: Progress | None = None
) -> ReportContent:
    report = progress or (lambda pct, msg: None)
    scope = scope or default_scope(program)
    report(10, _("Hämtar avsnitten …"))
    provided = provided_sections(program, scope=scope)
    requirements = next((s for name, s in provided if name in BACKGROUND), None)
    results = [s for name, s in provided if name not in BACKGROUND | REVISION]
    revision = next((s for name, s in provided if name in REVISION), None)
    if revision is None:
        revision = Section(
            title=_("Inför revidering"),
            paragraphs=[
                _("Ingen uppföljningsomgång ingår i rapporten, så förvaltningarnas slutsatser saknas.")
            ],
        )
    else:
        revision.title = _("Inför revidering")
    report(40, _("Sammanfattar …"))
    body = [
        _with_text(background_section(program, requirements), scope, "background"),
        Section(
            title=_("Resultat"),
            paragraphs=[
                _("Resultaten avser %(years)s och bygger på uppföljningen ”%(round)s”.")
                % {"years": scope.years_label, "round": scope.round.title}
                if scope.round
                else _("Resultaten avser %(years)s.") % {"years": scope.years_label}
            ],
            subsections=results,
        ),
        _with_text(analysis_section(program, scope), scope, "analysis"),
        _with_text(revision, scope, "revision"),
        proposal_section(program, scope),
    ]
    summary = _with_text(summary_section(program, scope, [s.title for s in body]), scope, "summary")
    facts = [(_("Kommun"), program.municipality.name)]
    if scope.body:
        facts.append((_("Till"), scope.body))
    dnr = scope.dnr or program.dnr
    if dnr:
        facts.append((_("Diarienummer"), dnr))
    facts += [
        (_("Datum"), format_date(timezone.localdate())),
        (
            _("Program"),
            program.title
            if program.period_label in program.title
            else f"{program.title}, {program.period_label}",
        ),
        (_("Uppföljningsomgång"), scope.round.title if scope.round else _("ingen")),
        (_("Period som redovisas"), scope.years_label),
    ]
    if by is not None:
        facts.append((_("Handläggare"), by.get_full_name() or by.get_username()))
    return ReportContent(
        title=report_title(program),
        municipality=program.municipality.name,
        program=program.title,
        facts=facts,
        sections=[summary, *body],
    )


SUGGESTED = {"summary": 0, "background": 1, "analysis": 3, "revision": 4, "proposal": 5}


def suggested_texts(program: Program, scope: ReportScope) -> dict[str, str]:
    """The text Värn suggests for each section the coordinator may rewrite (from today's figures)."""
    content = build_content(program, scope=dataclasses.replace(scope, texts={}))
    return {name: "\n\n".join(content.sections[i].paragraphs) for name, i in SUGGESTED.items()}
