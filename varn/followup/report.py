"""The report to the politicians as one plain structure: a title, facts about it, and sections.

`build_content` asks every app for its section (varn.core.reporting.collect_sections) and puts a
summary of its own first. The same structure is stored as the frozen snapshot's JSON and given to
both renderers (Word and PDF), so the two files always say the same thing (ADR 0030)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from varn.core.charts import Chart
from varn.core.reporting import Section, Table, collect_sections
from varn.decisions.models import ReferralRequirement
from varn.programs.models import Measure, MeasureStatus, Program

from .costs import format_hours, format_sek
from .models import FollowUpResponse
from .reporting import cost_summary, latest_round

Progress = Callable[[int, str], None]


@dataclass
class ReportContent:
    title: str
    municipality: str
    program: str
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


def summary_section(program: Program, sections: list[Section]) -> Section:
    """The report's own summary: the key figures of the other sections in a few sentences."""
    status_counts = Measure.objects.filter(program=program).status_counts()
    n_measures = sum(status_counts.values())
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
        [_("Insatser i programmet"), str(n_measures)],
        [_("Genomförda"), str(status_counts.get(MeasureStatus.DONE, 0))],
        [_("Pågår"), str(status_counts.get(MeasureStatus.ONGOING, 0))],
        [
            _("Senarelagda eller avbrutna"),
            str(
                status_counts.get(MeasureStatus.POSTPONED, 0) + status_counts.get(MeasureStatus.CANCELLED, 0)
            ),
        ],
    ]
    round = latest_round(program)
    if round is not None:
        rows = (
            FollowUpResponse.objects.filter(round=round).order_by().values("status").annotate(n=Count("id"))
        )
        by_status = {r["status"]: r["n"] for r in rows}
        total = sum(by_status.values())
        approved = by_status.get(FollowUpResponse.Status.APPROVED, 0)
        paragraphs.append(
            _("Uppföljningen ”%(title)s”: %(approved)s av %(total)s svar från förvaltningarna är godkända.")
            % {"title": round.title, "approved": approved, "total": total}
        )
        figures.append([_("Godkända uppföljningssvar"), f"{approved} / {total}"])
    costs = cost_summary(program)
    if not costs.is_empty:
        t = costs.total
        paragraphs.append(
            _(
                "Arbetet har hittills krävt %(hours)s timmar och sammanlagt %(total)s, varav %(share)s %% "
                "inom befintliga budgetar."
            )
            % {"hours": format_hours(t.hours), "total": format_sek(t.total_sek), "share": t.existing_share}
        )
        figures += [
            [_("Nedlagd tid (timmar)"), format_hours(t.hours)],
            [_("Kostnad totalt"), format_sek(t.total_sek)],
            [_("Andel inom befintlig ram"), f"{t.existing_share} %"],
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
            _("Återremissen ställde %(total)s krav; %(resolved)s av dem är tillgodosedda.")
            % {"total": n_total, "resolved": n_resolved}
        )
        figures.append([_("Krav från återremissen som är tillgodosedda"), f"{n_resolved} / {n_total}"])
    if sections:
        paragraphs.append(
            _("Rapporten tar upp: %(titles)s.") % {"titles": ", ".join(s.title.lower() for s in sections)}
        )
    return Section(
        title=_("Sammanfattning"),
        paragraphs=paragraphs,
        tables=[Table(caption=_("Nyckeltal"), headers=[_("Uppgift"), _("Värde")], rows=figures)],
    )


def build_content(program: Program, *, by=None, progress: Progress | None = None) -> ReportContent:
    report = progress or (lambda pct, msg: None)
    report(10, _("Hämtar avsnitten …"))
    sections = collect_sections(program)
    report(40, _("Sammanfattar …"))
    summary = summary_section(program, sections)
    built = timezone.localtime()
    facts = [
        (_("Kommun"), program.municipality.name),
        (_("Program"), program.title),
        (_("Period"), program.period_label),
        (_("Skapad"), built.strftime("%Y-%m-%d %H:%M")),
    ]
    if program.dnr:
        facts.insert(2, (_("Diarienummer"), program.dnr))
    if by is not None:
        facts.append((_("Sammanställd av"), by.get_full_name() or by.get_username()))
    return ReportContent(
        title=report_title(program),
        municipality=program.municipality.name,
        program=program.title,
        facts=facts,
        sections=[summary, *sections],
    )
