"""The layout layer: the text as lines on pages, with what is not the protocol's content marked.

Page breaks (form feeds, "Sida 1 av 2"), running headers and footers (lines that stand at the top
or bottom of several pages), the header zone at the top of each page (logo, body, "Protokoll",
date), signature boxes ("Justerandes signatur", "Utdragsbestyrkande"), and the OCR repair of the
text itself: NFD made NFC, "$ 12" and "8 12" read as "§ 12" where the context says so. Pure."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass

from varn.reading.textnorm import fold, lacks_diacritics, repair_ocr, restore_diacritics

from . import municipalities
from .dates import DATE_LINE_RX
from .headings import HEADING_RX, section_of

MAX_CHARS = 5_000_000  # ~1 500 pages; longer input is read up to here

PAGE_FOOTER_RX = re.compile(
    r"^\s*(?:sida|sid\.?|s\.)\s*[\dli|]{1,4}\s*(?:\(|av|/|of)\s*\S{0,4}\s*\)?\s*$"
    r"|^\s*\d{1,4}\s*\(\s*\d{1,4}\s*\)\s*$"
    r"|^\s*[-–]?\s*\d{1,4}\s*[-–]?\s*$"
)
SIGNATURE_RX = re.compile(
    r"^\s*(justerandes?\s*sign|justerare\s*sign|utdragsbestyrkande|ordforandes?\s*sign|"
    r"sekreterares?\s*sign|signatur(er)?\s*$|justerandes\s+signatur|ordforande\s*$|sekreterare\s*$|"
    r"justerande\s*(?:$|utdragsbestyrkande)|protokollet\s+har\s+justerats\b|_{5,}\s*$)"
)


@dataclass
class Line:
    number: int  # 1-based, in the text as given
    text: str  # OCR-repaired, stripped on the right
    folded: str
    page: int
    removed: bool = False  # a page header or footer
    repeated: bool = False  # stood at the top or bottom of several pages


# OCR reads § as 8 or & after a date (", 8 294"): the sign is found first (fast), the date before it
# is then checked on the few characters that precede it.
_OCR_SIGN = re.compile(r"[8&](?=\s+\d{1,4}\b)")
_DATE_BEFORE_SIGN = re.compile(
    r"(?:(?:19|20)\d\d-\d\d-\d\d|(?:januari|februari|mars|april|maj|juni|juli|augusti|september|"
    r"oktober|november|december)\s+(?:19|20)\d\d),?[ \t]*\n?[ \t]*$",
    re.IGNORECASE,
)


def _repair_sign_after_dates(text: str) -> str:
    parts: list[str] = []
    last = 0
    for m in _OCR_SIGN.finditer(text):
        if _DATE_BEFORE_SIGN.search(text, max(0, m.start() - 24), m.start()):
            parts.append(text[last : m.start()])
            parts.append("§")
            last = m.end()
    parts.append(text[last:])
    return "".join(parts)


_OCR_PARA_HEADING = re.compile(
    r"(?m)^([ \t]*)[8&](\s?\d{1,4}[ \t]+"
    r"(?:\d{4}\.\d{1,5}[ \t]+[A-ZÅÄÖ]{2,6}|(?:Dnr|dnr)\b|[A-ZÅÄÖ]{2,6}[ /]\d{4}))"
)


_REAL_HEADING = re.compile(r"(?m)^[ \t]*(?:[A-ZÅÄÖ]{2,6}[ \t]*)?§[ \t]*\d")
_OCR_BARE_HEADING = re.compile(r"(?m)^([ \t]*)[8$&][ \t]?(\d{1,4}(?:[ \t]*$|[ \t]+[A-ZÅÄÖ][a-zåäö]))")


_ABBREVIATION_HEADING = re.compile(
    r"(?m)^([ \t]*)([A-ZÅÄÖ]{2,6})[ \t]+(\d{1,3})(?=[ \t]*$|[ \t]+[A-ZÅÄÖ][a-zåäö])"
)


def prepare(text: str) -> list[Line]:
    text = text[:MAX_CHARS].replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    text = unicodedata.normalize("NFC", text)
    text = re.sub(r"-[—–]|[—–]-", "–", text)  # OCR's doubled dash: "26/0005-—2"
    has_heading = bool(_REAL_HEADING.search(text))
    text = re.sub(r"[$](?=\s?\d)", "§", text)
    # OCR reads § as 8 or &: after a date (", 8 294") and before a paragraph's case number.
    text = _repair_sign_after_dates(text)
    text = _OCR_PARA_HEADING.sub(r"\1§\2", text)
    if not has_heading:
        # No § heading at all: an OCR text whose "§" became "8", "$" or "&" everywhere.
        text = _OCR_BARE_HEADING.sub(r"\1§ \2", text)
        # A body's abbreviation in place of the "§": "FHR 29" on its own line or before the title.
        text = _ABBREVIATION_HEADING.sub(r"\1\2 § \3", text)
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
    remove_repeated(lines)
    return lines


def is_structural(line: Line) -> bool:
    stripped = line.text.strip()
    return bool(HEADING_RX.match(stripped)) or section_of(line.folded) is not None


def remove_repeated(lines: list[Line]) -> None:
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
            if line.removed or is_structural(line):
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


def header_zones(lines: list[Line]) -> list[Line]:
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
            if is_structural(line) or not _is_headerish(line):
                break
            zone.append(line)
            last_headerish = len(zone)
        for line in zone[:last_headerish] if last_headerish > 0 else []:
            if line.text.strip():
                line.removed = True
                header.append(line)
    return header


def text_hash_of(lines: list[Line]) -> str:
    """A hash of the protocol's normalised text (folded, letters and digits only, page headers and
    footers left out): the same protocol read twice hashes the same."""
    joined = "\n".join(ln.folded for ln in lines if not ln.removed)
    normalised = " ".join(_NOT_ALNUM.sub(" ", joined).split())
    return hashlib.sha256(normalised.encode()).hexdigest()


_NOT_ALNUM = re.compile(r"[^0-9a-z]+")


class Output:
    """Text for the output: white space cleaned, and å/ä/ö restored when the OCR lost them all."""

    def __init__(self, text: str):
        self.restore = lacks_diacritics(text[:200_000])
        self.extra_words = municipalities.diacritic_words() if self.restore else {}

    def __call__(self, text: str | None) -> str | None:
        if text is None:
            return None
        text = " ".join(text.split())
        return restore_diacritics(text, self.extra_words) if self.restore else text
