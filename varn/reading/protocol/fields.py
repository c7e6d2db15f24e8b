"""The fields layer: a protocol's body, meeting date and municipality; case numbers; and the earlier
decisions a paragraph refers to ("KF 2022-11-10 (§ 88)", "§ 58, 2025-11-17", "SNAU § 18 2024-03-05",
"Kommunfullmäktige beslutade den 10 december 2025, § 246"), in its text and its beslutsunderlag. Pure."""

from __future__ import annotations

import re
from collections import Counter

from . import municipalities
from .bodies import ABBREVIATION_RX, Body, body_from_abbreviation, find_bodies
from .dates import DATE_LINE_RX, DATE_RX, PARA_RX, date_of
from .flow import Flow
from .layout import Line, Output
from .model import ParsedParagraph, ReferencedDecision

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
        joined = " ".join(w for ln in group for w in re.findall(r"[a-z]{4,}", ln.folded))
        found = find_bodies(joined)
        if found:
            body = found[0]
            break
    meeting = _meeting_date(header, preamble)
    return body, meeting, meta_lines


def _meeting_date(header: list[Line], preamble: list[Line]) -> str | None:
    dates: Counter[str] = Counter()
    for line in header:
        for m in DATE_RX.finditer(line.folded):
            if d := date_of(m):
                dates[d] += 1
    if dates:
        return dates.most_common(1)[0][0]
    labelled = re.compile(r"sammantrades|datum|plats och tid|tid och plats|sammantrade|protokoll")
    for line in preamble[:40]:
        if labelled.search(line.folded) or DATE_LINE_RX.match(line.folded):
            found = DATE_RX.search(line.folded)
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


def references(out: Output, p: ParsedParagraph, sections, meeting: str | None) -> None:
    seen: set[tuple] = set()
    for kind, flow, _lines in sections:
        if kind in ("attachments", "other"):
            continue
        for s, e in flow.sentences():
            for ref in _refs_in_sentence(out, flow, s, e):
                if ref.paragraph == p.number and ref.date in (meeting, None):
                    continue
                key = (ref.date, ref.paragraph)
                if key in seen:
                    continue
                seen.add(key)
                p.referenced_decisions.append(ref)


def _refs_in_sentence(out: Output, flow: Flow, s: int, e: int) -> list[ReferencedDecision]:
    folded = flow.folded
    dates = [(m.start(), m.end(), date_of(m)) for m in DATE_RX.finditer(folded, s, e)]
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
    found = []
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
        kind, outcome = kind_and_outcome(folded[clause_start:rs], clause, ref_num is not None)
        reasons = referral_reasons(out, flow, re_, clause_end) if kind == "referral_back" else []
        found.append(
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
    return found


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


# This paragraph's referral back (återremiss) and a rejected one


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
