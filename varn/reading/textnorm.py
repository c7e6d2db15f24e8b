"""Text normalisation for OCR'd Swedish: repairing common OCR confusions, folding for tolerant
comparison, and restoring å/ä/ö in text whose OCR lost them. Pure functions, no database.

Folding is one character to one character, so a position found in folded text is the same
position in the text it was folded from."""

from __future__ import annotations

import re
from functools import lru_cache

# --- OCR repair ---------------------------------------------------------------------------------

_LIGATURES = str.maketrans(
    {
        "ﬁ": "fi",
        "ﬂ": "fl",
        "ﬀ": "ff",
        "ﬃ": "ffi",
        "ﬄ": "ffl",
        "“": '"',
        "”": '"',
        "„": '"',
        "«": '"',
        "»": '"',
        "‘": "'",
        "’": "'",
        "\u00a0": " ",
        "\u2009": " ",
        "\u200b": "",
        "\ufeff": "",
        "\t": " ",
    }
)

# Words that really are written with é; elsewhere OCR reads ö as é ("férebyggande").
_REAL_E_ACUTE = (
    "idé",
    "armé",
    "allé",
    "kafé",
    "café",
    "entré",
    "komité",
    "resumé",
    "diarré",
    "filé",
    "andré",
)
_E_ACUTE_IN_WORD = re.compile(r"(?<=[A-Za-zåäöÅÄÖ])é|é(?=[a-zåäö]{2})")
_WORD = re.compile(r"[A-Za-zÅÄÖåäöÉéÜü0-9\[|]+")
# "6vriga" for "övriga", "[dmnat" for "lämnat": a digit or bracket where a letter belongs.
_SIX_FOR_O = re.compile(r"(?<![\w])6(?=[a-zåäö]{2,})|(?<=[a-zåäö])6(?=[a-zåäö])")
_BRACKET_FOR_L = re.compile(r"(?<![\w\[])[\[|](?=[a-zåäö]{2,})")


def _fix_e_acute(match: re.Match[str]) -> str:
    word = match.group(0)
    low = word.lower()
    if "é" not in low or any(low.startswith(w) for w in _REAL_E_ACUTE):
        return word
    if low.endswith("é") and low.count("é") == 1:
        return word  # "kafé", "idé": a final é is usually real
    return _E_ACUTE_IN_WORD.sub("ö", word)


_LIGATURE_CHARS = frozenset("ﬁﬂﬀﬃﬄ“”„«»‘’\u00a0\u2009\u200b\ufeff\t")


def repair_ocr(text: str) -> str:
    """Undo the OCR confusions that are safe to undo (ligatures, quotes, é for ö, 6 for ö, [ for l)."""
    if not _LIGATURE_CHARS.isdisjoint(text):
        text = text.translate(_LIGATURES)
    if "é" in text:
        text = _WORD.sub(_fix_e_acute, text)
    if "6" in text:
        text = _SIX_FOR_O.sub("ö", text)
    if "[" in text or "|" in text:
        text = _BRACKET_FOR_L.sub("l", text)
    return text


# --- Folding ------------------------------------------------------------------------------------

_FOLD = str.maketrans(
    {
        "å": "a",
        "ä": "a",
        "ö": "o",
        "é": "e",
        "è": "e",
        "ü": "u",
        "Å": "a",
        "Ä": "a",
        "Ö": "o",
        "É": "e",
        "È": "e",
        "Ü": "u",
    }
)


_FOLD_PAIRS = (("å", "a"), ("ä", "a"), ("ö", "o"), ("é", "e"), ("è", "e"), ("ü", "u"))


def fold(text: str) -> str:
    """Lower case with å, ä → a, ö → o, é → e, one character for one character."""
    low = text.lower()
    if len(low) != len(text):  # a few characters lower-case to two; keep positions aligned
        low = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    if low.isascii():
        return low
    for char, plain in _FOLD_PAIRS:
        if char in low:
            low = low.replace(char, plain)
    return low


_KEY_WORD = re.compile(r"[0-9a-z]+")


def match_key(text: str) -> tuple[str, list[int]]:
    """A key for tolerant matching, and for each key character its index in `text`.

    The key keeps only letters and digits (folded), drops a word repeated right after itself
    ("mellan mellan"), and so ignores whitespace, hyphenation at line ends and punctuation."""
    folded = fold(repair_ocr(text)) if _needs_repair(text) else fold(text)
    if len(folded) != len(text):  # repair changed the length (ligatures): map on the repaired text
        return _key_of(folded, None)
    return _key_of(folded, list(range(len(text))))


