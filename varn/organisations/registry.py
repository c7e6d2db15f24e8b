"""Sweden's 290 municipalities and their official codes, for normalising names found in documents
and for generating realistic data."""

from __future__ import annotations

import re
import unicodedata

# The list and its reading live in the reading package (which imports no app); the apps use it here.
from varn.reading.protocol.municipalities import (
    DATA,
    OFFICIAL_NAMES,
    KnownMunicipality,
    all_municipalities,
    by_code,
)

__all__ = [
    "DATA",
    "OFFICIAL_NAMES",
    "KnownMunicipality",
    "all_municipalities",
    "by_code",
    "fold",
    "slugify_name",
]


def fold(text: str) -> str:
    """Lower case, å/ä/ö folded to a/a/o and other marks removed: OCR often loses them."""
    text = unicodedata.normalize("NFKD", text.lower())
    return re.sub(r"[^a-z0-9 ]", "", "".join(c for c in text if not unicodedata.combining(c)))


def slugify_name(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(name)).strip("-")
