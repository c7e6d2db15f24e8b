"""Excel workbooks for training: the import template and the coverage export.

The export is built by `coverage_workbook`, used both by the page's download button and by
`manage.py export_training`, so a scheduled export is the same workbook as the one on screen."""

from __future__ import annotations

import datetime

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from varn.core.workbooks import save_workbook
from varn.organisations.models import Partner, Unit
from varn.programs.models import Program, TargetGroup

from .coverage import Cell, Row
from .importing import COLUMNS, SHEET_NAME
from .models import Course, TrainingEffort
from .roundtrip import add_efforts_sheet
from .services import Coverage, coverage_for

MISSING = "saknas"
BOLD = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDE5EB")


def _header(sheet: Worksheet, row: int, titles: list[str]) -> None:
    for col, title in enumerate(titles, start=1):
        cell = sheet.cell(row=row, column=col, value=title)
        cell.font = BOLD
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")


def _widths(sheet: Worksheet, widths: list[int]) -> None:
    for col, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(col)].width = width


# The import template


def template_workbook(
    *, program: Program, organisations: list[str], target_groups: list[str], courses: list[str]
) -> bytes:
    """An empty sheet with the import's columns, whose organisation, target group and course
    cells only accept the municipality's names (lists on a second sheet), and instructions."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = SHEET_NAME
    _header(sheet, 1, [title for _name, title in COLUMNS])
    _widths(sheet, [34, 22, 40, 8, 12, 12, 10, 10, 12, 40])
    sheet.freeze_panes = "A2"

    lists = workbook.create_sheet("Listor")
    for col, (title, values) in enumerate(
        [("Organisationer", organisations), ("Målgrupper", target_groups), ("Utbildningar", courses)],
        start=1,
    ):
        lists.cell(row=1, column=col, value=title).font = BOLD
        for i, value in enumerate(values, start=2):
            lists.cell(row=i, column=col, value=value)
        lists.column_dimensions[get_column_letter(col)].width = 40
    last_row = 1000
    for col, values, what in (
        (1, organisations, "organisation"),
        (2, target_groups, "målgrupp"),
        (3, courses, "utbildning"),
    ):
        letter = get_column_letter(col)
        validation = DataValidation(
            type="list",
            formula1=f"=Listor!${letter}$2:${letter}${max(2, len(values) + 1)}",
            allow_blank=True,
            showErrorMessage=True,
            errorTitle="Välj från listan",
            error=f"Välj en {what} från listan.",
        )
        validation.add(f"{letter}2:{letter}{last_row}")
        sheet.add_data_validation(validation)
    year = DataValidation(
        type="whole",
        operator="between",
        formula1=str(program.period_start),
        formula2=str(program.period_end),
        allow_blank=True,
        showErrorMessage=True,
        error=f"Ange ett år inom programperioden {program.period_label}.",
    )
    year.add(f"D2:D{last_row}")
    sheet.add_data_validation(year)
    dates = DataValidation(
        type="date",
        operator="between",
        formula1=f"DATE({program.period_start},1,1)",
        formula2=f"DATE({program.period_end},12,31)",
        allow_blank=True,
        showErrorMessage=True,
        error=f"Ange ett datum inom programperioden {program.period_label}.",
    )
    dates.add(f"E2:F{last_row}")
    sheet.add_data_validation(dates)
    counts = DataValidation(
        type="whole",
        operator="greaterThanOrEqual",
        formula1="0",
        allow_blank=True,
        showErrorMessage=True,
        error="Ange ett heltal, 0 eller större.",
    )
    counts.add(f"G2:I{last_row}")
    sheet.add_data_validation(counts)
    for row in range(2, last_row + 1):
        for col in (5, 6):
            sheet.cell(row=row, column=col).number_format = "yyyy-mm-dd"

    guide = workbook.create_sheet("Instruktioner")
    guide.column_dimensions["A"].width = 110
    lines = [
        f"Utbildningssiffror för {program.title} ({program.period_label})",
        "",
        "En rad per utbildning, organisation, målgrupp och period. Fyll i antal – aldrig namn.",
        "Förvaltning eller samverkanspart, målgrupp och utbildning väljs från listorna.",
        "Period: ange år, eller startdatum och slutdatum (ÅÅÅÅ-MM-DD) inom programperioden. "
        "En insats räknas till det år den slutar.",
        "Antal deltagare får inte vara fler än målgruppens storlek. Lämna målgruppens storlek tom "
        "om den inte är känd – då visas täckningen som saknad, inte som noll.",
        "Värn sparar inga uppgifter om enskilda personer. Kolumner med namn, och celler som liknar "
        "namn, personnummer eller e-postadresser, tas bort vid uppladdningen och räknas bara.",
        "Efter uppladdningen visas en förhandsgranskning med fel per rad. Inget sparas förrän du bekräftar.",
    ]
    for i, line in enumerate(lines, start=1):
        cell = guide.cell(row=i, column=1, value=line)
        cell.alignment = Alignment(wrap_text=True)
        if i == 1:
            cell.font = Font(bold=True, size=13)
    return save_workbook(workbook)


def template_for(program: Program, *, allowed_units=None, allowed_partners=None) -> bytes:
    """The template with the municipality's own names; a unit editor or a partner gets only
    their own organisation in the list."""
    municipality = program.municipality
    units = Unit.objects.for_municipality(municipality).filter(is_active=True).order_by("name")
    partners = Partner.objects.for_municipality(municipality).filter(is_active=True).order_by("name")
    if allowed_units is not None:
        units = units.filter(pk__in=allowed_units)
    if allowed_partners is not None:
        partners = partners.filter(pk__in=allowed_partners)
    return template_workbook(
        program=program,
        organisations=[u.name for u in units] + [p.name for p in partners],
        target_groups=[g.name for g in TargetGroup.objects.for_municipality(municipality).order_by("name")],
        courses=[
            c.name
            for c in Course.objects.for_municipality(municipality).filter(is_active=True).order_by("name")
        ],
    )


# The coverage export


def _value(cell: Cell, what: str):
    if what == "participants":
        return MISSING if cell.participants is None else cell.participants
    if what == "population":
        return MISSING if cell.population is None else cell.population
    share = cell.share
    return MISSING if share is None else round(share, 4)


def _write_rows(sheet: Worksheet, start: int, rows: list[Row], years: list[int], first: str) -> int:
    titles = [first, *[f"Deltagare {y}" for y in years]]
    titles += ["Deltagare hela perioden", "Målgruppens storlek", "Täckning", "Mål", "Når målet"]
    _header(sheet, start, titles)
    r = start
    for row in rows:
        r += 1
        values = [row.label, *[_value(c, "participants") for c in row.years]]
        values += [_value(row.period, "participants"), _value(row.period, "population")]
        values += [_value(row.period, "share"), row.target / 100 if row.target is not None else ""]
        values.append(
            {True: "ja", False: "nej", None: MISSING if row.target is not None else ""}[row.meets_target]
        )
        for col, value in enumerate(values, start=1):
            cell = sheet.cell(row=r, column=col, value=value)
            if titles[col - 1] in ("Täckning", "Mål") and isinstance(value, float | int):
                cell.number_format = "0%"
        if row.kind in ("units_total", "unions", "all"):
            for col in range(1, len(values) + 1):
                sheet.cell(row=r, column=col).font = BOLD
    return r


def _title(sheet: Worksheet, text: str, note: str = "") -> None:
    sheet.cell(row=1, column=1, value=text).font = Font(bold=True, size=13)
    if note:
        sheet.cell(row=2, column=1, value=note)


def coverage_workbook(coverage: Coverage, efforts: list[TrainingEffort] | None = None) -> Workbook:
    """The coverage tables as a workbook: one sheet per view of the figures, for every level, and,
    given `efforts`, the sheet of efforts that can be edited and read back (training/roundtrip.py)."""
    program = coverage.program
    workbook = Workbook()
    first = workbook.active
    assert first is not None
    first.title = "Om exporten"
    _widths(first, [100])
    info = [
        f"Utbildningstäckning – {program.title} ({program.period_label})",
        f"Kommun: {program.municipality.name}",
        "Täckning = antal deltagare / målgruppens storlek. ”saknas” betyder att siffran inte är "
        "inrapporterad – den är inte noll.",
        "Fackliga parter redovisas per organisation och som antal, aldrig med namn.",
    ]
    for i, line in enumerate(info, start=1):
        first.cell(row=i, column=1, value=line).font = Font(bold=i == 1, size=13 if i == 1 else 11)
    targets = workbook.create_sheet("Mål")
    _title(targets, "Programmets utbildningsmål")
    _header(targets, 3, ["Nivå", "Målgrupp", "Andel", "Senast", "Beskrivning"])
    for r, target in enumerate(coverage.targets, start=4):
        targets.cell(row=r, column=1, value=target.get_level_display())
        targets.cell(row=r, column=2, value=target.target_group.name if target.target_group else "Alla")
        targets.cell(row=r, column=3, value=target.share / 100).number_format = "0%"
        targets.cell(row=r, column=4, value=target.deadline).number_format = "yyyy-mm-dd"
        targets.cell(row=r, column=5, value=target.description)
    _widths(targets, [24, 28, 10, 12, 60])

    per_level = workbook.create_sheet("Per nivå")
    _title(per_level, "Täckning per nivå under programperioden")
    _header(
        per_level,
        3,
        [
            "Nivå",
            "Förvaltningar: deltagare",
            "Förvaltningar: målgruppens storlek",
            "Förvaltningar: täckning",
            "Fackliga parter: deltagare",
            "Fackliga parter: målgruppens storlek",
            "Fackliga parter: täckning",
            "Mål",
        ],
    )
    for r, row in enumerate(coverage.report.by_level, start=4):
        values = [
            row.label,
            _value(row.units, "participants"),
            _value(row.units, "population"),
            _value(row.units, "share"),
            _value(row.unions, "participants"),
            _value(row.unions, "population"),
            _value(row.unions, "share"),
            row.target / 100 if row.target is not None else "",
        ]
        for col, value in enumerate(values, start=1):
            cell = per_level.cell(row=r, column=col, value=value)
            if col in (4, 7, 8) and isinstance(value, float | int):
                cell.number_format = "0%"
    _widths(per_level, [24, 14, 16, 14, 14, 16, 14, 8])

    for report in coverage.reports.values():
        label = report.level_label
        sheet = workbook.create_sheet(f"{label[:24]}")
        _title(
            sheet,
            f"{label}: täckning per organisation och målgrupp",
            report.target_label and f"{report.target_label} (gäller alla målgrupper om inget annat anges)",
        )
        r = _write_rows(sheet, 4, report.by_organisation, report.years, "Organisation")
        r = _write_rows(sheet, r + 3, report.by_target_group, report.years, "Målgrupp")
        r += 3
        sheet.cell(row=r, column=1, value="Täckning över tid (ackumulerad vid årets slut)").font = BOLD
        _header(sheet, r + 1, ["År", "Kommunens förvaltningar", "Fackliga parter"])
        for i, point in enumerate(report.over_time, start=r + 2):
            sheet.cell(row=i, column=1, value=point.year)
            for col, cell_value in ((2, point.units), (3, point.unions)):
                value = _value(cell_value, "share")
                cell = sheet.cell(row=i, column=col, value=value)
                if isinstance(value, float):
                    cell.number_format = "0%"
        _widths(sheet, [34] + [12] * (len(report.years) + 5))

    unions = workbook.create_sheet("Fackliga parter")
    _title(unions, "Basutbildning erbjuden till de fackliga parterna")
    _header(
        unions, 3, ["Facklig organisation", "Utbildning", "Status", "Erbjuden", "Accepterad", "Genomförd"]
    )
    for r, offer in enumerate(coverage.offers, start=4):
        values = [
            offer.partner.name,
            offer.course.name,
            offer.get_status_display(),
            offer.offered_on,
            offer.accepted_on or "",
            offer.completed_on or "",
        ]
        for col, value in enumerate(values, start=1):
            cell = unions.cell(row=r, column=col, value=value)
            if isinstance(value, datetime.date):
                cell.number_format = "yyyy-mm-dd"
    start = len(coverage.offers) + 6
    unions.cell(
        row=start - 1, column=1, value=f"{coverage.report.level_label} per facklig organisation"
    ).font = BOLD
    _write_rows(unions, start, coverage.report.unions, coverage.report.years, "Facklig organisation")
    _widths(unions, [34, 44, 14, 12, 12, 12, 12, 12])
    if efforts is not None:
        add_efforts_sheet(workbook, efforts)
    return workbook


def coverage_export(program: Program, efforts=None) -> bytes:
    """The coverage workbook as bytes: what the page's button and `export_training` both write.
    Without `efforts`, every effort of the programme is in the editable sheet."""
    if efforts is None:
        efforts = TrainingEffort.objects.filter(municipality=program.municipality, program=program)
    efforts = list(
        efforts.select_related("course", "unit", "partner", "target_group").order_by("-year", "pk")
    )
    return save_workbook(coverage_workbook(coverage_for(program), efforts))


# The effort list


def efforts_workbook(efforts) -> bytes:
    """The training efforts as listed (filtered and sorted on the page), one row each: the
    figures as numbers and dates as dates, so Excel can sum and sort them; coverage as a share
    formatted as a percentage, empty when the target group's size is not known."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Utbildningsinsatser"
    _header(
        sheet,
        1,
        [
            "Utbildning",
            "Nivå",
            "Organisation",
            "Målgrupp",
            "Program",
            "År",
            "Startdatum",
            "Slutdatum",
            "Tillfällen",
            "Deltagare",
            "Målgruppens storlek",
            "Täckning",
        ],
    )
    _widths(sheet, [36, 16, 30, 26, 30, 8, 12, 12, 11, 11, 14, 11])
    sheet.freeze_panes = "A2"
    for row, effort in enumerate(efforts, start=2):
        share = effort.coverage
        values = [
            effort.course.name,
            effort.course.get_level_display(),
            str(effort.organisation or ""),
            effort.target_group.name if effort.target_group_id else "",
            effort.program.title,
            effort.year,
            effort.start_date,
            effort.end_date,
            effort.sessions,
            effort.participants,
            effort.target_population,
            None if share is None else round(share, 4),
        ]
        for col, value in enumerate(values, start=1):
            cell = sheet.cell(row=row, column=col, value=value)
            if isinstance(value, datetime.date):
                cell.number_format = "yyyy-mm-dd"
        sheet.cell(row=row, column=len(values)).number_format = "0%"
    return save_workbook(workbook)
