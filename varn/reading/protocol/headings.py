"""Section headings inside a paragraph ("Beslutsunderlag", "Yrkanden", "Beslutsgång", "Kommunstyrelsens
beslut"), found tolerantly (one OCR error), and the § heading pattern. Pure."""

from __future__ import annotations

import re

HEADING_RX = re.compile(
    r"^\s*(?:(?P<abbr>[A-ZÅÄÖ]{2,6})\s*)?§\s*(?P<num>\d{1,4})(?:/(?:19|20)\d\d(?!\d))?(?![\d/])\s*[,.:]?\s*(?P<rest>.*)$"
)

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
        "overlaggning",
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
        "kommunfullmaktiges handlaggning",
        "kommunstyrelsens handlaggning",
        "namndens handlaggning",
        "handlaggning",
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
        "anteckning",
        "anteckningar",
        "delegationsbeslut",
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


def section_of(folded: str) -> str | None:
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
