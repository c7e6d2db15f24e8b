"""The procedure layer: yrkanden, propositionsordning and voteringar decide what was adopted, rejected
or referred back (återremiss), and what the decision and its beslutsunderlag are. Pure."""

from __future__ import annotations

import re

from varn.reading.textnorm import fold

from .amendments import labelled, moved
from .fields import kind_and_outcome, referral_reasons
from .flow import Flow
from .headings import section_of
from .layout import Line, Output
from .model import ParsedAmendment, ParsedAttachment, ParsedParagraph

# List marks, OCR's too ("e", "o", "eo", "0" for a bullet before a capital).
BULLET_RX = re.compile(r"^\s*(?:[•\-–—*·▪●■◦○»>+]|(?:eo|[eo0])(?=\s+[A-ZÅÄÖ§0-9])|\d{1,2}[.)](?=\s))\s*")


# "Ärendet återremitteras …", not a hypothesis ("… skulle återremitteras", "kan återremitteras").
_REFERRED_RX = re.compile(r"(?<!skulle )(?<!kan )(?<!kunde )(?<!bor )(?:aterremitt\w*|aterremiss\b)")


def referral(out: Output, p: ParsedParagraph, sections) -> None:
    decision_flows = [(f, ls) for k, f, ls in sections if k == "decision"]
    motions = [(f, ls) for k, f, ls in sections if k in ("motions", "proposal")]
    procedure_text = " ".join(f.folded for k, f, _ in sections if k in ("procedure", "motions", "decision"))
    referred = None
    for flow, _ls in decision_flows:
        m = _REFERRED_RX.search(flow.folded)
        if m and not re.search(r"avsla\w*\s+(?:\w+\s+){0,3}aterremiss", flow.folded):
            referred = referral_reasons(out, flow, m.start(), len(flow.text))
            if not referred:  # reasons in a list after the sentence
                referred = _listed_reasons(out, flow, m.end())
            p.referral_lines = flow.lines_of(m.start(), len(flow.text))
            break
    moved_reasons: list[str] | None = None
    moved_lines = (0, 0)
    for flow, _ls in motions:
        for s, e in flow.sentences():
            if re.search(r"yrka\w*.{0,80}aterremi|aterremissyrkande", flow.folded[s:e]):
                m = re.search(r"aterremi\w*", flow.folded[s:e])
                start = s + (m.start() if m else 0)
                moved_reasons = referral_reasons(out, flow, start, e) or []
                moved_lines = flow.lines_of(s, e)
                break
        if moved_reasons is not None:
            break
    if referred is not None:
        p.referral_back = referred or (moved_reasons or [])
        return
    if moved_reasons is not None:
        decided_today = re.search(
            r"avgoras\s+(?:i\s*dag|vid\s+dagens|pa\s+dagens)|avgora\s+arendet\s+(?:i\s*dag|vid\s+dagens)"
            r"|avsla\w*\s+(?:\w+\s+){0,3}aterremiss|avslag\s+(?:pa|till)\s+(?:\w+\s+){0,3}aterremiss",
            procedure_text,
        )
        vote = _vote_winner(procedure_text)
        if decided_today or (vote and "avgor" in vote) or decision_flows:
            p.rejected_referral_back = moved_reasons
            p.referral_lines = moved_lines


def _listed_reasons(out: Output, flow: Flow, start: int) -> list[str]:
    tail = flow.text[start:]
    items = re.findall(r"(?:^|\s)[•\-–]\s+([^•\-–]+)", tail)
    return [out(i.strip(" .;")) or "" for i in items if len(i.strip()) > 3]


# Amendments


def amendments(out: Output, p: ParsedParagraph, sections) -> None:
    found: list[tuple[ParsedAmendment, str]] = []  # (amendment, status)
    procedure = " ".join(f.folded for k, f, _ in sections if k in ("procedure", "decision"))
    for kind, flow, lines in sections:
        if kind not in ("proposal", "motions", "procedure", "decision"):
            continue
        for amendment in labelled(out, lines, kind):
            found.append((amendment, "adopted" if kind != "motions" else _verdict(procedure, amendment)))
        if kind == "motions":
            for amendment in moved(out, flow):
                found.append((amendment, _verdict(procedure, amendment)))
        if kind in ("decision", "procedure"):
            found.extend((amendment, "adopted") for amendment in _written_changes(out, flow, kind))
    decided_keys = {a.dedup_key() for a, _s in found if a.section == "decision"}
    # Of the same change stated twice, keep the wording of the decision itself.
    found.sort(key=lambda item: item[0].section != "decision")
    seen: dict[tuple, ParsedAmendment] = {}
    for amendment, status in found:
        key = amendment.dedup_key()
        if key in seen:
            continue
        seen[key] = amendment
        if key in decided_keys or status == "adopted":
            p.amendments.append(amendment)
        else:
            p.rejected_amendments.append(amendment)


