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


@dataclass(frozen=True)
class KnownMunicipality:
    code: str
    name: str  # short form: "Alingsås"
    county_code: str

    @property
    def formal_name(self) -> str:
        """How the municipality names itself in documents: "Alingsås kommun", "Stockholms stad"."""
        special = {
            "Stockholm": "Stockholms stad",
            "Göteborg": "Göteborgs Stad",
            "Malmö": "Malmö stad",
            "Gotland": "Region Gotland",
        }
        if self.name in special:
            return special[self.name]
        # Names ending in a vowel or s, x, z take no genitive s: "Täby kommun", "Alingsås kommun".
        genitive = self.name if self.name[-1].lower() in "aeiouyåäösxz" else self.name + "s"
        return f"{genitive} kommun"


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