def _needs_repair(text: str) -> bool:
    return any(c in text for c in "ﬁﬂﬀﬃﬄé6[|")


def _key_of(folded: str, positions: list[int] | None) -> tuple[str, list[int]]:
    chars: list[str] = []
    index: list[int] = []
    previous = None
    for m in _KEY_WORD.finditer(folded):
        word = m.group(0)
        if word == previous:
            continue
        previous = word
        chars.append(word)
        start = m.start()
        index.extend((positions[start + i] if positions else start + i) for i in range(len(word)))
    return "".join(chars), index


def simple_key(text: str) -> str:
    return match_key(text)[0]


# --- Restoring å, ä and ö -----------------------------------------------------------------------

# Whole words that OCR without diacritics turns into other, non-Swedish words.
_WORDS = {
    "for": "för",
    "pa": "på",
    "ar": "är",
    "da": "då",
    "sa": "så",
    "nar": "när",
    "bade": "både",
    "fran": "från",
    "aven": "även",
    "ocksa": "också",
    "over": "över",
    "ga": "gå",
    "gar": "går",
    "far": "får",
    "fatt": "fått",
    "darfor": "därför",
    "ifran": "ifrån",
    "infor": "inför",
    "galler": "gäller",
    "gallande": "gällande",
    "tva": "två",
    "dar": "där",
    "annu": "ännu",
    "maste": "måste",
    "ater": "åter",
    "atta": "åtta",
    "valdet": "våldet",
    "valdets": "våldets",
    "manga": "många",
    "nagon": "någon",
    "nagot": "något",
    "nagra": "några",
    "hallbarhet": "hållbarhet",
    "sadan": "sådan",
    "sadana": "sådana",
    "sasom": "såsom",
    "fortryck": "förtryck",
    "nasta": "nästa",
    "sarskilt": "särskilt",
    "sarskild": "särskild",
    "sarskilda": "särskilda",
    "fraga": "fråga",
    "fragan": "frågan",
    "fragor": "frågor",
    "fragorna": "frågorna",
    "kanner": "känner",
    "narvarande": "närvarande",
    "ordforande": "ordförande",
    "ordforanden": "ordföranden",
    "ledamoter": "ledamöter",
    "ledamoterna": "ledamöterna",
    "ersattare": "ersättare",
    "ersattarna": "ersättarna",
    "foljande": "följande",
    "foljer": "följer",
    "tillagg": "tillägg",
    "laggs": "läggs",
    "lagga": "lägga",
    "lagger": "lägger",
    "tillagget": "tillägget",
    "tillaggen": "tilläggen",
    "rostning": "röstning",
    "nej-roster": "nej-röster",
    "ja-roster": "ja-röster",
    "roster": "röster",
}

