"""Excel round trips: export a list, let it be edited, import it with a dry-run preview.

The pieces every round trip shares, so that measures, costs and training figures work alike:

- `write_cell` / `write_table`: the exported cells; the workbook is saved with
  `core.workbooks.save_workbook`, which writes formula-like text as plain text in every cell.
- `read_table`: the uploaded bytes to plain rows (a dict per row, keyed by the template's column
  names), refusing a workbook that is not the template and marking every cell that holds a
  formula: values are read, formulas are never evaluated. Pure: bytes in, plain data out, so it
  can run in a worker.
- `Outcome`: what one row of the file would do (old → new per field, or a new record) or why it
  is refused; as plain data it is the preview a background job keeps in `Job.result` (ADR 0125).
"""

from __future__ import annotations

import datetime
import io
import re
import zipfile
from dataclasses import asdict, dataclass, field
from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_ROWS = 5000
MAX_EMPTY_RUN = 1000
HEADER_SCAN_ROWS = 10
BOLD = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDE5EB")


class TableError(ValueError):
    """The file cannot be used at all; the message is for the user."""


# Writing


def write_cell(sheet: Worksheet, row: int, column: int, value: Any) -> Any:
    """Write one exported cell. Formula-like text is made plain text for every cell at once when
    the workbook is saved (`core.workbooks.save_workbook`), so it is not handled here twice."""
    cell = sheet.cell(row=row, column=column)
    cell.value = value
    if isinstance(value, datetime.date):
        cell.number_format = "yyyy-mm-dd"
    return cell


def write_table(sheet: Worksheet, headers: list[str], rows: list[list[Any]], widths: list[int]) -> None:
    for col, title in enumerate(headers, start=1):
        cell = write_cell(sheet, 1, col, title)
        cell.font = BOLD
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for r, values in enumerate(rows, start=2):
        for col, value in enumerate(values, start=1):
            write_cell(sheet, r, col, value)
    for col, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(col)].width = width
    sheet.freeze_panes = "A2"


def write_guide(workbook: Workbook, lines: list[str]) -> None:
    guide = workbook.create_sheet(_("Instruktioner"))
    guide.column_dimensions["A"].width = 110
    for i, line in enumerate(lines, start=1):
        cell = write_cell(guide, i, 1, line)
        cell.alignment = Alignment(wrap_text=True)
        if i == 1:
            cell.font = Font(bold=True, size=13)


# Reading


def normalise(text: Any) -> str:
    return " ".join(str(text or "").replace("\u00a0", " ").split()).casefold()


def plain_value(value: Any) -> Any:
    """A cell value as JSON-friendly plain data: text, whole numbers, numbers, ISO dates."""
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, int | float):
        return value
    text = str(value).strip()
    return text or None


def read_table(
    data: bytes, *, sheet_name: str, columns: list[tuple[str, str]], required: list[str]
) -> list[dict]:
    """The rows under the template's header row, as {"row": n, name: plain value, "formulas": [...]}.

    `columns` are (name, header) in the template's order; the header row is found among the first
    rows by its headers. Raises TableError for a file that is not a workbook, not the template, or
    too large."""
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError) as error:
        raise TableError(_("Excel-filen är skadad eller inte en arbetsbok och kan inte läsas.")) from error
    try:
        if sheet_name not in workbook.sheetnames:
            raise TableError(
                _("Filen är inte Värns mall: bladet ”%(sheet)s” saknas. Exportera listan på nytt.")
                % {"sheet": sheet_name}
            )
        by_header = {normalise(header): name for name, header in columns}
        labels = dict(columns)
        header: dict[int, str] = {}
        rows: list[dict] = []
        empty_run = 0
        for number, cells in enumerate(workbook[sheet_name].iter_rows(), start=1):
            if not header:
                found = {j: by_header.get(normalise(c.value), "") for j, c in enumerate(cells)}
                if sum(1 for name in found.values() if name) >= 2:
                    header = {j: name for j, name in found.items() if name}
                    missing = [labels[n] for n in required if n not in header.values()]
                    if missing:
                        raise TableError(
                            _("Filen är inte Värns mall: kolumner saknas: %(columns)s.")
                            % {"columns": ", ".join(f"”{m}”" for m in missing)}
                        )
                elif number >= HEADER_SCAN_ROWS:
                    break
                continue
            values: dict[str, Any] = {}
            formulas: list[str] = []
            for j, cell in enumerate(cells):
                name = header.get(j)
                if not name:
                    continue
                if cell.data_type == "f":
                    formulas.append(labels[name])
                    continue
                value = plain_value(cell.value)
                if value is not None:
                    values[name] = value
            if not values and not formulas:
                empty_run += 1
                if empty_run > MAX_EMPTY_RUN:
                    break
                continue
            empty_run = 0
            values["row"] = number
            if formulas:
                values["formulas"] = formulas
            rows.append(values)
            if len(rows) > MAX_ROWS:
                raise TableError(
                    _("Filen har fler än %(max)s rader. Dela upp den i flera filer.") % {"max": MAX_ROWS}
                )
        if not header:
            raise TableError(
                _("Filen är inte Värns mall: rubrikraden (%(columns)s) hittades inte.")
                % {"columns": ", ".join(f"”{labels[n]}”" for n in required)}
            )
        if not rows:
            raise TableError(_("Filen innehåller inga rader under rubrikraden."))
        return rows
    finally:
        workbook.close()


