"""The segmentation layer: where each paragraph (§) starts, its heading (title and case number), and
its sections (description, yrkanden, beslutsgång, beslut, beslutsunderlag …). A table of contents
that lists the paragraphs before them is recognised and skipped. Pure."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from varn.reading.textnorm import fold

from .dates import DATE_RX
from .fields import LABELLED_DNR_RX, case_numbers
from .flow import Flow, clean
from .headings import HEADING_RX, section_of
from .layout import Line

Start = tuple[int, int, re.Match[str]]
Sections = list[tuple[str, Flow, list[Line]]]


def paragraph_starts(lines: list[Line]) -> list[Start]:
    """(line index, number, match) of each paragraph heading, in increasing § order."""
    candidates: list[tuple[int, int, re.Match[str]]] = []
    for i, line in enumerate(lines):
        if line.removed or "§" not in line.text:
            continue
        m = HEADING_RX.match(line.text)
        rest = m.group("rest") or "" if m else ""
        # Not a heading: "§ 12, 2024-03-05 …" (a reference), "§148)." (a reference wrapped onto its
        # line), "§ 74-§ 83" (the paragraphs of the meeting, in its attendance box).
        if m and not DATE_RX.match(fold(rest)) and not re.match(r"[).,;:\]\-–]|och\s+§|§", rest):
            candidates.append((i, int(m.group("num")), m))
    if not candidates:
        return []
    # A table of contents lists the paragraphs first: of several headings with one number,
    # keep the one with the most text after it.
    length = {}
    for k, (i, _num, _m) in enumerate(candidates):
        nxt = candidates[k + 1][0] if k + 1 < len(candidates) else len(lines)
        length[i] = sum(1 for ln in lines[i:nxt] if ln.text.strip() and not ln.removed)
    best: dict[int, int] = {}
    for i, num, _m in candidates:
        if num not in best or length[i] > length[best[num]]:
            best[num] = i
    kept = [c for c in candidates if best[c[1]] == c[0]]
    return _increasing(kept)


def _increasing(candidates: list[Start]) -> list[Start]:
    """The longest run of headings whose numbers increase (a stray "§ 148" does not hide the rest)."""
    tails: list[int] = []  # tails[k]: index of the smallest last number of an increasing run of k + 1
    previous: list[int] = [-1] * len(candidates)
    for k, (_i, number, _m) in enumerate(candidates):
        pos = bisect.bisect_left([candidates[t][1] for t in tails], number)
        if pos > 0:
            previous[k] = tails[pos - 1]
        if pos == len(tails):
            tails.append(k)
        else:
            tails[pos] = k
    run: list[Start] = []
    k = tails[-1] if tails else -1
    while k >= 0:
        run.append(candidates[k])
        k = previous[k]
    return run[::-1]


@dataclass
class Heading:
    case_number: str | None
    title: str
    body: list[Line]  # the paragraph's lines after its heading


def _take_case_numbers(text: str, numbers: list[str]) -> str:
    """The line without its case numbers (added to `numbers`) and their labels."""
    found = case_numbers(text)
    for _s, _e, value in found:
        value = clean(value)
        if value not in numbers:
            numbers.append(value)
    for s, e, _value in reversed(found):
        text = text[:s] + " " + text[e:]
    text = re.sub(r"\b(dnr|diarienr|diarienummer)\.?:?\s*$", "", clean(text), flags=re.I)
    return text.strip(" ,-–")


def heading(m: re.Match[str], lines: list[Line], before: list[Line] | None = None) -> Heading:
    """A paragraph's title and case number(s), on its heading line or the lines right after it (or a
    "Dnr" line right before it, as extracts print it)."""
    content = [ln for ln in lines[1:] if not ln.removed]
    numbers: list[str] = []
    title_parts: list[str] = []
    rest = _take_case_numbers((m.group("rest") or "").strip(), numbers)
    if rest and re.search(r"[A-Za-zÅÄÖåäö]{3,}", rest):
        title_parts.append(rest)
    body_start = 0
    for j, line in enumerate(content[:6]):
        t = line.text.strip()
        if not t:
            if title_parts:
                body_start = j + 1
                break
            continue
        if section_of(line.folded):
            body_start = j
            break
        if len(title_parts) >= 2 or (title_parts and t[:1].isupper() and len(t) > 80):
            body_start = j
            break
        found = case_numbers(t)
        if found and (len(t) < 60 or LABELLED_DNR_RX.search(t)):
            t = _take_case_numbers(t, numbers)
        if t and re.search(r"[A-Za-zÅÄÖåäö]{3,}", t):
            title_parts.append(t)
        body_start = j + 1
    if not numbers and before:
        for line in before[-3:]:
            if LABELLED_DNR_RX.match(line.text.strip()):
                _take_case_numbers(line.text.strip(), numbers)
    case_number = ", ".join(numbers) or None
    return Heading(
        case_number=case_number,
        title=" ".join(title_parts),
        body=content[body_start:],
    )


_NOTE_START_RX = re.compile(r"\s*(?:Anteckning|Protokollsanteckning|Reservation|Särskilt yttrande)\b")


def sections(lines: list[Line]) -> Sections:
    """The paragraph split at its section headings: [(kind, flow, lines)]."""
    out: list[tuple[str, list[Line]]] = [("description", [])]
    for line in lines:
        kind = section_of(line.folded)
        if kind is None and _NOTE_START_RX.match(line.text):
            kind = "other"  # "Anteckning Anna Andersson (S) lämnar följande protokollsanteckning: …"
            out.append((kind, [line]))
            continue
        if kind and out[-1][0] == "decision" and kind == "proposal" and " i " in line.folded:
            kind = None  # "Förslag till beslut i kommunfullmäktige" inside the decision
        if kind:
            out.append((kind, []))
            if ":" in line.text:
                after = line.text.split(":", 1)[1].strip()
                if after:
                    out[-1][1].append(Line(line.number, after, fold(after), line.page))
            continue
        out[-1][1].append(line)
    return [(kind, Flow.of(ls), ls) for kind, ls in out if any(ln.text.strip() for ln in ls)]