# Stems, matched with an inflection ending from _ENDINGS ("forvaltning" + "ar").
_STEMS = {
    "forvaltning": "förvaltning",
    "forebyggande": "förebyggande",
    "forebygg": "förebygg",
    "forslag": "förslag",
    "foresla": "föreslå",
    "foreslar": "föreslår",
    "foreslas": "föreslås",
    "foreslog": "föreslog",
    "forandr": "förändr",
    "fordelaktig": "fördelaktig",
    "fordjupad": "fördjupad",
    "forening": "förening",
    "forutsattning": "förutsättning",
    "forbattr": "förbättr",
    "forstark": "förstärk",
    "forsamling": "församling",
    "fortroendevald": "förtroendevald",
    "fortydlig": "förtydlig",
    "forklar": "förklar",
    "forankr": "förankr",
    "forst": "först",
    "forhall": "förhåll",
    "forhindr": "förhindr",
    "uppfoljning": "uppföljning",
    "uppfolj": "uppfölj",
    "genomfor": "genomför",
    "genomford": "genomförd",
    "namnd": "nämnd",
    "namnden": "nämnden",
    "fullmaktige": "fullmäktige",
    "arende": "ärende",
    "arendet": "ärendet",
    "aterremiss": "återremiss",
    "aterremitter": "återremitter",
    "sammantrade": "sammanträde",
    "sammantradet": "sammanträdet",
    "beslutsgang": "beslutsgång",
    "tjansteskrivelse": "tjänsteskrivelse",
    "tjansteman": "tjänsteman",
    "hallbar": "hållbar",
    "halsa": "hälsa",
    "halso": "hälso",
    "ohalsa": "ohälsa",
    "folkhalsa": "folkhälsa",
    "folkhalso": "folkhälso",
    "samhall": "samhäll",
    "samhalle": "samhälle",
    "samhalls": "samhälls",
    "langsiktig": "långsiktig",
    "langsiktighet": "långsiktighet",
    "nodvandig": "nödvändig",
    "bedom": "bedöm",
    "bedomning": "bedömning",
    "overgripande": "övergripande",
    "ovrig": "övrig",
    "overenskommelse": "överenskommelse",
    "oversyn": "översyn",
    "oka": "öka",
    "okning": "ökning",
    "lamna": "lämna",
    "lamnat": "lämnat",
    "lamnad": "lämnad",
    "arlig": "årlig",
    "arligen": "årligen",
    "kostnad": "kostnad",
    "redovisning": "redovisning",
    "mansklig": "mänsklig",
    "rattighet": "rättighet",
    "ratt": "rätt",
    "krankning": "kränkning",
    "lindrig": "lindrig",
    "hedersrelaterat": "hedersrelaterat",
    "karnfull": "kärnfull",
    "nyckeltal": "nyckeltal",
    "matas": "mätas",
    "mats": "mäts",
    "verksamhet": "verksamhet",
    "godkann": "godkänn",
    "godkand": "godkänd",
    "tillagg": "tillägg",
    "tillaggsyrkande": "tilläggsyrkande",
    "andringsyrkande": "ändringsyrkande",
    "andring": "ändring",
    "stall": "ställ",
    "rost": "röst",
    "omrostning": "omröstning",
    "avsla": "avslå",
    "avslar": "avslår",
    "bifoll": "biföll",
    "jamstalld": "jämställd",
    "jamstalldhet": "jämställdhet",
    "valds": "vålds",
    "utovare": "utövare",
    "utova": "utöva",
    "behov": "behov",
    "bostad": "bostad",
    "barnrätt": "barnrätt",
    "aldre": "äldre",
    "aldreomsorg": "äldreomsorg",
    "kommunovergripande": "kommunövergripande",
    "lansstyrelse": "länsstyrelse",
    "narstaende": "närstående",
    "nara": "nära",
    "motesplats": "mötesplats",
    "mote": "möte",
    "sjalv": "själv",
    "stod": "stöd",
    "stodj": "stödj",
    "hog": "hög",
    "fatt": "fått",
    "uppdrag": "uppdrag",
    "sakerhet": "säkerhet",
    "trygghet": "trygghet",
    "kvinnofrid": "kvinnofrid",
    "fortryck": "förtryck",
    "hjalp": "hjälp",
    "lakare": "läkare",
    "larare": "lärare",
    "skolhalsovard": "skolhälsovård",
    "elevhalsa": "elevhälsa",
    "hemtjanst": "hemtjänst",
    "tjanst": "tjänst",
    "fornya": "förnya",
    "forlang": "förläng",
    "forsorjning": "försörjning",
    "paverka": "påverka",
    "paverkar": "påverkar",
    "pagar": "pågår",
    "pagaende": "pågående",
    "gemensamma": "gemensamma",
    "sammantradesprotokoll": "sammanträdesprotokoll",
    "justerare": "justerare",
    "utgor": "utgör",
    "utgora": "utgöra",
    "utgar": "utgår",
    "drabb": "drabb",
    "lidande": "lidande",
    "skall": "skall",
    "kommunstyrelse": "kommunstyrelse",
    "dialog": "dialog",
    "riktning": "riktning",
    "hanter": "hanter",
    "samordningsansvar": "samordningsansvar",
    "finansiering": "finansiering",
    "basutbildning": "basutbildning",
    "forvaltningsoverskridande": "förvaltningsöverskridande",
    "sjukvard": "sjukvård",
    "vard": "vård",
    "omsorg": "omsorg",
    "malgrupp": "målgrupp",
    "mal": "mål",
    "delmal": "delmål",
    "atgard": "åtgärd",
    "arsredovisning": "årsredovisning",
    "budgetar": "budgetår",
    "yttrand": "yttrand",
    "tidigare": "tidigare",
    "revidering": "revidering",
    "reviderat": "reviderat",
    "kortats": "kortats",
    "forordning": "förordning",
    "kanslig": "känslig",
}

