"""Finding which of Sweden's 290 municipalities a protocol belongs to (the list itself is
varn/organisations/registry.py). Pure functions, no database."""

from __future__ import annotations

import difflib
import re
from functools import cache

from varn.organisations.registry import KnownMunicipality, all_municipalities, by_code
from varn.reading.textnorm import fold

__all__ = ["KnownMunicipality", "all_municipalities", "by_code", "find_in_text", "official_name_for"]


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
