"""The data classes the reader returns, with the exact `parse_protocol --json` shape (`as_json`)
and, for the review screen, where each item came from (`as_review`). Pure."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from varn.reading.textnorm import simple_key


@dataclass
class ReferencedDecision:
    body: str | None
    date: str | None
    paragraph: int | None
    outcome: str | None
    reasons: list[str] = field(default_factory=list)
    kind: str = "decision"
    body_abbreviation: str | None = None
    lines: tuple[int, int] = (0, 0)
    source: str = ""

    def as_json(self) -> dict[str, Any]:
        return {
            "body": self.body,
            "date": self.date,
            "paragraph": self.paragraph,
            "outcome": self.outcome,
            "reasons": list(self.reasons),
        }


@dataclass
class ParsedAmendment:
    label: str | None
    page: int | None
    heading: str | None
    column: int | None
    anchor_text: str | None
    operation: str
    text: str | None
    old_text: str | None
    table: int | None = None
    sentence: str | None = None
    lines: tuple[int, int] = (0, 0)
    source: str = ""
    section: str = ""

    def as_json(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "page": self.page,
            "heading": self.heading,
            "column": self.column,
            "anchor_text": self.anchor_text,
            "operation": self.operation,
            "text": self.text,
            "old_text": self.old_text,
        }

    def dedup_key(self) -> tuple:
        """The same change, whatever it is called where (a yrkande and the decision that adopts it)."""
        return (
            self.page,
            self.column,
            self.operation,
            simple_key(self.text or ""),
            simple_key(self.old_text or ""),
        )


@dataclass
class ParsedAttachment:
    title: str
    lines: tuple[int, int] = (0, 0)


@dataclass
class ParsedParagraph:
    number: int
    case_number: str | None
    title: str
    referenced_decisions: list[ReferencedDecision] = field(default_factory=list)
    referral_back: list[str] | None = None
    rejected_referral_back: list[str] | None = None
    amendments: list[ParsedAmendment] = field(default_factory=list)
    rejected_amendments: list[ParsedAmendment] = field(default_factory=list)
    decision: str = ""
    attachments: list[ParsedAttachment] = field(default_factory=list)
    kind: str = "decision"
    outcome: str | None = None
    lines: tuple[int, int] = (0, 0)
    referral_lines: tuple[int, int] = (0, 0)
    decision_lines: tuple[int, int] = (0, 0)

    def as_json(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "case_number": self.case_number,
            "title": self.title,
            "referenced_decisions": [r.as_json() for r in self.referenced_decisions],
            "referral_back": None if self.referral_back is None else {"reasons": list(self.referral_back)},
            "rejected_referral_back": None
            if self.rejected_referral_back is None
            else {"reasons": list(self.rejected_referral_back)},
            "amendments": [a.as_json() for a in self.amendments],
            "rejected_amendments": [a.as_json() for a in self.rejected_amendments],
            "decision": self.decision,
            "attachments": [a.title for a in self.attachments],
        }


@dataclass
class ParsedProtocol:
    municipality: str | None
    body: str | None
    meeting_date: str | None
    paragraphs: list[ParsedParagraph]
    municipality_code: str | None = None
    body_abbreviation: str | None = None
    source_lines: list[str] = field(default_factory=list)
    text_hash: str = ""

    def as_json(self) -> dict[str, Any]:
        """Exactly the shape of `parse_protocol --json`."""
        return {
            "municipality": self.municipality,
            "body": self.body,
            "meeting_date": self.meeting_date,
            "paragraphs": [p.as_json() for p in self.paragraphs],
        }

    def as_review(self) -> dict[str, Any]:
        """The JSON shape plus where each item came from, for the review screen (plain data)."""
        data = self.as_json()
        data["municipality_code"] = self.municipality_code
        data["body_abbreviation"] = self.body_abbreviation
        data["text_hash"] = self.text_hash
        data["source_lines"] = self.source_lines
        for p, pj in zip(self.paragraphs, data["paragraphs"], strict=True):
            pj["lines"] = list(p.lines)
            pj["kind"] = p.kind
            pj["outcome"] = p.outcome
            pj["referral_lines"] = list(p.referral_lines)
            pj["decision_lines"] = list(p.decision_lines)
            for r, rj in zip(p.referenced_decisions, pj["referenced_decisions"], strict=True):
                rj.update(kind=r.kind, body_abbreviation=r.body_abbreviation, lines=list(r.lines))
            for items, key in ((p.amendments, "amendments"), (p.rejected_amendments, "rejected_amendments")):
                for a, aj in zip(items, pj[key], strict=True):
                    aj.update(lines=list(a.lines), table=a.table, sentence=a.sentence)
            pj["attachment_lines"] = [list(a.lines) for a in p.attachments]
        return data
