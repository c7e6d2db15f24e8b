"""The fields layer: a protocol's body, meeting date and municipality; case numbers; what an earlier
decision did and its reasons (the references themselves are read in `references`). Pure."""

from __future__ import annotations

import re
from collections import Counter

from . import municipalities
from .bodies import Body, find_bodies
from .dates import DATE_LINE_RX, DATE_RX, date_of
from .flow import Flow
from .layout import Line, Output

_LABEL = r"(?:\b(?:dnr|diarienr|diarienummer|d\.nr|ärendenr|arendenr)\.?\s*:?\s*)"
_L = r"[A-ZÅÄÖ]{2,6}"
DNR_RX = re.compile(
    _LABEL + r"?"
    r"(?P<dnr>"
    r"\b" + _L + r"\s" + _L + r"\s?/\s?\d{4}:\d{1,5}\b"  # KS KF/2024:236
    r"|\b" + _L + r"/" + _L + r"\s\d{4}:\d{1,5}\b"  # KS/KF 2025:7
    r"|\b\d{4}/" + _L + r"\s\d{4}(?:\s\d{3})?\b"  # 2011/KS 0206 001
    r"|\b" + _L + r"\.\d{4}\.\d{1,5}\b"  # KU.2018.6
    r"|\b\d{4}\.\d{1,5}\s+" + _L + r"\b"  # 2025.202 KS
    r"|\b" + _L + r"\s?/\s?\d{4}[:.]\d{1,5}\b"  # SN/2025:145
    r"|\b" + _L + r"\s+\d{4}[/.:]\d{1,5}(?:[./:-]\d{1,4})?\b"  # KS 2023/123, KS 2021.45
    r"|\b" + _L + r"-\d{4}-\d{1,5}\b"  # KSN-2024-0512, STK-2024-1187
    r"|\b" + _L + r"\s?\d{4}-\d{1,5}\b(?!-\d)"  # KS 2023-0123
    r"|\b" + _L + r"\s+\d{2}/\d{3,5}\b"  # KS 22/0345
    r")"
)
# Numbers that are case numbers only after their label: "dnr 24773-2025", "Dnr 26/0001-1", "dnr 2022/45".
LABELLED_DNR_RX = re.compile(_LABEL + r"(?P<dnr>\d{2,5}[-/.:]\d{2,5}(?:-\d{1,3})?)\b", re.IGNORECASE)


def case_numbers(text: str) -> list[tuple[int, int, str]]:
    """(start, end, case number) of every case number in a line, in order, without its label."""
    found = [(m.start(), m.end(), m.group("dnr")) for m in DNR_RX.finditer(text)]
    for m in LABELLED_DNR_RX.finditer(text):
        if not any(s <= m.start("dnr") < e for s, e, _ in found):
            found.append((m.start(), m.end(), m.group("dnr")))
    return sorted(found)


# The words of a body's name in a header ("Barn- och", "ungdomsnämnden"), without the short OCR
# noise a logo leaves between them.
_NAME_WORD_RX = re.compile(r"[a-z]{2,}-(?=\s*och\b)|[a-z]{4,}|\boch\b")


def metadata(
    lines: list[Line], header: list[Line], first_paragraph_line: int
) -> tuple[Body | None, str | None, list[Line]]:
    """The body that met, the meeting date, and the lines they were read from (header and preamble)."""
    preamble = [ln for ln in lines[:first_paragraph_line] if not ln.removed and ln.text.strip()]
    meta_lines = header + preamble[:40]
    body = None
    # Header lines joined, without the short OCR noise a logo leaves between the words of a
    # body's name ("Kommunstyrelsens" / "ﬁ-. ; L I N G S S arbetsutskott").
    for group in (header, preamble[:40]):
        folded_words, words = [], []
        for ln in group:
            for m in _NAME_WORD_RX.finditer(ln.folded):
                folded_words.append(m.group(0))
                words.append(ln.text[m.start() : m.end()])
        found = [
            b
            for b in find_bodies(" ".join(folded_words), original=" ".join(words))
            if b.abbreviation not in ("AU", "SELF")
        ]
        if found:
            # The name the page headers repeat, not one that stands once at the top of a page
            # ("Förslag till beslut i kommunstyrelsen").
            counts = Counter(b.name for b in found)
            body = max(found, key=lambda b: counts[b.name])
            break
    meeting = _meeting_date(header, preamble)
    return body, meeting, meta_lines


# OCR drops a dash in a header's date: "2026-0327".
_SQUEEZED_DATE_RX = re.compile(r"(?<![\d-])((?:19|20)\d\d)-?([01]\d)-?([0-3]\d)(?!\d)")


def _meeting_date(header: list[Line], preamble: list[Line]) -> str | None:
    dates: Counter[str] = Counter()
    for line in header:
        for m in DATE_RX.finditer(_SQUEEZED_DATE_RX.sub(r"\1-\2-\3", line.folded)):
            if d := date_of(m):
                dates[d] += 1
    if dates:
        return dates.most_common(1)[0][0]
    labelled = re.compile(r"sammantrades|datum|plats och tid|tid och plats|sammantrade|protokoll")
    for k, line in enumerate(preamble[:40]):
        if labelled.search(line.folded) or DATE_LINE_RX.match(line.folded) or k < 4:
            found = DATE_RX.search(_SQUEEZED_DATE_RX.sub(r"\1-\2-\3", line.folded))
            if found and (d := date_of(found)):
                return d
    return None


def municipality(lines: list[Line], meta_lines: list[Line]) -> municipalities.KnownMunicipality | None:
    counts: Counter[str] = Counter()
    for line in meta_lines:
        for code, n in municipalities.find_in_text(line.folded).items():
            counts[code] += 3 * n
    for line in lines:
        if "kommun" in line.folded or "stad" in line.folded or "region" in line.folded:
            for code, n in municipalities.find_in_text(line.folded).items():
                counts[code] += n
    if counts:
        return municipalities.by_code(counts.most_common(1)[0][0])
    return municipalities.guess_from_letterspaced([ln.folded for ln in meta_lines])


def referral_reasons(out: Output, flow: Flow, start: int, end: int) -> list[str]:
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
    return _split_reasons(out, raw)


def _split_reasons(out: Output, raw: str) -> list[str]:
    parts = re.split(r",\s*|\s+samt\s+|;\s*|\s+dels\s+|^dels\s+", raw)
    reasons = []
    for part in parts:
        part = re.sub(r"^(och|att|samt)\s+", "", part.strip(), flags=re.I).strip(" .")
        if len(part) > 3:
            reasons.append(out(part) or "")
    return reasons


def kind_and_outcome(before: str, clause: str, has_paragraph: bool) -> tuple[str, str | None]:
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
