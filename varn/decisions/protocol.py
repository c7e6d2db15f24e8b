"""Reading a municipal protocol (protokoll, protokollsutdrag) into plain data.

`parse_protocol(text)` is a pure function: it never touches the database and never raises on
odd input (a property test feeds it random and mutated text). It copes with OCR noise, page
headers and footers repeated on every page, "§ 12" / "§12" / "KS § 45", dates written
"2025-10-22" or "den 25 maj 2022", case numbers in any municipality's format, yrkanden and
beslutsgång with votes, and text split across pages.

`ParsedProtocol.as_json()` gives the shape `manage.py parse_protocol --json` prints;
`as_review()` adds, for the review screen, where in the source each item came from (line numbers)
and the parser's guess of each decision's kind."""

from __future__ import annotations

import bisect
import datetime
import hashlib
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from varn.reading.textnorm import fold, lacks_diacritics, repair_ocr, restore_diacritics, simple_key

from . import municipalities
from .bodies import ABBREVIATION_RX, Body, body_from_abbreviation, find_bodies

MAX_CHARS = 5_000_000  # ~1 500 pages; longer input is read up to here

# --- Small patterns ------------------------------------------------------------------------------

MONTHS = {
    "januari": 1,
    "februari": 2,
    "mars": 3,
    "april": 4,
    "maj": 5,
    "juni": 6,
    "juli": 7,
    "augusti": 8,
    "september": 9,
    "oktober": 10,
    "november": 11,
    "december": 12,
}
_ISO_DATE = r"(?<![\d-])((?:19|20)\d\d)-(\d\d)-(\d\d)(?![\d])"
_TEXT_DATE = r"(?<!\d)([0-3]?\d)\s+(" + "|".join(MONTHS) + r")\s+((?:19|20)\d\d)(?!\d)"
DATE_RX = re.compile(_ISO_DATE + "|" + _TEXT_DATE)
DATE_LINE_RX = re.compile(r"\s*(?:den\s+)?(?:" + _ISO_DATE + "|" + _TEXT_DATE + r")\s*$")
PARA_RX = re.compile(r"§\s*(\d{1,4})(?:\s*/\s*((?:19|20)?\d\d)(?!\d))?(?![\d.,]\d)")
HEADING_RX = re.compile(
    r"^\s*(?:(?P<abbr>[A-ZÅÄÖ]{2,6})\s*)?§\s*(?P<num>\d{1,4})(?![\d/])\s*[,.:]?\s*(?P<rest>.*)$"
)
PAGE_FOOTER_RX = re.compile(
    r"^\s*(?:sida|sid\.?|s\.)\s*[\dli|]{1,4}\s*(?:\(|av|/|of)\s*\S{0,4}\s*\)?\s*$"
    r"|^\s*\d{1,4}\s*\(\s*\d{1,4}\s*\)\s*$"
    r"|^\s*[-–]?\s*\d{1,4}\s*[-–]?\s*$"
)
SIGNATURE_RX = re.compile(
    r"^\s*(justerandes?\s*sign|justerare\s*sign|utdragsbestyrkande|ordforandes?\s*sign|"
    r"sekreterares?\s*sign|signatur(er)?\s*$|justerandes\s+signatur|ordforande\s*$|sekreterare\s*$)"
)
DNR_RX = re.compile(
    r"(?:\b(?:dnr|diarienr|diarienummer|d\.nr|ärendenr|arendenr)\.?\s*:?\s*)?"
    r"(?P<dnr>"
    r"\b\d{4}\.\d{1,5}\s+[A-ZÅÄÖ]{2,6}\b"  # 2025.202 KS
    r"|\b[A-ZÅÄÖ]{2,6}\s?/\s?\d{4}[:.]\d{1,5}\b"  # SN/2025:145
    r"|\b[A-ZÅÄÖ]{2,6}\s+\d{4}[/.:]\d{1,5}(?:[./:-]\d{1,4})?\b"  # KS 2023/123, KS 2021.45
    r"|\b[A-ZÅÄÖ]{2,6}-\d{4}-\d{1,5}\b"  # KSN-2024-0512, STK-2024-1187
    r"|\b[A-ZÅÄÖ]{2,6}\s?\d{4}-\d{1,5}\b(?!-\d)"  # KS 2023-0123
    r"|\b[A-ZÅÄÖ]{2,6}\s+\d{2}/\d{3,5}\b"  # KS 22/0345
    r"|(?<=dnr )\d{4}[/.:-]\d{1,5}\b"  # dnr 2022/45
    r"|(?<=Dnr )\d{4}[/.:-]\d{1,5}\b"
    r"|(?<=Dnr: )\d{4}[/.:-]\d{1,5}\b"
    r"|(?<=dnr: )\d{4}[/.:-]\d{1,5}\b"
    r")"
)
BULLET_RX = re.compile(r"^\s*(?:[•\-–—*·▪●■◦○»>+]|[eo](?=\s+[A-ZÅÄÖ§0-9])|\d{1,2}[.)](?=\s))\s*")
SENTENCE_END_RX = re.compile(r"(?<=[.!?:])\s+(?=[A-ZÅÄÖ\"§0-9])|\n\s*\n")
QUOTED_RX = re.compile(r"\"([^\"]{1,2000})\"")