_ENDINGS = (
    "",
    "s",
    "a",
    "e",
    "n",
    "t",
    "r",
    "en",
    "et",
    "er",
    "ar",
    "or",
    "na",
    "ns",
    "ts",
    "es",
    "as",
    "ad",
    "at",
    "de",
    "te",
    "da",
    "ta",
    "ande",
    "ende",
    "ade",
    "ades",
    "ats",
    "ar",
    "ets",
    "ens",
    "ers",
    "arna",
    "erna",
    "orna",
    "arnas",
    "ernas",
    "ornas",
    "erat",
    "eras",
    "erade",
    "ering",
    "eringar",
    "ningen",
    "ningar",
    "ningen",
    "ingen",
    "ingar",
    "et",
    "ena",
    "lig",
    "liga",
    "ligt",
    "het",
    "heten",
    "heter",
    "na",
    "ne",
)
_ENDING_SET = frozenset(_ENDINGS)
_MIN_COMPOUND_PART = 4
_MIN_COMPOUND_TAIL = 6
_LETTERS = re.compile(r"[A-Za-zÅÄÖåäöéÉ][A-Za-zÅÄÖåäöéÉ\-]*")
_PHRASES = [
    (re.compile(r"\bmans vald mot kvinnor\b"), "mäns våld mot kvinnor"),
    (re.compile(r"\bMans vald mot kvinnor\b"), "Mäns våld mot kvinnor"),
    (re.compile(r"\b([Vv])ald(?= i n[aä]ra| mot | och f| i sig)"), r"\1åld"),
]


@lru_cache(maxsize=20000)
def _restore_simple(word: str) -> str | None:
    """A lower-case word with its diacritics back, from the word list or a stem and an ending."""
    if word in _WORDS:
        return _WORDS[word]
    for cut in range(len(word), 2, -1):
        stem = word[:cut]
        if stem in _STEMS and word[cut:] in _ENDING_SET:
            return _STEMS[stem] + word[cut:]
    return None


@lru_cache(maxsize=20000)
def _restore_word(word: str) -> str | None:
    simple = _restore_simple(word)
    if simple is not None:
        return simple
    if "-" in word:  # "samhalls- och": restore each part
        parts = word.split("-")
        restored = [(_restore_word(p) or p) if p else p for p in parts]
        return "-".join(restored) if restored != parts else None
    # A compound: a known head that needs diacritics and any tail ("folkhalso" + "problem"),
    # or any head and a long known tail ("social" + "forvaltningen").
    for i in range(_MIN_COMPOUND_PART, len(word) - _MIN_COMPOUND_PART + 1):
        head, tail = word[:i], word[i:]
        head_fixed = _STEMS.get(head) or (
            _STEMS[head[:-1]] + "s" if head.endswith("s") and head[:-1] in _STEMS else None
        )
        tail_fixed = _restore_tail(tail)
        if head_fixed is not None and head_fixed != head:
            return head_fixed + (tail_fixed or tail)
        if tail_fixed is not None and tail_fixed != tail:
            return (head_fixed or head) + tail_fixed
    return None


def _restore_tail(tail: str) -> str | None:
    for cut in range(len(tail), _MIN_COMPOUND_TAIL - 1, -1):
        stem = tail[:cut]
        if stem in _STEMS and tail[cut:] in _ENDING_SET:
            return _STEMS[stem] + tail[cut:]
    return None


def _case_like(model: str, restored: str) -> str:
    if model.isupper() and len(model) > 1:
        return restored.upper()
    if model[:1].isupper():
        return restored[:1].upper() + restored[1:]
    return restored


def restore_diacritics(text: str, extra: dict[str, str] | None = None) -> str:
    """Put å, ä and ö back into words that OCR wrote without them ("valdsforebyggande" →
    "våldsförebyggande"). Knows the words of protocols and programmes; leaves others as they are."""
    for pattern, replacement in _PHRASES:
        text = pattern.sub(replacement, text)

    def fix(m: re.Match[str]) -> str:
        word = m.group(0)
        low = word.lower()
        if any(c in low for c in "åä"):
            return word
        folded = low.replace("ö", "o")  # an ö from OCR repair: restore the rest of the word
        restored = (extra or {}).get(folded) or _restore_word(folded)
        if restored is None and "ö" in low:  # OCR's é stood for ä as often as for ö
            restored = _restore_word(low.replace("ö", "a"))
        return _case_like(word, restored) if restored else word

    return _LETTERS.sub(fix, text)


_ANY_LETTER = re.compile(r"[^\W\d_]")


def lacks_diacritics(text: str) -> bool:
    """True when a longer Swedish text has (almost) no å and ä: its OCR dropped them."""
    letters = len(_ANY_LETTER.findall(text[:200_000]))
    if letters < 200:
        return False
    marked = sum(text.count(c) for c in "åäÅÄ")
    return marked / letters < 0.002
