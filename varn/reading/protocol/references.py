"""Referenced decisions: the earlier decisions a paragraph refers to, in its text and its
beslutsunderlag ("KF 2022-11-10 (§ 88)", "§ 58, 2025-11-17", "KF § 6/2025-01-30",
"SNAU § 18 2024-03-05", "Kommunfullmäktige beslutade den 10 december 2025, § 246",
"Protokoll från barn- och utbildningsnämnden 2021-06-15 § 45", "§ 63 KS 2026-04-13").

A reference is a § (with or without its date), a date that a political body's decision or a
motion stands beside, or an office's written statement in the preparation ("Förvaltningen har i
skrivelse den 29 april lämnat följande yttrande"). Other officers' documents (a tjänsteskrivelse, an
utredning), dates after the meeting and this paragraph itself are not references. Pure."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from varn.reading.textnorm import restore_diacritics

from .bodies import ABBREVIATION_RX, ABBREVIATIONS, Body, body_from_abbreviation, find_bodies, is_political
from .dates import find_dates
from .fields import DNR_RX, kind_and_outcome, referral_reasons
from .flow import Flow
from .layout import Output
from .model import ParsedParagraph, ReferencedDecision
from .segmentation import Sections

# "§ 12", "§§ 12", "§ 12/2024", "§ 6/2025-01-30"; not "§ 12.3" or "§ 1,5".
_PARA_RX = re.compile(r"§§?\s*(\d{1,4})(?:\s*/\s*((?:19|20)\d\d(?:-\d\d?-\d\d?)?)(?!\d))?(?![\d.,]\d)")
_MOTION_RX = re.compile(r"\bmotion\w*|medborgarforslag\w*|initiativarende\w*")
_OFFICERS_RX = re.compile(
    r"tjansteskrivelse|tjansteutlatande|skrivelse|promemoria|\bpm\b|rapport|utredning|yttrande|"
    r"forvaltningen|kontoret|ekonomienheten|enheten|minnesanteckning"
)
_DECISION_RX = re.compile(r"protokoll|beslut|beslutade|antog|faststallde|godkande|gav\b|uppdrog|remitt")
_ABBR_AFTER_RX = re.compile(r"\s*" + ABBREVIATION_RX.pattern)
_DNR_AFTER_RX = re.compile(r"\s*" + DNR_RX.pattern)
_LAW_BEFORE_RX = re.compile(r"kap\.?\s*$|\d{4}:\d{1,4}\s*,?\s*$|(?:lagen|lag|forordningen|balken)\s*$")
_LAW_AFTER_RX = re.compile(r"\s*kap\b")
# A period or a document's own date, not a decision's: "för tiden 2023-01-01 – 2026-12-31",
# "upprättad 2021-10-25", "från och med 2026-01-01".
_PERIOD_BEFORE_RX = re.compile(
    r"(?:tiden|och\s+med|fr\.?\s?o\.?\s?m\.?|t\.?\s?o\.?\s?m\.?|upprattad|upprattat|daterad|reviderad|\d\s*[-–])\s*(?:den\s+)?$"
)
_PERIOD_AFTER_RX = re.compile(r"\s*[-–]\s*(?:(?:19|20)\d\d[-\s]\d|[0-3]?\d\s+[a-z])")


# "<Office> har i skrivelse den <date> lämnat (följande) yttrande" (or "… följande skrivelse"): the
# written statement an office gave in the case's preparation ("Förvaltningen",
# "Barn- och ungdomsförvaltningen", "Kommunledningskontoret"), an event of the decision trail of its own
# (corpus/annotations/README.md).
_STATEMENT_BEFORE_RX = re.compile(
    r"(?<![a-z])(?P<office>(?:[a-z]{2,20}-\s*och\s+)?[a-z]*(?:forvaltningen|kontoret|enheten))"
    r"\s+har\s+i\s+skrivelse\s+(?:den\s+)?$"
)
# "… lämnat följande" closing its section: the wrapped "yttrande:" below was read as a heading.
_STATEMENT_AFTER_RX = re.compile(
    r"\s+(?:har\s+)?\S{0,3}mnat(?:\s+foljande)?(?:\s+(?:yttrande|skrivelse)|\W*$)"
)


@dataclass
class Context:
    """What a paragraph's references are read against: the meeting, its body and the document's
    own abbreviations (abbreviation → name of the bodies the document names)."""

    meeting: str | None
    body: Body | None
    known: dict[str, str] = field(default_factory=dict)
    own_numbers: set[int] = field(default_factory=set)

    @property
    def abbreviation(self) -> str | None:
        return self.body.abbreviation if self.body else None


_DIGIT_RX = re.compile(r"\d")
_NAMES_A_BODY_RX = re.compile(r"namnd|styrels|fullmaktig|utskott|direktion|bered|radet|forbund")


def known_abbreviations(lines: list[tuple[str, str]]) -> dict[str, str]:
    """Abbreviation → name of every political body the document names (first spelling wins), from
    its (folded, original) lines."""
    known: dict[str, str] = {}
    seen: set[str] = set()
    for folded, original in lines:
        if folded in seen or not _NAMES_A_BODY_RX.search(folded):
            continue
        seen.add(folded)
        for body in find_bodies(folded, original=original):
            if is_political(body) and body.abbreviation not in ("AU", "SELF"):
                known.setdefault(body.abbreviation, body.name)
    return known


def references(out: Output, p: ParsedParagraph, sections: Sections, ctx: Context) -> None:
    seen: set[tuple] = set()
    for kind, flow, _lines in sections:
        if kind == "other":
            continue
        spans = _items(flow) if kind == "attachments" else flow.sentences()
        for s, e in spans:
            for ref in _refs_in(out, flow, s, e, ctx):
                if ref.paragraph == p.number and ref.date in (ctx.meeting, None):
                    continue
                key = ((ref.body or "").lower(), ref.date, ref.paragraph)
                if key in seen:
                    continue
                seen.add(key)
                p.referenced_decisions.append(ref)
    p.referenced_decisions = _merged(p.referenced_decisions)


def _merged(refs: list[ReferencedDecision]) -> list[ReferencedDecision]:
    """One decision named twice, once without its date or body ("§58 KSAU" in the beslutsunderlag
    after "KSAU beslutade den 23 april 2025, § 58"), is one reference."""
    kept = []
    for ref in refs:
        # "Samhällsbyggnadsnämnden beslutade 2025-09-01 …" and "Protokollsutdrag … 2025-09-01, §38"
        if (
            ref.paragraph is None
            and ref.date is not None
            and any(
                o.paragraph is not None and o.date == ref.date and (ref.body is None or o.body == ref.body)
                for o in refs
            )
        ):
            continue
        fuller = any(
            other is not ref
            and other.paragraph == ref.paragraph
            and (ref.date is None or other.date == ref.date)
            and (ref.body is None or (other.body or "").lower() == ref.body.lower())
            and (other.date, other.body) != (ref.date, ref.body)
            and ref.paragraph is not None
            for other in refs
        )
        if not fuller:
            kept.append(ref)
    return kept


def _items(flow: Flow) -> list[tuple[int, int]]:
    """The beslutsunderlag's items: each line of it (a listed document) on its own."""
    spans = []
    for k, start in enumerate(flow.starts):
        end = flow.starts[k + 1] if k + 1 < len(flow.starts) else len(flow.text)
        spans.append((start, end))
    return spans