# A change written into the decision or the chair's finding: "… antas med följande ändring: …",
# "… i enlighet med förslaget, med ändringen att riktlinjen börjar gälla den 1 maj 2026, och finner
# att …", "… beviljas, med tillägget: under förutsättning att …".
_WRITTEN_CHANGE_RX = re.compile(
    r"\bmed\s+(?:(?:for)?andringen|tillagget|foljande\s+(?:andring|andringar|tillagg))\s*(?:att\b|:)\s*"
)
_CHANGE_END_RX = re.compile(r",?\s+och\s+finner\b|\.(?:\s|$)|\n\n")


def _written_changes(out: Output, flow: Flow, section: str) -> list[ParsedAmendment]:
    found = []
    for s, e in flow.sentences():
        folded = flow.folded[s:e]
        if section == "procedure" and "finner" not in folded:
            continue  # only the chair's finding, not a yrkande retold
        for m in _WRITTEN_CHANGE_RX.finditer(flow.folded, s, e):
            end = _CHANGE_END_RX.search(flow.text, m.end())
            stop = end.start() if end and end.start() <= e + 1 else e
            text = flow.text[m.end() : stop].strip(" ,;:")
            if len(text) < 3:
                continue
            found.append(
                ParsedAmendment(
                    label=None,
                    page=None,
                    heading=None,
                    column=None,
                    anchor_text=None,
                    operation="append",
                    text=out(text),
                    old_text=None,
                    lines=flow.lines_of(m.start(), stop),
                    source=flow.text[s:e],
                    section="decision",
                )
            )
    return found


def attachments(out: Output, p: ParsedParagraph, sections) -> None:
    for kind, _flow, lines in sections:
        if kind != "attachments":
            continue
        texts = [ln for ln in lines if ln.text.strip()]
        has_bullets = any((m := BULLET_RX.match(ln.text)) is not None and m.end() > 0 for ln in texts)
        items: list[list[Line]] = []
        for ln in texts:
            bullet = BULLET_RX.match(ln.text)
            starts_item = (bullet is not None and bullet.end() > 0) or not has_bullets
            stripped = ln.text[bullet.end() :] if bullet else ln.text
            if starts_item or not items:
                items.append([Line(ln.number, stripped, fold(stripped), ln.page)])
            else:
                items[-1].append(Line(ln.number, stripped, fold(stripped), ln.page))
        for item in items:
            title = out(Flow.of(item).text) or ""
            if len(title) > 2:
                p.attachments.append(ParsedAttachment(title[:300], (item[0].number, item[-1].number)))


_DECIDED_RX = re.compile(
    r"\b(?:noteras|godkanns|antas|avslas|bifalls|faststalls|laggs\s+till\s+handlingarna|beslutar|beslutade)\b"
)


def _stated_decision(out: Output, sections) -> str:
    """With no decision section, the decision is the sentence that states it, where the paragraph
    ends ("Meddelandena noteras.")."""
    for kind, flow, _lines in reversed(sections):
        if kind not in ("description", "procedure"):
            continue
        parts = [part for part in flow.text.split("\n\n") if part.strip()]
        if parts and len(parts[-1]) < 300 and _DECIDED_RX.search(fold(parts[-1])):
            return out(parts[-1]) or ""
        return ""
    return ""


