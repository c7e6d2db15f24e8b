"""Political bodies and administrations as protocols name them: "Kommunstyrelsens arbetsutskott",
"KSAU", "socialnämnden", "Barn- och ungdomsnämnden". Pure functions over folded text (see
textnorm.fold), no database."""

from __future__ import annotations

import re
from dataclasses import dataclass

from varn.reading.textnorm import restore_diacritics

# Well-known abbreviations and the names they stand for.
ABBREVIATIONS = {
    "KSAU": "Kommunstyrelsens arbetsutskott",
    "KSO": "Kommunstyrelsens ordförande",
    "KS": "Kommunstyrelsen",
    "KF": "Kommunfullmäktige",
    "KLK": "Kommunledningskontoret",
    "SN": "Socialnämnden",
    "SNAU": "Socialnämndens arbetsutskott",
    "BUN": "Barn- och ungdomsnämnden",
    "UN": "Utbildningsnämnden",
    "KFN": "Kultur- och fritidsnämnden",
    "MBN": "Miljö- och byggnadsnämnden",
    "TN": "Tekniska nämnden",
    "SBN": "Samhällsbyggnadsnämnden",
    "VON": "Vård- och omsorgsnämnden",
    "ÄN": "Äldrenämnden",
    "BN": "Byggnadsnämnden",
}
NAME_TO_ABBREVIATION = {name.lower(): abbr for abbr, name in ABBREVIATIONS.items()}

BODY_RX = re.compile(
    r"(?P<ksau>kommunstyrelsens\s+arbetsutskott)"
    r"|(?P<ks>kommunstyrelsen)"
    r"|(?P<kf>kommunfullmaktige)"
    r"|(?P<klk>kommunledningskontoret|kommunstyrelsens\s+forvaltning)"
    r"|(?P<nau>(?:[a-z]{2,20}-\s*och\s+)?[a-z]{3,30}namndens\s+arbetsutskott)"
    r"|(?P<namnd>(?:[a-z]{2,20}-\s*och\s+)?[a-z]{3,30}namnden|tekniska\s+namnden)"
    r"|(?P<forv>(?:[a-z]{2,20}-\s*och\s+)?[a-z]{3,30}forvaltningen)"
)
# An abbreviation right before a date or a §: "KF 2022-02-27 § 100", "KS § 45".
ABBREVIATION_RX = re.compile(r"\b(" + "|".join(sorted(ABBREVIATIONS, key=len, reverse=True)) + r")\b")


@dataclass(frozen=True)
class Body:
    name: str  # "Kommunstyrelsens arbetsutskott"
    abbreviation: str  # "KSAU"
    start: int = 0
    end: int = 0


def _initials(prefix_words: list[str]) -> str:
    return "".join(w[:1].upper() for w in prefix_words if w)


def body_from_match(m: re.Match[str]) -> Body:
    kind = m.lastgroup or ""
    text = m.group(0)
    fixed = {
        "ksau": ("Kommunstyrelsens arbetsutskott", "KSAU"),
        "ks": ("Kommunstyrelsen", "KS"),
        "kf": ("Kommunfullmäktige", "KF"),
        "klk": ("Kommunledningskontoret", "KLK"),
    }
    if kind in fixed:
        name, abbr = fixed[kind]
        return Body(name, abbr, m.start(), m.end())
    words = re.split(r"\s+", text)
    if kind == "nau":
        base = " ".join(words[:-1])[:-1]  # "socialnamndens" → "socialnamnden"
        name = restore_diacritics(_proper(base)) + "s arbetsutskott"
        abbr = _abbreviation(base, "N") + "AU"
    elif kind == "namnd":
        name = restore_diacritics(_proper(text))
        abbr = _abbreviation(text, "N")
    else:
        name = restore_diacritics(_proper(text))
        abbr = _abbreviation(text, "F")
    known = NAME_TO_ABBREVIATION.get(name.lower())
    return Body(name, known or abbr, m.start(), m.end())


def _proper(folded: str) -> str:
    text = re.sub(r"\s+", " ", folded.strip())
    text = text.replace("namnd", "nämnd").replace("forvaltning", "förvaltning")
    return text[:1].upper() + text[1:]


def _abbreviation(folded: str, suffix: str) -> str:
    """Initials of a committee's name: "barn- och ungdomsnamnden" → "BUN"."""
    core = re.sub(r"(namnden|namndens|forvaltningen)$", "", folded.strip())
    parts = [p for p in re.split(r"-\s*och\s+|\s+", core) if p and p != "och"]
    restored = [restore_diacritics(p) for p in parts]
    return (_initials(restored) + suffix)[:12]


def find_bodies(folded: str, start: int = 0, end: int | None = None) -> list[Body]:
    """Every body named in folded[start:end], in order."""
    end = len(folded) if end is None else end
    return [body_from_match(m) for m in BODY_RX.finditer(folded, start, end)]


def body_from_abbreviation(abbr: str) -> Body:
    return Body(ABBREVIATIONS.get(abbr, abbr), abbr)


def abbreviation_for(name: str | None) -> str:
    """The abbreviation for a body's name as the parser writes it, or the name shortened."""
    if not name:
        return ""
    known = NAME_TO_ABBREVIATION.get(name.lower())
    if known:
        return known
    from varn.reading.textnorm import fold

    found = find_bodies(fold(name))
    if found:
        return found[0].abbreviation
    return name[:20]
