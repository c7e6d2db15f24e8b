"""Reading a municipal protocol (protokoll, protokollsutdrag) into plain data, in layers.

`parse_protocol(text)` is a pure function: it never touches the database and never raises on odd
input (a property test feeds it random and mutated text). The layers, each its own module:

- `layout`: lines on pages; page headers, footers and signature boxes; OCR repair of the text;
- `segmentation`: where each § starts (tables of contents skipped), its heading and its sections;
- `fields`: body, meeting date, municipality, case numbers, referenced decisions;
- `amendments` and `procedure`: yrkanden, beslutsgång, voteringar → what was adopted, rejected or
  referred back; the decision and its beslutsunderlag.

`ParsedProtocol.as_json()` gives the shape `manage.py parse_protocol --json` prints; `as_review()`
adds, for the review screen, where in the source each item came from."""

from __future__ import annotations

from .bodies import body_from_abbreviation
from .fields import metadata, municipality
from .layout import Line, Output, header_zones, prepare, text_hash_of
from .model import ParsedAmendment, ParsedAttachment, ParsedParagraph, ParsedProtocol, ReferencedDecision
from .procedure import amendments, attachments, decision, referral
from .references import Context, known_abbreviations, references
from .segmentation import heading, paragraph_starts, sections

__all__ = [
    "ParsedAmendment",
    "ParsedAttachment",
    "ParsedParagraph",
    "ParsedProtocol",
    "ReferencedDecision",
    "parse_protocol",
]


def _header_lines(lines: list[Line]) -> list[Line]:
    """The page header zones, and one copy of each running header line, for the metadata."""
    header = header_zones(lines)
    seen: set[str] = set()
    for line in lines:
        if line.repeated and line.folded not in seen:
            seen.add(line.folded)
            header.append(line)
    return header


def parse_protocol(text: str) -> ParsedProtocol:
    """Read a protocol's text. Never raises on odd input; returns what it could find."""
    if not isinstance(text, str):
        text = str(text or "")
    lines = prepare(text)
    header = _header_lines(lines)
    out = Output(text)
    starts = paragraph_starts(lines)
    body, meeting, meta_lines = metadata(lines, header, starts[0][0] if starts else min(len(lines), 40))
    if body is None and starts and starts[0][2].group("abbr"):
        body = body_from_abbreviation(starts[0][2].group("abbr"))
    found = municipality(lines, meta_lines)
    content = [ln for ln in lines if not ln.removed]
    known = known_abbreviations([(ln.folded, ln.text) for ln in content])
    if body is not None:
        known[body.abbreviation] = body.name
    ctx = Context(meeting, body, known, {number for _i, number, _m in starts})
    paragraphs = []
    for k, (i, number, m) in enumerate(starts):
        end = starts[k + 1][0] if k + 1 < len(starts) else len(lines)
        own = lines[i:end]
        previous_end = starts[k - 1][0] + 1 if k else 0
        before = [ln for ln in lines[max(previous_end, i - 6) : i] if not ln.removed and ln.text.strip()]
        head = heading(m, own, before)
        parts = sections(head.body)
        p = ParsedParagraph(
            number=number,
            case_number=head.case_number,
            title=out(head.title) or "",
            lines=(own[0].number, own[-1].number),
        )
        references(out, p, parts, ctx)
        referral(out, p, parts)
        amendments(out, p, parts)
        attachments(out, p, parts)
        decision(out, p, parts)
        paragraphs.append(p)
    return ParsedProtocol(
        municipality=found.official_name if found else None,
        municipality_code=found.code if found else None,
        body=body.name if body else None,
        body_abbreviation=body.abbreviation if body else None,
        meeting_date=meeting,
        paragraphs=paragraphs,
        source_lines=[ln.text for ln in lines],
        text_hash=text_hash_of(lines),
    )
