"""The key figures in the report to the politicians, each with its source (Kolada, RKA)."""

from __future__ import annotations

from varn.core.reporting import Section, Table
from varn.programs.models import Program

from .figures import format_value
from .models import KoladaSource
from .presentation import figures_for

TREND = {"up": "ökat", "down": "minskat", "same": "oförändrat", "": "–"}


def section(program: Program) -> Section | None:
    municipality = program.municipality
    figures = figures_for(municipality)
    if not figures:
        return None
    source = KoladaSource.objects.filter(municipality=municipality).first()
    group = source.group_title if source and source.group_title else "Liknande kommuner"
    rows = []
    for f in figures:
        s = f.summary
        since = f" sedan {s.previous_year}" if s.trend else ""
        rows.append(
            [
                f"{f.indicator.title or f.indicator.kpi_id} ({f.indicator.kpi_id})",
                str(s.year or "–"),
                format_value(s.value),
                TREND[s.trend] + since,
                format_value(s.comparisons.get("county")),
                format_value(s.comparisons.get("group")),
                format_value(s.comparisons.get("country")),
            ]
        )
    fetched = f" Hämtat {source.fetched_at:%Y-%m-%d}." if source and source.fetched_at else ""
    return Section(
        title="Nyckeltal",
        paragraphs=[
            "Nationella nyckeltal som programmet följer, för kommunen jämförd med länet, liknande "
            "kommuner och riket. Värdet är det senaste år som Kolada har ett värde för kommunen.",
            f"Källa: Kolada, RKA.{fetched}",
        ],
        tables=[
            Table(
                caption=f"Nyckeltal för {municipality.name} (källa: Kolada, RKA)",
                headers=["Nyckeltal", "År", municipality.name, "Utveckling", "Länet", group, "Riket"],
                rows=rows,
            )
        ],
    )
