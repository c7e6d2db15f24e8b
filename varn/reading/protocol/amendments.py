"""Reading ändrings- and tilläggsyrkanden: the labelled ones ("Tillägg 1: …"), the ones moved in a
sentence ("X (L) yrkar tillägg: …") and where and how each changes the document (page, heading,
column, anchor, operation, text). Pure."""

from __future__ import annotations

import re

from varn.reading.textnorm import fold

from .flow import Flow, clean, strip_quotes
from .headings import section_of
from .layout import Line, Output
from .model import ParsedAmendment

QUOTED_RX = re.compile(r"\"([^\"]{1,2000})\"")
LABEL_RX = re.compile(
    r"^(?P<label>(?:tillaggsyrkande|tillagg|andringsyrkande|andring|strykning|tillaggsforslag)"
    r"(?:\s*(?:nr\.?\s*)?(?P<n>\d{1,3}))?)\s*[:.\-–]?\s*(?P<rest>.*)$"
)
OPERATION_RXS = [
    (
        "add_bullet",
        re.compile(
            r"(?:laggs|lagg|tillfors|infogas|tillkommer|laggs\s+det)\s+(?:till\s+)?(?:en\s+)?(?:ny\s+)?"
            r"(?:punkt|strecksats|att-?sats|rad)|ny\s+(?:punkt|strecksats)|(?:en\s+)?punkt\s+laggs\s+till"
            r"|laggs\s+till\s+(?:en\s+)?(?:ny\s+)?punkt"
        ),
    ),
    ("replace", re.compile(r"\bersatts\b|andras\s+till|byts\s+ut\s+mot|ska\s+ersattas\b")),
    ("delete", re.compile(r"\bstryks\b|ska\s+strykas|tas\s+bort|utgar\b")),
    (
        "insert",
        re.compile(
            r"nytt\s+stycke|ett\s+nytt\s+stycke|infogas|ny\s+mening|nytt\s+avsnitt"
            r"|laggs\s+(?:foljande|en)\s+(?:ny\s+)?mening\s+till"
        ),
    ),
    (
        "append",
        re.compile(
            r"laggs\s+(?:foljande\s+)?(?:text\s+)?(?:till|in)|tillfors|kompletteras\s+med"
            r"|lagga\s+till|tillagg\s+av|foljande\s+tillagg"
        ),
    ),
]
PAGE_RX = re.compile(r"\b(?:pa\s+)?(?:sidan|sida|sid\.?|s\.)\s*(\d{1,4})\b")
HEADING_REF_RX = re.compile(
    r"under\s+(?:rubriken|avsnittet|kapitlet|underrubriken)\s+(?P<q>\")?(?P<h>[^\",.;:]{1,120}?)(?(q)\")"
    r"(?=\s*[,.;:]|\s+(?:i|pa|efter|fore|laggs|andras|stryks|ska|tillfors|sista|forsta|andra|tredje)\b|\s*$)"
)
ORDINALS = {
    "forsta": 1,
    "andra": 2,
    "tredje": 3,
    "fjarde": 4,
    "femte": 5,
    "sjatte": 6,
    "sjunde": 7,
    "attonde": 8,
    "nionde": 9,
    "tionde": 10,
    "sista": -1,
}
COLUMN_RX = re.compile(
    r"\b(" + "|".join(ORDINALS) + r"|\d{1,2})(?::e|:a|e)?\s+kolumnen\b|\bkolumn\s+(\d{1,2})\b"
)
TABLE_RX = re.compile(r"\btabell(?:en)?\s*(?:nr\.?\s*)?(\d{1,2})?\b")
SENTENCE_REF_RX = re.compile(r"\b(" + "|".join(ORDINALS) + r")\s+meningen\b")
ANCHOR_RX = re.compile(
    r"\b(?:efter|direkt\s+efter)\s+(?:orden?\s+|texten\s+|meningen\s+|formuleringen\s+)?\"([^\"]{1,600})\""
)


