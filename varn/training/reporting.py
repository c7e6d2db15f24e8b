"""The training section of the report to the politicians: coverage of basic training per
administration with the unions as a row of their own, coverage per level, and the offers of basic
training to the unions (KSAU 2025-10-22 § 170, Tillägg 2)."""

from __future__ import annotations

import dataclasses

from varn.core.reporting import Section, Table
from varn.programs.models import Program

from .coverage import CoverageReport, Row, format_count, format_percent
from .services import coverage_for


def _rows_table(caption: str, first: str, rows: list[Row], report: CoverageReport) -> Table:
    headers = [first, *[f"Deltagare {y}" for y in report.years]]
    headers += ["Deltagare hela perioden", "Målgruppens storlek", "Täckning"]
    body = []
    for row in rows:
        body.append(
            [
                row.label,
                *[format_count(cell.participants) for cell in row.years],
                format_count(row.period.participants),
                format_count(row.period.population),
                format_percent(row.period),
            ]
        )
    return Table(caption=caption, headers=headers, rows=body)


def section(program: Program) -> Section | None:
    coverage = coverage_for(program)
    if not coverage.has_figures and not coverage.offers:
        return None
    report = coverage.report
    totals = {row.kind: row for row in report.by_organisation}
    units, unions = totals["units_total"], totals["unions"]
    paragraphs = []
    target = ""
    if report.target is not None:
        general = [t for t in coverage.targets if t.level == report.level and not t.target_group_id]
        deadline = f" senast {general[0].deadline:%Y-%m-%d}" if general else ""
        target = f" Målet är {report.target:g} %{deadline}."
    if units.period.percent is not None:
        paragraphs.append(
            f"{format_percent(units.period)} av målgrupperna i kommunens förvaltningar har gått "
            f"basutbildning under programperioden ({format_count(units.period.participants)} deltagare)."
            + target
        )
    else:
        paragraphs.append(
            "Täckningen för kommunens förvaltningar kan inte räknas: målgruppernas storlek saknas."
        )
    missing = [r.label for r in report.by_organisation if r.kind == "unit" and r.period.is_missing]
    if missing:
        paragraphs.append("Utbildningssiffror saknas för: " + ", ".join(missing) + ".")
    offered = {o.partner_id for o in coverage.offers}
    completed = {o.partner_id for o in coverage.offers if o.status == o.Status.COMPLETED}
    paragraphs.append(
        f"De fackliga parterna erbjuds basutbildning: {len(offered)} av {len(report.unions)} fackliga "
        f"organisationer har fått erbjudandet och {len(completed)} har genomfört utbildningen. "
        + (
            f"Bland de fackliga parternas målgrupper är täckningen {format_percent(unions.period)}."
            if unions.period.percent is not None
            else "De fackliga parternas täckning saknas."
        )
        + " Deltagandet redovisas som antal per organisation, aldrig med namn."
    )
    paragraphs.append("”saknas” betyder att siffran inte är inrapporterad; den räknas inte som noll.")
    tables = [
        _rows_table(
            "Basutbildning per förvaltning och för de fackliga parterna",
            "Organisation",
            report.by_organisation,
            report,
        ),
        _rows_table("Basutbildning per målgrupp", "Målgrupp", report.by_target_group, report),
        Table(
            caption="Täckning per utbildningsnivå under programperioden",
            headers=[
                "Nivå",
                "Förvaltningar: deltagare",
                "Förvaltningar: täckning",
                "Fackliga parter: deltagare",
                "Fackliga parter: täckning",
            ],
            rows=[
                [
                    row.label,
                    format_count(row.units.participants),
                    format_percent(row.units),
                    format_count(row.unions.participants),
                    format_percent(row.unions),
                ]
                for row in report.by_level
            ],
        ),
        Table(
            caption="Basutbildning erbjuden till de fackliga parterna",
            headers=["Facklig organisation", "Utbildning", "Status", "Erbjuden", "Genomförd"],
            rows=[
                [
                    o.partner.name,
                    o.course.name,
                    o.get_status_display(),
                    f"{o.offered_on:%Y-%m-%d}",
                    f"{o.completed_on:%Y-%m-%d}" if o.completed_on else "–",
                ]
                for o in coverage.offers
            ],
        ),
    ]
    # The bars' figures are the first table's, by the organisations' full names.
    charts = [
        dataclasses.replace(chart, figures_in=tables[0].caption) if i == 0 else chart
        for i, chart in enumerate(coverage.charts)
    ]
    return Section(title="Utbildning", paragraphs=paragraphs, tables=tables, charts=charts)