def _resolve(body: Body, ctx: Context) -> Body | None:
    """ "arbetsutskottet" is the meeting body's arbetsutskott, "nämnden" the meeting body."""
    if body.abbreviation not in ("AU", "SELF"):
        return body
    if ctx.body is None:
        return None
    name = ctx.body.name
    if body.abbreviation == "SELF":
        return Body(name, ctx.body.abbreviation, body.start, body.end) if name.endswith("nämnden") else None
    if name.endswith("arbetsutskott"):
        return ctx.body
    if name == "Kommunstyrelsen":
        return Body("Kommunstyrelsens arbetsutskott", "KSAU", body.start, body.end)
    return Body(name + "s arbetsutskott", ctx.body.abbreviation + "AU", body.start, body.end)


def _refs_in(out: Output, flow: Flow, s: int, e: int, ctx: Context) -> list[ReferencedDecision]:
    folded, text = flow.folded, flow.text
    if not _DIGIT_RX.search(folded, s, e):
        return []
    dates = [
        d
        for d in find_dates(folded, s, e, ctx.meeting)
        if (not ctx.meeting or d[2] <= ctx.meeting)
        and not _PERIOD_BEFORE_RX.search(folded, max(s, d[0] - 25), d[0])
        and not _PERIOD_AFTER_RX.match(folded, d[1])
    ]
    paras = list(_PARA_RX.finditer(text, s, e))
    if not dates and not paras:
        return []
    # (start, end, date, §, abbreviation)
    found: list[tuple[int, int, str | None, int | None, str | None]] = []
    used: set[int] = set()
    for pm in paras:
        ps, pe = pm.start(), pm.end()
        number_end = pe
        if _LAW_BEFORE_RX.search(folded, max(0, ps - 25), ps) or _LAW_AFTER_RX.match(folded, pe):
            continue  # "8 kap. § 14", "(2013:801, § 17)": a law's paragraph
        own_date = pm.group(2) if pm.group(2) and "-" in pm.group(2) else None
        abbr_after = _ABBR_AFTER_RX.match(text, pe, e)
        if abbr_after:
            pe = abbr_after.end()
        partner = None
        if own_date is None:
            for k, (ds, de, _d) in enumerate(dates):
                if k in used:
                    continue
                if 0 <= ps - de <= 8 or 0 <= ds - pe <= 6:  # "2022-02-27, § 100", "§ 45, 2023-04-12"
                    partner = k
                    break
        number = int(pm.group(1))
        if own_date:
            start, end, date = ps, pe, _iso(own_date)
        elif partner is not None:
            used.add(partner)
            ds, de, date = dates[partner]
            start, end = min(ds, ps), max(de, pe)
        else:
            start, end, date = ps, pe, None
        abbr = _abbreviation_at(text, s, start, ps, number_end, e)
        if date is None and number in ctx.own_numbers and (abbr is None or abbr == ctx.abbreviation):
            continue  # one of this protocol's own paragraphs ("Föredragningar: § 27 …")
        if date is None and abbr is None and _is_rule_paragraph(text, folded, ps, number_end):
            continue  # "enligt LSS § 9", "MBL § 11", "(AB) § 13 mom 5": a law's or an agreement's §
        found.append((start, end, date, number, abbr))
    for k, (ds, de, d) in enumerate(dates):
        if k not in used and d != ctx.meeting:
            found.append((ds, de, d, None, _abbreviation_at(text, s, ds, ds, de, e, after=False)))
    found.sort()
    bodies = [r for b in find_bodies(folded, s, e, original=text) if (r := _resolve(b, ctx))]
    refs = []
    for idx, (rs, re_, ref_date, ref_num, abbr) in enumerate(found):
        clause_start = found[idx - 1][1] if idx > 0 else s
        clause_end = found[idx + 1][0] if idx + 1 < len(found) else e
        body: Body | None = None
        statement = _statement_office(flow, s, rs, re_) if ref_num is None else None
        if statement is not None:
            body = statement
        elif abbr:
            body = body_from_abbreviation(abbr, ctx.known)
        else:
            before = [b for b in bodies if clause_start <= b.start < rs]
            # A body named after a bare date is rarely the one that decided ("har 2022-01-25
            # inkommit med en fråga till samhällsbyggnadsnämnden").
            after = [b for b in bodies if re_ <= b.start < min(clause_end, re_ + 60)] if ref_num else []
            named = before[-1] if before else (after[0] if after else None)
            if named is not None and not is_political(named):
                if ref_num is None:
                    continue  # an administration's document
                named = None
            body = named
        if body is None and ref_num is not None and ref_date is not None and ctx.body is not None:
            # "Delegationsordningen reviderades 26 augusti 2024, § 43": no body named, the meeting's own.
            body = ctx.body
        if ref_num is None and body is None:
            lead = folded[max(clause_start, rs - 120) : rs]
            motion = _MOTION_RX.search(folded, max(s, clause_start, rs - 100), min(e, re_ + 60))
            if not motion or _OFFICERS_RX.search(lead[-40:]):
                continue
        if ref_num is None and body is not None and not abbr and statement is None:
            lead = folded[body.end : rs]
            if _OFFICERS_RX.search(lead) and not _DECISION_RX.search(lead):
                continue  # "Barn- och ungdomsnämndens tjänsteskrivelse 2026-05-05"
        clause = folded[re_:clause_end]
        kind, outcome = kind_and_outcome(folded[clause_start:rs], clause, ref_num is not None)
        reasons = referral_reasons(out, flow, re_, clause_end) if kind == "referral_back" else []
        refs.append(
            ReferencedDecision(
                body=body.name if body else None,
                body_abbreviation=body.abbreviation if body else None,
                date=ref_date,
                paragraph=ref_num,
                outcome=outcome,
                reasons=reasons,
                kind=kind,
                lines=flow.lines_of(s, e),
                source=text[s:e],
            )
        )
    return refs