def labelled(out: Output, lines: list[Line], section: str) -> list[ParsedAmendment]:
    """ "Tillägg 1" followed by its instruction (on the same line or the next paragraph)."""
    found = []
    i = 0
    while i < len(lines):
        line = lines[i]
        m = LABEL_RX.match(line.folded.strip())
        if not m or (not m.group("rest") and len(line.folded.strip()) > 30):
            i += 1
            continue
        label_text = line.text.strip()[: m.end("label")]
        block: list[Line] = []
        rest = line.text.strip()[m.start("rest") :] if m.group("rest") else ""
        if rest:
            block.append(Line(line.number, rest, fold(rest), line.page))
        j = i + 1
        while j < len(lines):
            nxt = lines[j]
            if LABEL_RX.match(nxt.folded.strip()) and len(nxt.folded.strip()) <= 30:
                break
            if not nxt.text.strip():
                if block and _instruction_complete(block):
                    break
                j += 1
                continue
            if block and section_of(nxt.folded):
                break
            block.append(nxt)
            j += 1
        flow = Flow.of(block)
        amendment = _instruction(out, flow, 0, len(flow.text), label_text, section)
        if amendment is not None:
            amendment.lines = (line.number, block[-1].number if block else line.number)
            found.append(amendment)
        i = j
    return found


def moved(out: Output, flow: Flow) -> list[ParsedAmendment]:
    """Tilläggsyrkanden written as sentences: "X (L) yrkar tillägg: på sidan 4 ... läggs till ..."
    The instruction runs to the next yrkande or the end of the paragraph of text."""
    found = []
    spans = flow.sentences()
    moved = re.compile(
        r"yrka\w*\s+(?:\w+\s+){0,3}(?:tillagg|andring)|tillaggsyrkande|andringsyrkande"
        r"|yrka\w*\s+bifall\s+till\s+(?:\w+\s+){0,4}med\s+(?:andringen|tillagget)"
    )
    for k, (s, e) in enumerate(spans):
        sentence = flow.folded[s:e]
        if not moved.search(sentence):
            continue
        end = e
        for s2, e2 in spans[k + 1 :]:
            if "yrka" in flow.folded[s2:e2] or "\n\n" in flow.text[end:s2]:
                break
            end = e2
        party = re.search(r"\(([A-ZÅÄÖa-z]{1,4})\)", flow.text[s:e])
        label = "Tilläggsyrkande" if "tillagg" in sentence else "Ändringsyrkande"
        if party:
            label += f" ({party.group(1)})"
        amendment = _instruction(out, flow, s, end, label, "motions")
        if amendment is not None:
            amendment.lines = flow.lines_of(s, end)
            found.append(amendment)
    return found


