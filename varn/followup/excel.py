"""The cost entries and their totals as an Excel workbook (openpyxl): one sheet of entries and one
of totals per measure, administration, goal and year, each split by funding."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from varn.core.workbooks import save_workbook

from .costs import CostSummary, Group, summarise
from .models import CostEntry, Funding

BOLD = Font(bold=True)


def _sheet(workbook: Workbook, title: str, headers: list[str], rows: list[list]) -> None:
    sheet = workbook.create_sheet(title)
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = BOLD
    for row in rows:
        sheet.append(row)
    sheet.freeze_panes = "A2"
    for i, header in enumerate(headers, 1):
        width = max([len(str(header)), *[len(str(r[i - 1])) for r in rows[:200] if i - 1 < len(r)]])
        sheet.column_dimensions[get_column_letter(i)].width = min(60, max(10, width + 2))


def _number(value: Decimal) -> float:
    return float(round(value, 1))


def _group_rows(groups: list[Group]) -> list[list]:
    return [
        [
            g.label,
            _number(g.totals.hours),
            _number(g.totals.staff_sek),
            _number(g.totals.other_sek),
            _number(g.totals.total_sek),
            *[_number(g.totals.by_funding.get(f, Decimal(0))) for f in Funding],
        ]
        for g in groups
    ]


def workbook_bytes(entries: list[CostEntry], summary: CostSummary) -> bytes:
    workbook = Workbook()
    assert workbook.active is not None
    workbook.remove(workbook.active)
    rate = summary.rate
    _sheet(
        workbook,
        _("Kostnadsposter"),
        [
            _("År"),
            _("Insats nr"),
            _("Insats"),
            _("Förvaltning"),
            _("Kostnadsslag"),
            _("Timmar"),
            _("Belopp (kr)"),
            _("Värde (kr)"),
            _("Finansiering"),
            _("Typ av uppgift"),
            _("Kommentar"),
        ],
        [
            [
                e.year,
                e.measure.code,
                e.measure.title,
                e.unit.name,
                str(e.get_category_display()),
                _number(e.hours),
                _number(e.amount),
                _number(e.value(rate)),
                str(e.get_funding_display()),
                str(e.get_basis_display()),
                e.note,
            ]
            for e in entries
        ],
    )
    headers = [
        _("Timmar"),
        _("Personaltid (kr)"),
        _("Övriga kostnader (kr)"),
        _("Totalt (kr)"),
        *[f"{f.label} (kr)" for f in Funding],
    ]
    _sheet(workbook, _("Per insats"), [_("Insats"), *headers], _group_rows(summary.measures()))
    _sheet(workbook, _("Per förvaltning"), [_("Förvaltning"), *headers], _group_rows(summary.units()))
    _sheet(workbook, _("Per mål"), [_("Mål"), *headers], _group_rows(summary.goals()))
    _sheet(workbook, _("Per år"), [_("År"), *headers], _group_rows(summary.years()))
    info = workbook.create_sheet(_("Om uppgifterna"))
    info.append([_("Timkostnad (kr)"), float(rate)])
    info.append([_("Personaltid värderas som timmar × kommunens timkostnad.")])
    return save_workbook(workbook)


def entries_workbook(entries: QuerySet[CostEntry], rate: Decimal) -> bytes:
    """These cost entries and their totals, staff time valued at `rate`; the entries in their own
    order when they have one (the cost list's sort order), else newest year first."""
    if not entries.query.order_by:
        entries = entries.order_by("-year", "measure__code", "pk")
    rows = list(entries.select_related("measure", "unit"))
    return workbook_bytes(rows, summarise(entries, rate))


def program_workbook(program) -> bytes:
    """Every cost entry of the programme and its totals: the report's appendix of costs per measure."""
    entries = CostEntry.objects.filter(municipality_id=program.municipality_id).for_program(program)
    return entries_workbook(entries, program.municipality.hourly_cost)


def round_workbook(round, rows: list, questions: list, answers: dict[tuple[int, int], str] | None) -> bytes:
    """A follow-up round's board as listed on its page (`rows`: the board's rows in the page's
    order): measure, unit, answered questions, conclusion and status; with `answers` (for those who
    may read them), each question's answer in a column of its own and the return comment."""
    workbook = Workbook()
    assert workbook.active is not None
    workbook.remove(workbook.active)
    headers = [_("Insats"), _("Förvaltning"), _("Besvarade frågor"), _("Frågor"), _("Slutsats"), _("Status")]
    if answers is not None:
        headers += [_("Kommentar vid återsändning"), *[f"{q.order}. {q.text}" for q in questions]]
    table = []
    for r in rows:
        row = [r.measure, r.unit_label, r.answered, len(questions), r.conclusion_label, r.status_label]
        if answers is not None:
            row += [r.return_comment, *[answers.get((r.pk, q.pk), "") for q in questions]]
        table.append(row)
    _sheet(workbook, _("Svar"), headers, table)
    info = workbook.create_sheet(_("Om uppgifterna"))
    info.append([_("Omgång"), round.title])
    info.append([_("Program"), round.program.title])
    info.append([_("Sista svarsdag"), round.deadline])
    info["B3"].number_format = "yyyy-mm-dd"
    return save_workbook(workbook)
