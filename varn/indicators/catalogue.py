"""The suggested key figures for violence prevention, public health and social services.

Only ids that could be read in stored material are listed (docs/indicators.md says where each one
came from). The coordinator can add any other Kolada id; the next fetch fills in its title."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Suggestion:
    kpi_id: str
    title: str
    area: str


SUGGESTED: list[Suggestion] = [
    Suggestion("N00945", "Invånare totalt, antal", "Befolkning (underlag för andelar)"),
    Suggestion("N00967", "Sjukpenningtalet", "Folkhälsa"),
    Suggestion("N01720", "Arbetslösa eller i åtgärd, 16–64 år", "Folkhälsa och social hållbarhet"),
    Suggestion("N15413", "Meritvärde åk 9", "Barn och unga, skyddsfaktorer"),
]


def search(text: str) -> list[Suggestion]:
    """The suggestions whose id or title holds every word of the text."""
    words = text.casefold().split()
    return [s for s in SUGGESTED if all(w in f"{s.kpi_id} {s.title}".casefold() for w in words)]