def _instruction(
    out: Output, flow: Flow, s: int, e: int, label: str | None, section: str
) -> ParsedAmendment | None:
    """Read where and how a text is to change: page, heading, column, anchor, operation, text."""
    folded = flow.folded[s:e]
    text = flow.text[s:e]
    # A yrkande that quotes its whole instruction ('yrkar tillägg: "På sidan 5 … "x"."'): blank
    # the outer quotes (same length, so positions stay aligned with the folded text).
    outer = re.search(r"\"(?=\s*pa\s+sid)", folded)
    if (outer and folded.count('"') % 2 == 1) or (outer and folded.count('"') >= 4):
        last = folded.rfind('"')
        cut = [outer.start()] + ([last] if folded.count('"') % 2 == 0 else [])
        for i in cut:
            folded = folded[:i] + " " + folded[i + 1 :]
            text = text[:i] + " " + text[i + 1 :]
    operation = None
    op_match = None
    for name, rx in OPERATION_RXS:
        op_match = rx.search(folded)
        if op_match:
            operation = name
            break
    if operation is None or op_match is None:
        return None
    page = PAGE_RX.search(folded)
    heading = HEADING_REF_RX.search(folded)
    column = COLUMN_RX.search(folded)
    table = TABLE_RX.search(folded)
    sentence = SENTENCE_REF_RX.search(folded)
    anchor = ANCHOR_RX.search(folded)
    quotes = [(m.start(1), m.end(1)) for m in QUOTED_RX.finditer(folded)]
    new_text: str | None = None
    old_text: str | None = None
    after_verb = op_match.end()
    anchor_start = anchor.start(1) if anchor else -1
    later_quotes = [q for q in quotes if q[0] >= after_verb and q[0] != anchor_start]
    earlier_quotes = [
        q for q in quotes if q[1] <= op_match.start() and not (anchor and q[0] == anchor.start(1))
    ]
    if operation == "replace":
        if earlier_quotes and later_quotes:
            old_text = text[earlier_quotes[-1][0] : earlier_quotes[-1][1]]
            new_text = text[later_quotes[0][0] : later_quotes[0][1]]
        elif len(later_quotes) >= 2:  # 'ersätts ordet "X" med "Y"'
            old_text = text[later_quotes[0][0] : later_quotes[0][1]]
            new_text = text[later_quotes[1][0] : later_quotes[1][1]]
        else:
            if anchor:
                old_text = text[anchor.start(1) : anchor.end(1)]
            elif earlier_quotes:
                old_text = text[earlier_quotes[-1][0] : earlier_quotes[-1][1]]
            new_text = (
                text[later_quotes[0][0] : later_quotes[0][1]]
                if later_quotes
                else _after_colon(text, after_verb)
            )
    elif operation == "delete":
        quoted = earlier_quotes or later_quotes
        if quoted:
            old_text = text[quoted[-1][0] : quoted[-1][1]]
        elif anchor:
            old_text = text[anchor.start(1) : anchor.end(1)]
    else:
        if later_quotes:
            new_text = text[later_quotes[0][0] : later_quotes[0][1]]
        else:
            new_text = _after_colon(text, after_verb)
    if new_text is not None:
        new_text = (
            strip_quotes(new_text).rstrip(" .") if operation == "add_bullet" else strip_quotes(new_text)
        )
        new_text = new_text.rstrip(" ,;") or None
        if new_text and operation != "add_bullet":
            new_text = new_text.rstrip(".") if not new_text.endswith("..") else new_text
    if operation in ("append", "insert", "add_bullet") and not new_text:
        return None
    if operation == "replace" and not (new_text and old_text):
        return None
    if operation == "delete" and not old_text and not (page or heading):
        return None
    heading_text = None
    if heading:
        heading_text = text[heading.start("h") : heading.end("h")].strip(' "')
    column_n = None
    if column:
        word = column.group(1) or column.group(2)
        column_n = ORDINALS.get(word) if word in ORDINALS else int(word)
    return ParsedAmendment(
        label=out(label) if label else None,
        page=int(page.group(1)) if page else None,
        heading=out(heading_text) if heading_text else None,
        column=column_n,
        anchor_text=clean(text[anchor.start(1) : anchor.end(1)]) if anchor else None,
        operation=operation,
        text=out(new_text) if new_text else None,
        old_text=clean(old_text) if old_text else None,
        table=int(table.group(1)) if table and table.group(1) else None,
        sentence={1: "first", -1: "last"}.get(ORDINALS.get(sentence.group(1), 0)) if sentence else None,
        source=clean(text),
        section=section,
    )


# Attachments and the decision


def _instruction_complete(block: list[Line]) -> bool:
    """Whether an instruction read so far is whole: its quotes closed and its sentence ended. OCR
    puts blank lines inside sentences; an instruction continues across them until it is whole."""
    text = " ".join(ln.text.strip() for ln in block)
    return text.count('"') % 2 == 0 and bool(re.search(r"[.!?\"']\s*$", text))


def _after_colon(text: str, start: int) -> str | None:
    """The text an instruction adds: what follows the colon after the verb (or the verb itself)."""
    colon = text.find(":", start)
    candidate = text[colon + 1 :] if colon >= 0 else text[start:]
    candidate = candidate.strip()
    if colon < 0:
        candidate = re.sub(r"^(?:till|in|med)\b\s*", "", candidate, flags=re.I)
    return candidate or None