def _statement_office(flow: Flow, start: int, date_start: int, date_end: int) -> Body | None:
    """The office whose written statement of a date this is ("Förvaltningen har i skrivelse den
    29 april lämnat följande yttrande"), spelt as the text names it; None when it is no statement."""
    m = _STATEMENT_BEFORE_RX.search(flow.folded, start, date_start)
    if m is None or not _STATEMENT_AFTER_RX.match(flow.folded, date_end):
        return None
    start, end = m.span("office")
    named = [
        b
        for b in find_bodies(flow.folded, start, end, original=flow.text)
        if (b.start, b.end) == (start, end)
    ]
    if named:
        return named[0]
    spelt = " ".join(flow.text[start:end].split())
    if not re.search(r"[åäöÅÄÖ]", spelt):
        spelt = restore_diacritics(spelt.lower())
    name = spelt[:1].upper() + spelt[1:]
    return Body(name, name, start, end)


_ACRONYM_BEFORE_RX = re.compile(r"\(?([A-ZÅÄÖ][A-Za-zÅÄÖ]{1,5})\)?\s*$")
_RULE_AFTER_RX = re.compile(r"\s*(?:mom\b|punkt\b|st\.|stycket\b|kap\b)")


def _is_rule_paragraph(text: str, folded: str, ps: int, pe: int) -> bool:
    if _RULE_AFTER_RX.match(folded, pe) or re.search(r"\benligt\b[^.§]{0,60}$", folded[max(0, ps - 70) : ps]):
        return True
    acronym = _ACRONYM_BEFORE_RX.search(text, max(0, ps - 10), ps)
    return bool(acronym and acronym.group(1).isupper() and acronym.group(1) not in ABBREVIATIONS)


def _abbreviation_at(
    text: str, s: int, start: int, ps: int, pe: int, e: int, *, after: bool = True
) -> str | None:
    """A body's abbreviation right before a reference ("KF 2024-11-06, § 149", "KS § 45") or right
    after its § ("§ 63 KS", "§20 BUN AU")."""
    found = None
    for m in ABBREVIATION_RX.finditer(text, max(s, start - 10), start):
        found = m.group(1) + ("AU" if re.match(r"\s*AU\b", text[m.end() : m.end() + 4]) else "")
    if found is None and after:
        dnr = _DNR_AFTER_RX.match(text, pe, e)
        if dnr:  # "§ 105 2026.220 KS Stadsskogen …": the case number's letters name the body
            letters = re.findall(r"[A-ZÅÄÖ]{2,6}", dnr.group("dnr"))
            known = [x for x in letters if x in ABBREVIATIONS]
            if known:
                return known[0]
        m2 = _ABBR_AFTER_RX.match(text, pe, e)
        if m2:
            found = m2.group(1)
            if re.match(r"\s*AU\b", text[m2.end() : m2.end() + 4]):
                found += "AU"
    return found


def _iso(date: str) -> str | None:
    found = find_dates(date)
    return found[0][2] if found else None