def formula_error(values: dict) -> str:
    if not values.get("formulas"):
        return ""
    return _("Formler läses inte (%(columns)s): skriv in värdet i cellen i stället.") % {
        "columns": ", ".join(values["formulas"])
    }


def whole_number(value: Any) -> int | None:
    """A whole number from a cell, or None when it is not one."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() else None
    text = str(value).replace("\u00a0", "").replace(" ", "")
    return int(text) if re.fullmatch(r"-?\d+", text) else None


def quote(value: Any) -> str:
    text = str(value)
    return "”" + (text if len(text) <= 60 else text[:57] + "…") + "”"


# What a row does


@dataclass
class Change:
    label: str
    old: str
    new: str


@dataclass
class Outcome:
    row: int
    label: str = ""  # which record, for the reader ("1.2 Basutbildning")
    changes: list[Change] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    data: dict = field(default_factory=dict)  # what the confirmation writes, as plain data
    new: bool = False  # the row adds a record ("ny" in the preview)

    @property
    def is_refused(self) -> bool:
        return bool(self.errors)

    @property
    def is_change(self) -> bool:
        return not self.errors and bool(self.changes)

    def as_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, values: dict) -> Outcome:
        return cls(
            row=int(values["row"]),
            label=values.get("label", ""),
            changes=[Change(**c) for c in values.get("changes") or []],
            errors=list(values.get("errors") or []),
            data=dict(values.get("data") or {}),
            new=bool(values.get("new")),
        )


def accepted(outcomes: list[Outcome]) -> list[tuple[int, dict]]:
    """What a confirmation would write, row by row: to compare a preview with a fresh check."""
    return [(o.row, o.data) for o in outcomes if o.is_change]


def start_row(values: dict, current: dict[int, Any], seen: dict[int, int], *, no_id: str, unknown: str):
    """The outcome of one row and the state of the record its id names, or None when the row is
    already refused: no id (`no_id`), an id the municipality does not have (`unknown`, with
    %(id)s), an id repeated from an earlier row. A formula in the row is refused too."""
    outcome = Outcome(row=int(values["row"]))
    if problem := formula_error(values):
        outcome.errors.append(problem)
    pk = whole_number(values["id"]) if values.get("id") is not None else None
    if pk is None:
        outcome.errors.append(no_id)
        return outcome, None
    state = current.get(pk)
    if state is None:
        outcome.errors.append(unknown % {"id": pk})
        return outcome, None
    outcome.label = state.label
    if pk in seen:
        outcome.errors.append(_("Raden gäller samma post som rad %(row)s.") % {"row": seen[pk]})
        return outcome, None
    seen[pk] = outcome.row
    return outcome, state


def counts(outcomes: list[Outcome]) -> dict[str, int]:
    return {
        "changed": sum(1 for o in outcomes if o.is_change),
        "added": sum(1 for o in outcomes if o.is_change and o.new),
        "refused": sum(1 for o in outcomes if o.is_refused),
        "unchanged": sum(1 for o in outcomes if not o.errors and not o.changes),
    }


class ConfirmForm(forms.Form):
    drop_errors = forms.BooleanField(
        label=gettext_lazy("Spara bara ändringarna utan fel och hoppa över raderna som nekas"), required=False
    )


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Redigerad Excel-fil"),
        help_text=gettext_lazy(
            "Den exporterade filen, redigerad. Största storlek 20 MB. Inget sparas förrän du har granskat "
            "och bekräftat."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].widget.attrs["accept"] = f".xlsx,{XLSX}"

    def clean_file(self):
        from varn.core.uploads import check_upload

        upload = self.cleaned_data["file"]
        self.checked = check_upload(upload, {"xlsx"})
        return upload
