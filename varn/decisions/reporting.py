"""The decision trail's part of the report to the politicians: each requirement of a referral back
and how it was met."""

from __future__ import annotations

from varn.core.reporting import Section, Table

from .models import ReferralRequirement


def section(program) -> Section | None:
    requirements = list(
        ReferralRequirement.objects.filter(
            municipality_id=program.municipality_id, decision__case__program=program
        )
        .select_related("decision", "resolved_measure", "resolved_decision")
        .order_by("decision__meeting_date", "decision_id", "position")
    )
    if not requirements:
        return None
    rows = []
    for r in requirements:
        how = r.resolved_by_label() if r.is_resolved else "–"
        if r.resolution:
            how = f"{how}. {r.resolution}" if how != "–" else r.resolution
        rows.append(
            [
                r.text,
                r.decision.reference,
                r.get_status_display(),
                how,
                r.resolved_on.isoformat() if r.resolved_on else "–",
            ]
        )
    open_count = sum(1 for r in requirements if not r.is_resolved)
    summary = f"Återremissen ställde {len(requirements)} krav. " + (
        "Alla har tillgodosetts." if not open_count else f"{open_count} är ännu inte tillgodosedda."
    )
    return Section(
        title="Krav vid återremiss och hur de har mötts",
        paragraphs=[summary],
        tables=[
            Table(
                caption="Krav vid återremiss",
                headers=["Krav", "Beslut", "Status", "Hur kravet möttes", "Datum"],
                rows=rows,
            )
        ],
    )