# Section headings inside a paragraph, as folded words with no punctuation.
SECTION_NAMES = {
    "description": [
        "arendebeskrivning",
        "sammanfattning",
        "sammanfattning av arendet",
        "bakgrund",
        "beskrivning av arendet",
        "arendet",
        "arende",
        "arendets beredning",
        "arendebeskrivning och bakgrund",
    ],
    "preparation": [
        "beredning",
        "bedomning",
        "forvaltningens bedomning",
        "forvaltningens yttrande",
        "yttrande",
        "overvaganden",
        "ekonomiska konsekvenser",
        "konsekvenser",
        "barnkonsekvensanalys",
        "barnperspektiv",
    ],
    "proposal": [
        "forslag till beslut",
        "forslag till beslut pa sammantradet",
        "forvaltningens forslag till beslut",
        "arbetsutskottets forslag",
        "arbetsutskottets forslag till beslut",
        "kommunstyrelsens forslag",
        "kommunstyrelsens forslag till beslut",
        "kommunstyrelsens forslag till kommunfullmaktige",
        "ordforandens forslag",
        "forslag till beslut pa motionen",
        "forslag till kommunstyrelsen",
    ],
    "motions": [
        "yrkande",
        "yrkanden",
        "yrkanden pa sammantradet",
        "yrkanden under sammantradet",
        "forslag pa sammantradet",
    ],
    "procedure": [
        "beslutsgang",
        "propositionsordning",
        "proposition",
        "propositionsordning och beslutsgang",
        "omrostning",
        "omrostningsresultat",
        "omrostningsprotokoll",
        "beslutsgang och omrostning",
    ],
    "decision": [
        "beslut",
        "beslutet",
        "kommunstyrelsens beslut",
        "kommunfullmaktiges beslut",
        "arbetsutskottets beslut",
        "namndens beslut",
        "socialnamndens beslut",
        "beslut i kommunstyrelsen",
        "beslut i kommunfullmaktige",
    ],
    "attachments": [
        "beslutsunderlag",
        "handlingar",
        "underlag",
        "bilagor",
        "bilaga",
        "underlag for beslut",
        "handlingar i arendet",
    ],
    "other": [
        "reservation",
        "reservationer",
        "protokollsanteckning",
        "protokollsanteckningar",
        "jav",
        "expedieras till",
        "beslutet skickas till",
        "beslutet expedieras till",
        "skickas till",
        "expediering",
        "sarskilt yttrande",
        "sarskilda yttranden",
        "paragrafen ar justerad",
        "paragrafen justeras omedelbart",
        "justering",
        "deltar ej i beslutet",
    ],
}
_SECTION_BY_NAME = {name: kind for kind, names in SECTION_NAMES.items() for name in names}


