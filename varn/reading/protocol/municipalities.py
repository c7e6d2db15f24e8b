"""Sweden's 290 municipalities and their official codes, and finding which of them a protocol belongs
to. The list is read by path from varn/organisations/data/municipalities.csv (this package imports
no app); varn.organisations.registry re-exports it for the apps. Pure functions, no database."""

from __future__ import annotations

import csv
import difflib
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from varn.reading.textnorm import fold

DATA = Path(__file__).resolve().parents[2] / "organisations" / "data" / "municipalities.csv"


# Municipalities that do not call themselves "<name>s kommun".
OFFICIAL_NAMES = {
    "Stockholm": "Stockholms stad",
    "Göteborg": "Göteborgs Stad",
    "Malmö": "Malmö stad",
    "Gotland": "Region Gotland",
    "Falun": "Falu kommun",
    "Mölndal": "Mölndals stad",
    "Borås": "Borås Stad",
    "Trollhättan": "Trollhättans stad",
    "Västerås": "Västerås stad",
    "Solna": "Solna stad",
    "Sundbyberg": "Sundbybergs stad",
    "Lidingö": "Lidingö stad",
    "Vaxholm": "Vaxholms stad",
    "Haparanda": "Haparanda stad",
    "Landskrona": "Landskrona stad",
}


@dataclass(frozen=True)
class KnownMunicipality:
    code: str
    name: str  # short form: "Alingsås"
    county_code: str

    @property
    def official_name(self) -> str:
        """How the municipality names itself in documents: "Alingsås kommun", "Stockholms stad"."""
        if self.name in OFFICIAL_NAMES:
            return OFFICIAL_NAMES[self.name]
        # Names ending in a vowel or s, x, z take no genitive s: "Täby kommun", "Alingsås kommun".
        if self.name[-1].lower() in "aeiouyåäösxz":
            return f"{self.name} kommun"
        return f"{self.name}s kommun"


@cache
def all_municipalities() -> tuple[KnownMunicipality, ...]:
    with DATA.open(encoding="utf-8") as f:
        return tuple(
            KnownMunicipality(row["code"], row["name"], row["county_code"]) for row in csv.DictReader(f)
        )


def by_code(code: str) -> KnownMunicipality | None:
    return next((m for m in all_municipalities() if m.code == code), None)


@cache
def _by_folded_form() -> dict[str, KnownMunicipality]:
    """Folded name and folded genitive ("alingsas", "lerums", "goteborgs") → municipality."""
    forms: dict[str, KnownMunicipality] = {}
    for m in all_municipalities():
        base = fold(m.name)
        forms[base] = m
        if not base.endswith(("s", "x", "z")):
            forms.setdefault(base + "s", m)
        official = fold(m.official_name)
        forms.setdefault(re.sub(r"\s+(kommun|stad)$", "", official), m)
    forms["region gotland"] = next(m for m in all_municipalities() if m.name == "Gotland")
    forms["falu"] = next(m for m in all_municipalities() if m.name == "Falun")
    return forms


def diacritic_words() -> dict[str, str]:
    """Folded word → proper spelling, for the words of municipality names that have å, ä or ö."""
    words: dict[str, str] = {}
    for m in all_municipalities():
        for word in re.split(r"[\s-]+", m.name.lower()):
            if fold(word) != word:
                words[fold(word)] = word
                if not word.endswith("s"):
                    words[fold(word) + "s"] = word + "s"
    return words


_KOMMUN = re.compile(r"\b(kommun|stad)\b")
_WORDS_BEFORE = re.compile(r"([a-z][a-z\-]*(?:\s+[a-z][a-z\-]*){0,2})\s+$")


def find_in_text(folded: str) -> dict[str, int]:
    """Municipality code → how often "<name> kommun" (or stad) occurs in already folded text."""
    forms = _by_folded_form()
    counts: dict[str, int] = {}
    for m in _KOMMUN.finditer(folded):
        before = folded[max(0, m.start() - 40) : m.start()]
        words = _WORDS_BEFORE.search(before)
        if not words:
            continue
        parts = words.group(1).split()
        for n in (3, 2, 1):  # longest name first: "upplands vasby" before "vasby"
            if len(parts) >= n:
                candidate = " ".join(parts[-n:])
                found = forms.get(candidate)
                if found:
                    counts[found.code] = counts.get(found.code, 0) + 1
                    break
    for _match in re.finditer(r"\bregion gotland\b", folded):
        code = forms["region gotland"].code
        counts[code] = counts.get(code, 0) + 1
    return counts


def guess_from_letterspaced(folded_lines: list[str]) -> KnownMunicipality | None:
    """A logo's letter-spaced name as OCR reads it ("a l i n g s s"), compared to the names."""
    names = {fold(m.name).replace(" ", ""): m for m in all_municipalities()}
    for line in folded_lines:
        for run in re.findall(r"(?:\b[a-z]\b\s*){4,}", line):
            squeezed = re.sub(r"\s+", "", run)
            close = difflib.get_close_matches(squeezed, list(names), n=1, cutoff=0.8)
            if close:
                return names[close[0]]
    return None


def official_name_for(name: str) -> str | None:
    """ "alingsas" or "Alingsås kommun" → "Alingsås kommun"; None when not a municipality."""
    key = re.sub(r"\s+(kommun|stad)$", "", fold(name.strip()))
    found = _by_folded_form().get(key)
    return found.official_name if found else None
