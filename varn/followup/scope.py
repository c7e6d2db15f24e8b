"""What one report covers and says beyond the figures: the follow-up round, the years, the body
it goes to and the coordinator's own text sections. Plain data, made from the ReportDraft (or the
defaults when there is none), given to the report builder and to the sections that use it."""

from __future__ import annotations

from dataclasses import dataclass, field

from varn.programs.models import Program

from .models import FollowUpRound, ReportDraft


@dataclass(frozen=True)
class ReportScope:
    round: FollowUpRound | None
    year_from: int
    year_to: int
    body: str = ""
    dnr: str = ""
    # ReportDraft.TEXT_FIELDS → the coordinator's text; a missing or blank one means the suggestion.
    texts: dict[str, str] = field(default_factory=dict)

    @property
    def years_label(self) -> str:
        if self.year_from == self.year_to:
            return str(self.year_from)
        return f"{self.year_from}\u2013{self.year_to}"

    def text(self, name: str) -> str:
        return (self.texts.get(name) or "").strip()


def latest_round(program: Program) -> FollowUpRound | None:
    return (
        FollowUpRound.objects.filter(program=program, opened_at__isnull=False)
        .order_by("-opened_at", "-pk")
        .first()
    )


def default_scope(program: Program) -> ReportScope:
    """The coordinator's draft if there is one, else the newest opened round and the programme's
    whole period."""
    draft = ReportDraft.objects.filter(program=program).select_related("round").first()
    if draft is not None:
        return scope_from_draft(draft)
    return ReportScope(
        round=latest_round(program),
        year_from=program.period_start,
        year_to=program.period_end,
        dnr=program.dnr,
    )


def scope_from_draft(draft: ReportDraft) -> ReportScope:
    return ReportScope(
        round=draft.round,
        year_from=draft.year_from,
        year_to=draft.year_to,
        body=draft.body,
        dnr=draft.dnr,
        texts={name: getattr(draft, name) for name in ReportDraft.TEXT_FIELDS},
    )


def draft_for(program: Program) -> ReportDraft:
    """The programme's report draft, or a new unsaved one with the defaults."""
    draft = ReportDraft.objects.filter(program=program).select_related("round").first()
    if draft is None:
        draft = ReportDraft(
            municipality_id=program.municipality_id,
            program=program,
            round=latest_round(program),
            year_from=program.period_start,
            year_to=program.period_end,
            dnr=program.dnr,
        )
    return draft
