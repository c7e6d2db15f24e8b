"""The suggested key figures for violence prevention, public health and social services, and the
search of Kolada's stored catalogue that the indicator page offers beside them.

Only ids that could be read in stored material are suggested; docs/indicators.md says where each
one came from. The titles here are those of the sources; where the catalogue has been fetched, the
page shows Kolada's own title instead, and choosing a figure takes title, description and gender
split from the catalogue."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from .models import KoladaKpi

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

SEARCH_LIMIT = 50


@dataclass(frozen=True)
class Suggestion:
    kpi_id: str
    title: str
    area: StrOrPromise


VIOLENCE = _("Våld och trygghet")
SOCIAL = _("Socialtjänst")
HEALTH = _("Folkhälsa")
YOUNG = _("Barn och unga")
DEMOCRACY = _("Delaktighet")
POPULATION = _("Befolkning")

SUGGESTED: list[Suggestion] = [
    Suggestion("N07609", "Otrygga vid utevistelse sen kväll i eget bostadsområde (NTU), andel (%)", VIOLENCE),
    Suggestion("N07544", "Anmälda narkotikabrott, antal per 100 000 invånare", VIOLENCE),
    Suggestion(
        "N07628", "Problem med alkohol- eller narkotikapåverkade personer utomhus, andel (%)", VIOLENCE
    ),
    Suggestion("N31807", "Invånare som någon gång under året erhållit ekonomiskt bistånd, andel (%)", SOCIAL),
    Suggestion("N31816", "Vuxna med långvarigt ekonomiskt bistånd, andel (%) av befolkningen", SOCIAL),
    Suggestion("N31001", "Kostnad ekonomiskt bistånd, kr/inv", SOCIAL),
    Suggestion("N33818", "Barn och unga 0–20 år placerade i HVB eller familjehem, antal per 1 000", SOCIAL),
    Suggestion("N00957", "Ohälsotal, dagar", HEALTH),
    Suggestion("N00938", "Sjukpenningtalet 16–64 år, dagar per försäkrad", HEALTH),
    Suggestion("N00967", "Sjukpenningtalet", HEALTH),
    Suggestion("N01720", "Arbetslösa eller i åtgärd, 16–64 år", HEALTH),
    Suggestion("N33820", "Psykisk ohälsa bland barn och unga 0–19 år, andel (%)", YOUNG),
    Suggestion("N02797", "Unga 16–24 år som varken arbetar eller studerar, andel (%)", YOUNG),
    Suggestion("N15413", "Meritvärde åk 9", YOUNG),
    Suggestion("N05401", "Valdeltagande i senaste kommunvalet, andel (%)", DEMOCRACY),
    Suggestion("N01951", "Invånare totalt, antal", POPULATION),
]
SUGGESTED_IDS = {s.kpi_id for s in SUGGESTED}


def search(text: str) -> list[Suggestion]:
    """The suggestions whose id or title holds every word of the text (ignoring case)."""
    words = text.casefold().split()
    return [s for s in SUGGESTED if all(w in f"{s.kpi_id} {s.title}".casefold() for w in words)]


@dataclass(frozen=True)
class CatalogueHits:
    rows: list[KoladaKpi]
    count: int  # every match; at most SEARCH_LIMIT of them are in rows


def search_catalogue(
    text: str, *, exclude: set[str] | frozenset[str] = frozenset(), limit: int = SEARCH_LIMIT
) -> CatalogueHits:
    """The stored catalogue's KPIs whose id or title holds every word, by id: two queries."""
    if not text.split():
        return CatalogueHits(rows=[], count=0)
    qs = KoladaKpi.objects.matching(text).exclude(pk__in=list(exclude)).order_by("id")
    return CatalogueHits(rows=list(qs[:limit]), count=qs.count())