def _deletions(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


# Symmetric-delete index: a heading with one OCR error ("beslutsgäng", "beslutsunderiag") is found
# with a set lookup, not by comparing it with every name.
_SECTION_FUZZY: dict[str, str] = {}
for _name, _kind in _SECTION_BY_NAME.items():
    if len(_name) >= 6:
        for _d in _deletions(_name.replace(" ", "")):
            _SECTION_FUZZY.setdefault(_d, _kind)
del _name, _kind

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
    ("insert", re.compile(r"nytt\s+stycke|ett\s+nytt\s+stycke|infogas|ny\s+mening|nytt\s+avsnitt")),
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

# --- Data ----------------------------------------------------------------------------------------


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


# --- Lines, pages, headers and footers -----------------------------------------------------------


@dataclass
class Line:
    number: int  # 1-based, in the text as given
    text: str  # OCR-repaired, stripped on the right
    folded: str
    page: int
    removed: bool = False  # a page header or footer
    repeated: bool = False  # stood at the top or bottom of several pages


_OCR_PARA_AFTER_DATE = re.compile(
    r"((?:(?:19|20)\d\d-\d\d-\d\d|(?:januari|februari|mars|april|maj|juni|juli|augusti|september|"
    r"oktober|november|december)\s+(?:19|20)\d\d),?[ \t]*\n?[ \t]*)[8&](\s+\d{1,4}\b)",
    re.IGNORECASE,
)
_OCR_PARA_HEADING = re.compile(
    r"(?m)^([ \t]*)[8&](\s?\d{1,4}[ \t]+"
    r"(?:\d{4}\.\d{1,5}[ \t]+[A-ZÅÄÖ]{2,6}|(?:Dnr|dnr)\b|[A-ZÅÄÖ]{2,6}[ /]\d{4}))"
)


def _prepare(text: str) -> list[Line]:
    text = text[:MAX_CHARS].replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    text = re.sub(r"[$](?=\s?\d)", "§", text)
    # OCR reads § as 8 or &: after a date (", 8 294") and before a paragraph's case number.
    text = _OCR_PARA_AFTER_DATE.sub(r"\1§\2", text)
    text = _OCR_PARA_HEADING.sub(r"\1§\2", text)
    lines: list[Line] = []
    page = 1
    for number, raw in enumerate(text.split("\n"), 1):
        leading = len(raw) - len(raw.lstrip("\f"))
        page += leading  # a page break before the line puts the line on the next page
        breaks = raw.count("\f") - leading
        raw = raw.replace("\f", "")
        repaired = repair_ocr(raw).rstrip()
        folded = fold(repaired)
        line = Line(number, repaired, folded, page)
        if PAGE_FOOTER_RX.match(folded) or SIGNATURE_RX.match(folded.strip()):
            line.removed = True
            if PAGE_FOOTER_RX.match(folded) and not re.fullmatch(r"\s*\d{1,4}\s*", folded):
                page += 1  # "Sida 1 av 2" ends a page
        lines.append(line)
        page += breaks
    _remove_repeated(lines)
    return lines


def _is_structural(line: Line) -> bool:
    stripped = line.text.strip()
    return bool(HEADING_RX.match(stripped)) or _section_of(line.folded) is not None


def _remove_repeated(lines: list[Line]) -> None:
    """Lines that stand at the top or bottom of two or more pages are headers and footers."""
    pages: dict[int, list[Line]] = {}
    for line in lines:
        if line.text.strip():
            pages.setdefault(line.page, []).append(line)
    if len(pages) < 2:
        return
    seen: dict[str, set[int]] = {}
    edge: list[tuple[str, Line]] = []
    for page, page_lines in pages.items():
        for line in page_lines[:6] + page_lines[-4:]:
            if line.removed or _is_structural(line):
                continue
            key = re.sub(r"\d", "#", line.folded.strip())
            if len(key) < 2:
                continue
            seen.setdefault(key, set()).add(page)
            edge.append((key, line))
    threshold = max(2, len(pages) // 2)
    for key, line in edge:
        if len(seen[key]) >= threshold:
            line.removed = line.repeated = True


_HEADER_WORDS = re.compile(
    r"protokoll|sammantrades|kommunstyrelse|fullmaktige|namnd|arbetsutskott|utskott|kommun\b|stad\b"
    r"|^\s*datum|^\s*sida|region\b"
)


def _is_headerish(line: Line) -> bool:
    s = line.folded.strip()
    if not s or len(s) > 60:
        return False
    if DATE_LINE_RX.match(s) or _HEADER_WORDS.search(s):
        return True
    return not re.search(r"[a-z]{4,}", s)  # logo noise: "[o]", "e a a"


def _header_zones(lines: list[Line]) -> list[Line]:
    """The lines at the top of each page that are a page header (logo, body, "Protokoll", date)."""
    header: list[Line] = []
    first_of_page: dict[int, int] = {}
    for i, line in enumerate(lines):
        if line.text.strip() and not line.removed:
            first_of_page.setdefault(line.page, i)
    for start in first_of_page.values():
        zone: list[Line] = []
        last_headerish = -1
        for line in lines[start : start + 12]:
            if line.removed:
                continue
            if not line.text.strip():
                zone.append(line)
                continue
            if _is_structural(line) or not _is_headerish(line):
                break
            zone.append(line)
            last_headerish = len(zone)
        for line in zone[:last_headerish] if last_headerish > 0 else []:
            if line.text.strip():
                line.removed = True
                header.append(line)
    return header


# --- Sections and text flows --------------------------------------------------------------------


def _section_of(folded: str) -> str | None:
    s = folded.strip()
    if not s or len(s) > 70:
        return None
    words = re.sub(r"[^a-z ]+", " ", s).split()
    if not words or len(words) > 8:
        return None
    name = " ".join(words)
    if name in _SECTION_BY_NAME:
        return _SECTION_BY_NAME[name]
    if ":" in s:
        head = " ".join(re.sub(r"[^a-z ]+", " ", s.split(":", 1)[0]).split())
        if head in _SECTION_BY_NAME:
            return _SECTION_BY_NAME[head]
    squeezed = name.replace(" ", "")
    if len(squeezed) >= 6:
        if squeezed in _SECTION_FUZZY:
            return _SECTION_FUZZY[squeezed]
        for d in _deletions(squeezed):
            if d in _SECTION_FUZZY or d in _SECTION_BY_NAME:
                return _SECTION_FUZZY.get(d) or _SECTION_BY_NAME.get(d)
    return None


@dataclass
class Flow:
    """Consecutive lines joined into running text, with de-hyphenation and a map back to lines."""

    text: str
    folded: str
    starts: list[int]
    numbers: list[int]

    @classmethod
    def of(cls, lines: list[Line]) -> Flow:
        parts: list[str] = []
        starts: list[int] = []
        numbers: list[int] = []
        pos = 0
        previous_blank = False
        for line in lines:
            t = line.text.strip()
            if not t:
                if parts and not previous_blank:
                    parts.append("\n\n")
                    pos += 2
                previous_blank = True
                continue
            if parts and not previous_blank:
                prev = parts[-1]
                if prev.endswith("-") and t[:1].islower() and not re.match(r"(och|eller|samt)\b", t):
                    parts[-1] = prev[:-1]
                    pos -= 1
                else:
                    parts.append(" ")
                    pos += 1
            previous_blank = False
            starts.append(pos)
            numbers.append(line.number)
            parts.append(t)
            pos += len(t)
        text = "".join(parts)
        return cls(text, fold(text), starts, numbers)

    def line_at(self, offset: int) -> int:
        if not self.numbers:
            return 0
        i = bisect.bisect_right(self.starts, offset) - 1
        return self.numbers[max(0, i)]

    def lines_of(self, start: int, end: int) -> tuple[int, int]:
        return (self.line_at(start), self.line_at(max(start, end - 1)))

    def sentences(self) -> list[tuple[int, int]]:
        spans = []
        start = 0
        for m in SENTENCE_END_RX.finditer(self.text):
            if m.start() > start:
                spans.append((start, m.start()))
            start = m.end()
        if start < len(self.text):
            spans.append((start, len(self.text)))
        return spans


def _clean(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _strip_quotes(text: str) -> str:
    return text.strip().strip("\"'").strip()


# --- Dates ---------------------------------------------------------------------------------------


def _date_of(m: re.Match[str]) -> str | None:
    try:
        if m.group(1):
            d = datetime.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        else:
            d = datetime.date(int(m.group(6)), MONTHS[m.group(5)], int(m.group(4)))
    except ValueError:
        return None
    return d.isoformat()


# --- The parser ----------------------------------------------------------------------------------


class _Parser:
    def __init__(self, text: str):
        self.lines = _prepare(text)
        self.header = _header_zones(self.lines)
        seen: set[str] = set()
        for line in self.lines:  # one copy of each running header line, for the metadata
            if line.repeated and line.folded not in seen:
                seen.add(line.folded)
                self.header.append(line)
        self.restore = lacks_diacritics(text[:200_000])
        self.extra_words = municipalities.diacritic_words() if self.restore else {}

    def out(self, text: str | None) -> str | None:
        """Text for the output: whitespace cleaned, diacritics restored where OCR lost them."""
        if text is None:
            return None
        text = _clean(text)
        return restore_diacritics(text, self.extra_words) if self.restore else text

    # Metadata

    def metadata(self, first_paragraph_line: int) -> tuple[Body | None, str | None, Any]:
        preamble = [ln for ln in self.lines[:first_paragraph_line] if not ln.removed and ln.text.strip()]
        meta_lines = self.header + preamble[:40]
        body = None
        # Header lines joined, without the short OCR noise a logo leaves between the words of a
        # body's name ("Kommunstyrelsens" / "ﬁ-. ; L I N G S S arbetsutskott").
        for group in (self.header, preamble[:40]):
            joined = " ".join(w for ln in group for w in re.findall(r"[a-z]{4,}", ln.folded))
            found = find_bodies(joined)
            if found:
                body = found[0]
                break
        meeting = self._meeting_date(self.header, preamble)
        return body, meeting, meta_lines

    def _meeting_date(self, header: list[Line], preamble: list[Line]) -> str | None:
        dates: Counter[str] = Counter()
        for line in header:
            for m in DATE_RX.finditer(line.folded):
                if d := _date_of(m):
                    dates[d] += 1
        if dates:
            return dates.most_common(1)[0][0]
        labelled = re.compile(r"sammantrades|datum|plats och tid|tid och plats|sammantrade|protokoll")
        for line in preamble[:40]:
            if labelled.search(line.folded) or DATE_LINE_RX.match(line.folded):
                found = DATE_RX.search(line.folded)
                if found and (d := _date_of(found)):
                    return d
        return None

    def municipality(self, meta_lines: list[Line]) -> municipalities.KnownMunicipality | None:
        counts: Counter[str] = Counter()
        for line in meta_lines:
            for code, n in municipalities.find_in_text(line.folded).items():
                counts[code] += 3 * n
        for line in self.lines:
            if "kommun" in line.folded or "stad" in line.folded or "region" in line.folded:
                for code, n in municipalities.find_in_text(line.folded).items():
                    counts[code] += n
        if counts:
            return municipalities.by_code(counts.most_common(1)[0][0])
        return municipalities.guess_from_letterspaced([ln.folded for ln in meta_lines])

    # Paragraphs

    def paragraph_starts(self) -> list[tuple[int, int, re.Match[str]]]:
        """(line index, number, match) of each paragraph heading, in increasing § order."""
        candidates: list[tuple[int, int, re.Match[str]]] = []
        for i, line in enumerate(self.lines):
            if line.removed or "§" not in line.text:
                continue
            m = HEADING_RX.match(line.text)
            if m and not DATE_RX.match(fold(m.group("rest") or "")):
                candidates.append((i, int(m.group("num")), m))
        if not candidates:
            return []
        # A table of contents lists the paragraphs first: of several headings with one number,
        # keep the one with the most text after it.
        length = {}
        for k, (i, _num, _m) in enumerate(candidates):
            nxt = candidates[k + 1][0] if k + 1 < len(candidates) else len(self.lines)
            length[i] = sum(1 for ln in self.lines[i:nxt] if ln.text.strip() and not ln.removed)
        best: dict[int, int] = {}
        for i, num, _m in candidates:
            if num not in best or length[i] > length[best[num]]:
                best[num] = i
        kept = [c for c in candidates if best[c[1]] == c[0]]
        ordered: list[tuple[int, int, re.Match[str]]] = []
        for c in kept:
            if not ordered or c[1] > ordered[-1][1]:
                ordered.append(c)
        return ordered

    def parse(self) -> ParsedProtocol:
        starts = self.paragraph_starts()
        body, meeting, meta_lines = self.metadata(starts[0][0] if starts else min(len(self.lines), 40))
        if body is None and starts and starts[0][2].group("abbr"):
            body = body_from_abbreviation(starts[0][2].group("abbr"))
        found = self.municipality(meta_lines)
        paragraphs = []
        for k, (i, num, m) in enumerate(starts):
            end = starts[k + 1][0] if k + 1 < len(starts) else len(self.lines)
            paragraphs.append(self.paragraph(num, m, self.lines[i:end], meeting))
        return ParsedProtocol(
            municipality=found.official_name if found else None,
            municipality_code=found.code if found else None,
            body=body.name if body else None,
            body_abbreviation=body.abbreviation if body else None,
            meeting_date=meeting,
            paragraphs=paragraphs,
            source_lines=[ln.text for ln in self.lines],
            text_hash=text_hash_of(self.lines),
        )

    def paragraph(
        self, number: int, m: re.Match[str], lines: list[Line], meeting: str | None
    ) -> ParsedParagraph:
        rest = (m.group("rest") or "").strip()
        content = [ln for ln in lines[1:] if not ln.removed]
        # Title and case number: on the heading line or the lines right after it.
        case_number = None
        title_parts: list[str] = []
        dnr = DNR_RX.search(rest)
        if dnr:
            case_number = dnr.group("dnr")
            rest = _clean(rest[: dnr.start()] + " " + rest[dnr.end() :])
            rest = re.sub(r"\b(dnr|diarienr|diarienummer)\.?:?\s*$", "", rest, flags=re.I).strip(" ,-–")
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
            if _section_of(line.folded):
                body_start = j
                break
            d = DNR_RX.search(t)
            if d and len(t) < 60 and (case_number is None or d.group("dnr") == case_number):
                case_number = case_number or d.group("dnr")
                leftover = _clean(t[: d.start()] + " " + t[d.end() :])
                leftover = re.sub(r"\b(dnr|diarienr|diarienummer)\.?:?\s*", "", leftover, flags=re.I).strip(
                    " ,-–"
                )
                if leftover and re.search(r"[A-Za-zÅÄÖåäö]{3,}", leftover):
                    title_parts.append(leftover)
                body_start = j + 1
                continue
            if len(title_parts) >= 2 or (title_parts and t[:1].isupper() and len(t) > 80):
                body_start = j
                break
            title_parts.append(t)
            body_start = j + 1
        sections = self.sections(content[body_start:])
        p = ParsedParagraph(
            number=number,
            case_number=_clean(case_number) if case_number else None,
            title=self.out(" ".join(title_parts)) or "",
            lines=(lines[0].number, lines[-1].number),
        )
        self.references(p, sections, meeting)
        self.referral(p, sections)
        self.amendments(p, sections)
        self.attachments(p, sections)
        self.decision(p, sections)
        return p

    def sections(self, lines: list[Line]) -> list[tuple[str, Flow, list[Line]]]:
        """The paragraph split at its section headings: [(kind, flow, lines)]."""
        out: list[tuple[str, list[Line]]] = [("description", [])]
        for line in lines:
            kind = _section_of(line.folded)
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

    # Referenced decisions

    def references(self, p: ParsedParagraph, sections, meeting: str | None) -> None:
        seen: set[tuple] = set()
        for kind, flow, _lines in sections:
            if kind in ("attachments", "other"):
                continue
            for s, e in flow.sentences():
                for ref in self._refs_in_sentence(flow, s, e):
                    if ref.paragraph == p.number and ref.date in (meeting, None):
                        continue
                    key = (ref.date, ref.paragraph)
                    if key in seen:
                        continue
                    seen.add(key)
                    p.referenced_decisions.append(ref)

    def _refs_in_sentence(self, flow: Flow, s: int, e: int) -> list[ReferencedDecision]:
        folded = flow.folded
        dates = [(m.start(), m.end(), _date_of(m)) for m in DATE_RX.finditer(folded, s, e)]
        dates = [d for d in dates if d[2]]
        paras = [(m.start(), m.end(), int(m.group(1)), m.group(2)) for m in PARA_RX.finditer(flow.text, s, e)]
        if not dates and not paras:
            return []
        refs: list[
            tuple[int, int, str | None, int | None, str | None]
        ] = []  # start, end, date, §  # start, end, date, §, abbr
        used_dates: set[int] = set()
        for ps, pe, num, year in paras:
            partner = None
            for k, (ds, de, _d) in enumerate(dates):
                if k in used_dates:
                    continue
                gap_before = ps - de  # "2022-02-27, § 100"
                gap_after = ds - pe  # "§ 45, 2023-04-12"
                if 0 <= gap_before <= 6 or 0 <= gap_after <= 4:
                    partner = k
                    break
            abbr_m = None
            for am in ABBREVIATION_RX.finditer(flow.text, max(s, ps - 30), ps):
                abbr_m = am
            if partner is not None:
                used_dates.add(partner)
                ds, de, d = dates[partner]
                refs.append((min(ds, ps), max(de, pe), d, num, abbr_m.group(1) if abbr_m else None))
            elif year or abbr_m:
                refs.append((ps, pe, None, num, abbr_m.group(1) if abbr_m else None))
        verbs = re.compile(
            r"beslut|yttrande|skrivelse|lamnat|inkom|motion|protokoll|remiss|medborgarforslag|uppdrog|godkan"
        )
        for k, (ds, de, d) in enumerate(dates):
            if k not in used_dates and verbs.search(folded, s, e):
                refs.append((ds, de, d, None, None))
        refs.sort()
        bodies = find_bodies(folded, s, e)
        out = []
        for idx, (rs, re_, ref_date, ref_num, abbr) in enumerate(refs):
            clause_start = refs[idx - 1][1] if idx > 0 else s
            clause_end = refs[idx + 1][0] if idx + 1 < len(refs) else e
            body: Body | None = None
            if abbr:
                body = body_from_abbreviation(abbr)
            else:
                before = [b for b in bodies if clause_start <= b.start < rs]
                after = [b for b in bodies if re_ <= b.start < clause_end]
                if before:
                    body = before[-1]
                elif after:
                    body = after[0]
            clause = folded[re_:clause_end]
            kind, outcome = _kind_and_outcome(folded[clause_start:rs], clause, ref_num is not None)
            reasons = self._referral_reasons(flow, re_, clause_end) if kind == "referral_back" else []
            out.append(
                ReferencedDecision(
                    body=body.name if body else None,
                    body_abbreviation=body.abbreviation if body else None,
                    date=ref_date,
                    paragraph=ref_num,
                    outcome=outcome,
                    reasons=reasons,
                    kind=kind,
                    lines=flow.lines_of(s, e),
                    source=flow.text[s:e],
                )
            )
        return out

    def _referral_reasons(self, flow: Flow, start: int, end: int) -> list[str]:
        folded = flow.folded
        m = re.search(
            r"(?:aterremitt\w*|aterremiss\w*)\b(?:\s+(?:arendet|till\s+\w+|till\s+\w+\s+\w+))*\s+"
            r"(?:(?:for|med)\s+(?:ytterligare\s+)?(?:beredning|utredning|komplettering)\s+"
            r"(?:kring|av|om|avseende|gallande|med|i\s+fraga\s+om)\s+"
            r"|med\s+(?:motiveringen|motivering|uppdrag)\s+(?:att\s+)?"
            r"|i\s+syfte\s+att\s+|for\s+att\s+)",
            folded[start:end],
        )
        if not m:
            return []
        text_start = start + m.end()
        sentence_end = end
        stop = re.search(r"[.;](?:\s|$)", flow.text[text_start:end])
        if stop:
            sentence_end = text_start + stop.start()
        raw = flow.text[text_start:sentence_end]
        return self._split_reasons(raw)

    def _split_reasons(self, raw: str) -> list[str]:
        parts = re.split(r",\s*|\s+samt\s+|;\s*|\s+dels\s+|^dels\s+", raw)
        reasons = []
        for part in parts:
            part = re.sub(r"^(och|att|samt)\s+", "", part.strip(), flags=re.I).strip(" .")
            if len(part) > 3:
                reasons.append(self.out(part) or "")
        return reasons

    # This paragraph's referral back (återremiss) and a rejected one

    def referral(self, p: ParsedParagraph, sections) -> None:
        decision_flows = [(f, ls) for k, f, ls in sections if k == "decision"]
        motions = [(f, ls) for k, f, ls in sections if k in ("motions", "proposal")]
        procedure_text = " ".join(
            f.folded for k, f, _ in sections if k in ("procedure", "motions", "decision")
        )
        referred = None
        for flow, _ls in decision_flows:
            m = re.search(r"aterremitt\w*|aterremiss\b", flow.folded)
            if m and not re.search(r"avsla\w*\s+(?:\w+\s+){0,3}aterremiss", flow.folded):
                referred = self._referral_reasons(flow, m.start(), len(flow.text))
                if not referred:  # reasons in a list after the sentence
                    referred = self._listed_reasons(flow, m.end())
                p.referral_lines = flow.lines_of(m.start(), len(flow.text))
                break
        moved_reasons: list[str] | None = None
        moved_lines = (0, 0)
        for flow, _ls in motions:
            for s, e in flow.sentences():
                if re.search(r"yrka\w*.{0,80}aterremi|aterremissyrkande", flow.folded[s:e]):
                    m = re.search(r"aterremi\w*", flow.folded[s:e])
                    start = s + (m.start() if m else 0)
                    moved_reasons = self._referral_reasons(flow, start, e) or []
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

    def _listed_reasons(self, flow: Flow, start: int) -> list[str]:
        tail = flow.text[start:]
        items = re.findall(r"(?:^|\s)[•\-–]\s+([^•\-–]+)", tail)
        return [self.out(i.strip(" .;")) or "" for i in items if len(i.strip()) > 3]

    # Amendments

    def amendments(self, p: ParsedParagraph, sections) -> None:
        found: list[tuple[ParsedAmendment, str]] = []  # (amendment, status)
        procedure = " ".join(f.folded for k, f, _ in sections if k in ("procedure", "decision"))
        for kind, flow, lines in sections:
            if kind not in ("proposal", "motions", "procedure", "decision"):
                continue
            for amendment in self._labelled(lines, kind):
                found.append((amendment, "adopted" if kind != "motions" else _verdict(procedure, amendment)))
            if kind == "motions":
                for amendment in self._moved(flow):
                    found.append((amendment, _verdict(procedure, amendment)))
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

    def _labelled(self, lines: list[Line], section: str) -> list[ParsedAmendment]:
        """ "Tillägg 1" followed by its instruction (on the same line or the next paragraph)."""
        out = []
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
                if block and _section_of(nxt.folded):
                    break
                block.append(nxt)
                j += 1
            flow = Flow.of(block)
            amendment = self._instruction(flow, 0, len(flow.text), label_text, section)
            if amendment is not None:
                amendment.lines = (line.number, block[-1].number if block else line.number)
                out.append(amendment)
            i = j
        return out

    def _moved(self, flow: Flow) -> list[ParsedAmendment]:
        """Tilläggsyrkanden written as sentences: "X (L) yrkar tillägg: på sidan 4 ... läggs till ..."
        The instruction runs to the next yrkande or the end of the paragraph of text."""
        out = []
        spans = flow.sentences()
        moved = re.compile(r"yrka\w*\s+(?:\w+\s+){0,3}(?:tillagg|andring)|tillaggsyrkande|andringsyrkande")
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
            amendment = self._instruction(flow, s, end, label, "motions")
            if amendment is not None:
                amendment.lines = flow.lines_of(s, end)
                out.append(amendment)
        return out

    def _instruction(
        self, flow: Flow, s: int, e: int, label: str | None, section: str
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
                _strip_quotes(new_text).rstrip(" .") if operation == "add_bullet" else _strip_quotes(new_text)
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
            label=self.out(label) if label else None,
            page=int(page.group(1)) if page else None,
            heading=self.out(heading_text) if heading_text else None,
            column=column_n,
            anchor_text=_clean(text[anchor.start(1) : anchor.end(1)]) if anchor else None,
            operation=operation,
            text=self.out(new_text) if new_text else None,
            old_text=_clean(old_text) if old_text else None,
            table=int(table.group(1)) if table and table.group(1) else None,
            sentence={1: "first", -1: "last"}.get(ORDINALS.get(sentence.group(1), 0)) if sentence else None,
            source=_clean(text),
            section=section,
        )

    # Attachments and the decision

    def attachments(self, p: ParsedParagraph, sections) -> None:
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
                title = self.out(Flow.of(item).text) or ""
                if len(title) > 2:
                    p.attachments.append(ParsedAttachment(title[:300], (item[0].number, item[-1].number)))

    def decision(self, p: ParsedParagraph, sections) -> None:
        chosen = [(f, ls) for k, f, ls in sections if k == "decision"] or [
            (f, ls) for k, f, ls in sections if k == "proposal"
        ]
        if chosen:
            flow, lines = chosen[0]
            p.decision = "\n\n".join(self.out(part) or "" for part in flow.text.split("\n\n") if part.strip())
            numbered = [ln.number for ln in lines if ln.text.strip()]
            p.decision_lines = (numbered[0], numbered[-1]) if numbered else (0, 0)
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
            _kind, outcome = _kind_and_outcome("", text, True)
            p.kind, p.outcome = "decision", outcome


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


def _kind_and_outcome(before: str, clause: str, has_paragraph: bool) -> tuple[str, str | None]:
    if re.search(r"aterremitt|aterremiss", clause):
        return "referral_back", "referred_back"
    if re.search(r"\bforesla|\bforeslog|\bforeslar", clause) or re.search(r"\bforeslog|\bforeslar", before):
        return "proposal", "proposed"
    if re.search(r"\bbifall|\bbifoll|\bbifaller", clause):
        return "decision", "granted"
    if re.search(r"\bavsla|\bavslog|\bavslag", clause):
        return "decision", "rejected"
    if re.search(r"\bgodkan|\btillstyrk", clause) or re.search(r"\btillstyrk", before):
        return "decision", "approved"
    if re.search(r"\banta\b|\bantog\b|\bantagit\b|\bantas\b|\bantar\b|\bantagen\b", clause):
        return "adoption", "adopted"
    if re.search(r"\buppdr|i uppdrag", clause):
        return "decision", "assigned"
    if re.search(r"motion|medborgarforslag", before + clause) and re.search(
        r"inkom|lamna|vackt|vackte|lamnat", before + clause
    ):
        return "motion", "submitted"
    if re.search(r"yttrande|skrivelse", before + clause):
        return "statement", None
    return "decision", None


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


def text_hash_of(lines: list[Line]) -> str:
    """A hash of the protocol's normalised text (folded, letters and digits only, page headers and
    footers left out): the same protocol read twice hashes the same."""
    joined = "\n".join(ln.folded for ln in lines if not ln.removed)
    normalised = " ".join(_NOT_ALNUM.sub(" ", joined).split())
    return hashlib.sha256(normalised.encode()).hexdigest()


_NOT_ALNUM = re.compile(r"[^0-9a-z]+")


def parse_protocol(text: str) -> ParsedProtocol:
    """Read a protocol's text. Never raises on odd input; returns what it could find."""
    if not isinstance(text, str):
        text = str(text or "")
    return _Parser(text).parse()
