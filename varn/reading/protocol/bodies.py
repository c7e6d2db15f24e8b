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
    # Alingsås's committees (the first customer); a document's own names come first (see
    # body_from_abbreviation).
    "BUNAU": "Barn- och ungdomsnämndens arbetsutskott",
    "KUN": "Kultur- och utbildningsnämnden",
    "KUNAU": "Kultur- och utbildningsnämndens arbetsutskott",
    "TEN": "Tekniska nämnden",
    "TENAU": "Tekniska nämndens arbetsutskott",
    "ÖFN": "Överförmyndarnämnden",
    "BMN": "Bygg- och miljönämnden",
    "VONAU": "Vård- och omsorgsnämndens arbetsutskott",
}
NAME_TO_ABBREVIATION = {name.lower(): abbr for abbr, name in ABBREVIATIONS.items()}

BODY_RX = re.compile(
    r"(?<![a-z])(?:"
    r"(?P<ksau>kommunstyrelsens\s+arbetsutskott)"
    r"|(?P<ks>kommunstyrelsen)"
    r"|(?P<kf>kommunfullmaktige)"
    r"|(?P<klk>kommunledningskontoret|kommunstyrelsens\s+forvaltning)"
    r"|(?P<nau>(?:[a-z]{2,20}-\s*och\s+)?(?:[a-z]{3,30}namndens|tekniska\s+namndens)\s+arbetsutskott)"
    r"|(?P<namnd>(?:[a-z]{2,20}-\s*och\s+)?[a-z]{3,30}namnden|tekniska\s+namnden)"
    r"|(?P<forv>(?:[a-z]{2,20}-\s*och\s+)?[a-z]{3,30}forvaltningen|lansstyrelsen|lansstyrelsens)"
    # Bodies that are not a municipality's own committees: a kommunalförbund's direktion, a region,
    # a beredning, a råd.
    r"|(?P<other>(?:forbunds)?direktionen|forbundsstyrelsen|forbundsfullmaktige|regionstyrelsen"
    r"|regionfullmaktige|[a-z]{4,30}beredningen|(?:kommunala\s+)?[a-z]{4,30}(?<![dt])radet)"
    r"|(?P<au>(?<![a-z] )arbetsutskottet)"
    r"|(?P<self>(?<![a-z-])namnden\b)"
    r")"
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


def body_from_match(m: re.Match[str], original: str | None = None) -> Body:
    """The body a BODY_RX match names; its name spelt as in `original` (the text the folded text was
    folded from) when given, else with å/ä/ö restored."""
    kind = m.lastgroup or ""
    text = m.group(0)
    fixed = {
        "ksau": ("Kommunstyrelsens arbetsutskott", "KSAU"),
        "ks": ("Kommunstyrelsen", "KS"),
        "kf": ("Kommunfullmäktige", "KF"),
        "klk": ("Kommunledningskontoret", "KLK"),
        "au": ("Arbetsutskottet", "AU"),
        "self": ("Nämnden", "SELF"),
    }
    if kind in fixed:
        name, abbr = fixed[kind]
        return Body(name, abbr, m.start(), m.end())
    spelt = _spelt(original[m.start() : m.end()]) if original is not None else None
    words = re.split(r"\s+", text)
    if kind == "nau":
        base = " ".join(words[:-1])[:-1]  # "socialnamndens" → "socialnamnden"
        name = spelt or restore_diacritics(_proper(base)) + "s arbetsutskott"
        abbr = _abbreviation(base, "N") + "AU"
    elif kind == "namnd":
        name = spelt or restore_diacritics(_proper(text))
        abbr = _abbreviation(text, "N")
    elif kind == "other":
        name = spelt or restore_diacritics(_proper(text))
        abbr = name
    else:
        name = spelt or restore_diacritics(_proper(text))
        abbr = _abbreviation(text, "F")
    known = NAME_TO_ABBREVIATION.get(name.lower())
    return Body(name, known or abbr, m.start(), m.end())


def is_political(body: Body) -> bool:
    """A body that decides (not an administration such as a förvaltning or the kommunledningskontor)."""
    name = body.name.lower()
    return (
        body.abbreviation != "KLK"
        and not name.endswith(("förvaltningen", "forvaltningen"))
        and not name.startswith(("länsstyrelse", "lansstyrelse"))
    )


def _spelt(original: str) -> str | None:
    """A body's name as the text spells it, first letter capital ("BARN- OCH UNGDOMSNÄMNDEN" →
    "Barn- och ungdomsnämnden"); None when the text lost its å/ä/ö (OCR)."""
    text = re.sub(r"-och\b", "- och", " ".join(original.split()).lower())
    if not re.search(r"[åäö]", text) and restore_diacritics(text) != text:
        return None
    return text[:1].upper() + text[1:]


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


def find_bodies(
    folded: str, start: int = 0, end: int | None = None, original: str | None = None
) -> list[Body]:
    """Every body named in folded[start:end], in order (spelt as in `original` when given)."""
    end = len(folded) if end is None else end
    return [body_from_match(m, original) for m in BODY_RX.finditer(folded, start, end)]


def body_from_abbreviation(abbr: str, known: dict[str, str] | None = None) -> Body:
    """The body an abbreviation stands for: in this document's own bodies (`known`, abbreviation →
    name: "BUN" is Barn- och utbildningsnämnden in Lomma, Barn- och ungdomsnämnden in Alingsås) first."""
    if known and abbr in known:
        return Body(known[abbr], abbr)
    if known and abbr.endswith("AU") and abbr[:-2] in known:  # "BUN AU": the document's BUN's utskott
        return Body(known[abbr[:-2]] + "s arbetsutskott", abbr)
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
