"""Sweden's 290 municipalities and their official codes, for normalising names found in documents
and for generating realistic data."""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA = Path(__file__).parent / "data" / "municipalities.csv"


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


def fold(text: str) -> str:
    """Lower case, å/ä/ö folded to a/a/o and other marks removed: OCR often loses them."""
    text = unicodedata.normalize("NFKD", text.lower())
    return re.sub(r"[^a-z0-9 ]", "", "".join(c for c in text if not unicodedata.combining(c)))


def by_code(code: str) -> KnownMunicipality | None:
    return next((m for m in all_municipalities() if m.code == code), None)


def slugify_name(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(name)).strip("-")