def decision_text(out: Output, lines: list[Line]) -> str:
    """The decision's paragraphs and points, each on its own, separated by a blank line: a point
    starts at a list mark or after a blank line; list marks and lines of only rules ("____") go."""
    parts: list[list[Line]] = [[]]
    for line in lines:
        text = line.text.strip()
        if not text:
            parts.append([])
            continue
        if not re.search(r"[A-Za-zÅÄÖåäö0-9]", text):
            continue
        bullet = BULLET_RX.match(text)
        if bullet and bullet.end() > 0:
            if not re.match(r"\s*\d", text):  # a point's number is kept: "1. Årsredovisningen godkänns."
                text = text[bullet.end() :]
            parts.append([])
        elif section_of(fold(text)) == "proposal":  # "Förslag till beslut i kommunfullmäktige"
            parts.append([])
            parts[-1].append(Line(line.number, text, fold(text), line.page))
            parts.append([])
            continue
        parts[-1].append(Line(line.number, text, fold(text), line.page))
    return "\n\n".join(out(Flow.of(part).text) or "" for part in parts if part)


def decision(out: Output, p: ParsedParagraph, sections) -> None:
    chosen = [(f, ls) for k, f, ls in sections if k == "decision"] or [
        (f, ls) for k, f, ls in sections if k == "proposal"
    ]
    if chosen:
        _flow, lines = chosen[0]
        p.decision = decision_text(out, lines)
        numbered = [ln.number for ln in lines if ln.text.strip()]
        p.decision_lines = (numbered[0], numbered[-1]) if numbered else (0, 0)
    else:
        p.decision = _stated_decision(out, sections)
    text = fold(p.decision)
    if p.referral_back is not None:
        p.kind, p.outcome = "referral_back", "referred_back"
    elif re.search(
        r"forslag till beslut i|foresla\w*\s+(?:\w+\s+){0,2}(?:kommunfullmaktige|kommunstyrelsen)"
        r"|\bforeslar\b|\bforeslas\b",
        text,
    ):
        p.kind, p.outcome = "proposal", "proposed"
    elif re.search(r"\bantas\b|\banta\b|\bantar\b|\bantogs\b", text):
        p.kind, p.outcome = "adoption", "adopted"
    else:
        _kind, outcome = kind_and_outcome("", text, True)
        p.kind, p.outcome = "decision", outcome


_VOTE_RX = re.compile(
    r"ja-?\s*rost\w*\s+(?:for|till)\s+(?P<ja>.{0,120}?)[,;]?\s*(?:och\s+)?nej-?\s*rost\w*\s+(?:for|till)\s+"
    r"(?P<nej>.{0,120}?)(?:[.;]|$)"
)
_COUNT_RX = re.compile(
    r"(\d{1,3})\s+ja-?\s*rost\w*.{0,40}?(\d{1,3})\s+nej-?\s*rost|(\d{1,3})\s+nej-?\s*rost\w*.{0,40}?(\d{1,3})\s+ja-?\s*rost"
)


def _vote_winner(text: str) -> str | None:
    """What the winning side voted for: "Ja-röst för X, nej-röst för Y … 8 ja-röster mot 5 nej-röster"."""
    plan = _VOTE_RX.search(text)
    count = _COUNT_RX.search(text)
    if not plan or not count:
        return None
    if count.group(1):
        ja, nej = int(count.group(1)), int(count.group(2))
    else:
        nej, ja = int(count.group(3)), int(count.group(4))
    return plan.group("ja") if ja > nej else plan.group("nej")


def _verdict(procedure: str, amendment: ParsedAmendment) -> str:
    """Whether a moved amendment was adopted or rejected, from the beslutsgång."""
    sentences = re.split(r"(?<=[.!?])\s+", procedure)
    party = None
    if amendment.label:
        m = re.search(r"\((\w{1,4})\)", amendment.label)
        party = fold(m.group(1)) if m else None
    for sentence in sentences:
        if not re.search(r"tillaggsyrkande|andringsyrkande|tillagg\w*|detsamma|yrkandet", sentence):
            continue
        if party and re.search(r"\(\w{1,4}\)", sentence) and f"({party})" not in sentence:
            continue
        verdict_part = re.split(
            r"finner\s+att|beslut\w*\s+att|har\s+(?:darmed|saledes)\s+beslutat\s+att", sentence
        )[-1]
        if re.search(r"\bavsla\w*|\bavslag", verdict_part):
            return "rejected"
        if re.search(r"\bbifall\w*|\bbifaller|\bantar", verdict_part):
            return "adopted"
    winner = _vote_winner(procedure)
    if winner and re.search(r"tillagg|andring", winner):
        return "rejected" if re.search(r"avslag|avsla", winner) else "adopted"
    return "rejected"
