"""Reading training figures from an Excel file, as pure functions over plain data.

`read_workbook` turns the uploaded bytes into plain rows and throws away everything that looks like
a person (a column of names, cells with a person's name, a personal identity number or an e-mail
address), counting what it threw away so the user can be told. `validate_rows` checks each row
against the municipality's organisations, target groups, courses and programme period, and gives a
Swedish error for every bad row. Neither touches the database; the view supplies the lookups."""

from __future__ import annotations

import datetime
import io
import re
import zipfile
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from varn.core.forms import find_personal_numbers
from varn.core.roundtrip import normalise
from varn.core.roundtrip import plain_value as _plain
from varn.core.roundtrip import whole_number as _whole

MAX_ROWS = 5000
MAX_EMPTY_RUN = 1000
HEADER_SCAN_ROWS = 10
SHEET_NAME = "Utbildningsinsatser"

# The template's columns, in order, with their Swedish headers.
COLUMNS: list[tuple[str, str]] = [
    ("organisation", "Förvaltning eller samverkanspart"),
    ("target_group", "Målgrupp"),
    ("course", "Utbildning"),
    ("year", "År"),
    ("start_date", "Startdatum"),
    ("end_date", "Slutdatum"),
    ("sessions", "Antal tillfällen"),
    ("participants", "Antal deltagare"),
    ("target_population", "Målgruppens storlek"),
    ("note", "Kommentar"),
]
LABELS = dict(COLUMNS)
REQUIRED = ["organisation", "target_group", "course", "participants"]

ALIASES = {
    "förvaltning eller samverkanspart": "organisation",
    "förvaltning/samverkanspart": "organisation",
    "förvaltning": "organisation",
    "organisation": "organisation",
    "samverkanspart": "organisation",
    "målgrupp": "target_group",
    "utbildning": "course",
    "kurs": "course",
    "år": "year",
    "startdatum": "start_date",
    "slutdatum": "end_date",
    "antal tillfällen": "sessions",
    "tillfällen": "sessions",
    "antal deltagare": "participants",
    "deltagare": "participants",
    "målgruppens storlek": "target_population",
    "storlek på målgruppen": "target_population",
    "antal i målgruppen": "target_population",
    "kommentar": "note",
    "anmärkning": "note",
}
# A header with one of these words holds people, not figures: the whole column is discarded.
NAME_HEADER_WORDS = (
    "namn",
    "name",
    "person",
    "förnamn",
    "efternamn",
    "e-post",
    "epost",
    "mejl",
    "mail",
    "deltagarlista",
)

_WORD = r"[A-ZÅÄÖÉÜ][a-zåäöéüëæø]+(?:-[A-ZÅÄÖÉÜ][a-zåäöéüëæø]+)?"
_PERSON = re.compile(rf"^{_WORD}(?:\s+{_WORD}){{1,3}}$")
_PERSON_REVERSED = re.compile(rf"^{_WORD},\s*{_WORD}(?:\s+{_WORD})?$")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[A-Za-z]{2,}")


def looks_like_person(value: Any, known: set[str] | frozenset[str] = frozenset()) -> bool:
    """True for a personal identity number, an e-mail address, or a cell made only of names
    ("Anna Svensson", "Svensson, Anna", "Anna Svensson; Per Ek"). Known names of organisations,
    target groups and courses are never taken for people."""
    if value is None:
        return False
    text = str(value).strip()
    if not text or normalise(text) in known:
        return False
    if find_personal_numbers(text) or _EMAIL.search(text):
        return True
    if _PERSON_REVERSED.match(text):
        return True
    parts = [p.strip() for p in re.split(r"[,;\n]", text) if p.strip()]
    return bool(parts) and all(_PERSON.match(p) for p in parts)


def _is_name_header(header: str) -> bool:
    return any(word in header for word in NAME_HEADER_WORDS)


@dataclass
class ParsedSheet:
    rows: list[dict] = field(default_factory=list)  # {"row": excel row number, field: plain value}
    names_removed: int = 0
    name_columns: list[str] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    error: str = ""  # a problem with the whole file; then there are no rows

    def as_dict(self) -> dict:
        return {
            "rows": self.rows,
            "names_removed": self.names_removed,
            "name_columns": self.name_columns,
            "ignored_columns": self.ignored_columns,
        }


class WorkbookError(ValueError):
    """The file cannot be read as training figures; the message is for the user."""


def _sheet_rows(data: bytes) -> list[tuple[int, tuple]]:
    """The non-empty rows of the sheet with their Excel row numbers. Stops after a long run of
    empty rows, since a sheet formatted to the bottom reports a million rows."""
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError) as error:
        raise WorkbookError(_("Excel-filen är skadad eller inte en arbetsbok och kan inte läsas.")) from error
    try:
        sheet = workbook[SHEET_NAME] if SHEET_NAME in workbook.sheetnames else workbook.worksheets[0]
        rows: list[tuple[int, tuple]] = []
        empty_run = 0
        for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
            if all(cell is None or (isinstance(cell, str) and not cell.strip()) for cell in row):
                empty_run += 1
                if empty_run > MAX_EMPTY_RUN:
                    break
                continue
            empty_run = 0
            rows.append((number, row))
            if len(rows) > MAX_ROWS + HEADER_SCAN_ROWS:
                raise WorkbookError(
                    _("Filen har fler än %(max)s rader. Dela upp den i flera filer.") % {"max": MAX_ROWS}
                )
        return rows
    finally:
        workbook.close()


def read_workbook(data: bytes, known: set[str] | frozenset[str] = frozenset()) -> ParsedSheet:
    """Plain rows from the first sheet (or the sheet named like the template's), with person data
    removed and counted. Raises WorkbookError for a file that cannot be used at all."""
    rows = _sheet_rows(data)
    header_index, columns = -1, {}
    for i, (_number, row) in enumerate(rows[:HEADER_SCAN_ROWS]):
        found = {j: ALIASES.get(normalise(cell), "") for j, cell in enumerate(row)}
        if sum(1 for name in found.values() if name) >= 3:
            header_index, columns = i, found
            break
    if header_index < 0:
        raise WorkbookError(
            _(
                "Hittade ingen rubrikrad med kolumnerna i mallen (t.ex. ”Förvaltning eller samverkanspart”, "
                "”Målgrupp”, ”Utbildning”, ”Antal deltagare”). Ladda ner mallen och fyll i den."
            )
        )
    present = {name for name in columns.values() if name}
    missing = [LABELS[name] for name in REQUIRED if name not in present]
    if "year" not in present and not {"start_date", "end_date"} <= present:
        missing.append(
            _("%(year)s (eller %(start)s och %(end)s)")
            % {"year": LABELS["year"], "start": LABELS["start_date"], "end": LABELS["end_date"]}
        )
    if missing:
        raise WorkbookError(
            _("Kolumner saknas i filen: %(columns)s.") % {"columns": ", ".join(f"”{m}”" for m in missing)}
        )

    sheet = ParsedSheet()
    header = rows[header_index][1]
    seen: set[str] = set()
    for j, name in columns.items():
        title = str(header[j] or "").strip()
        if name and name in seen:
            columns[j] = ""
            sheet.ignored_columns.append(title)
        elif name:
            seen.add(name)
        elif title and _is_name_header(normalise(title)):
            sheet.name_columns.append(title)
        elif title:
            sheet.ignored_columns.append(title)
    name_column_indexes = {
        j
        for j, name in columns.items()
        if not name and header[j] is not None and _is_name_header(normalise(header[j]))
    }

    for number, row in rows[header_index + 1 :]:
        values: dict[str, Any] = {}
        removed: list[str] = []
        for j, cell in enumerate(row):
            value = _plain(cell)
            if value is None:
                continue
            name = columns.get(j, "")
            if j in name_column_indexes:
                sheet.names_removed += 1
                continue
            if looks_like_person(value, known):
                sheet.names_removed += 1
                if name:
                    removed.append(name)
                continue
            if name:
                values[name] = value
        if not values:
            continue
        values["row"] = number
        if removed:
            values["removed"] = removed
        sheet.rows.append(values)
        if len(sheet.rows) > MAX_ROWS:
            raise WorkbookError(
                _("Filen har fler än %(max)s rader. Dela upp den i flera filer.") % {"max": MAX_ROWS}
            )
    if not sheet.rows:
        raise WorkbookError(_("Filen innehåller inga rader med utbildningssiffror under rubrikraden."))
    return sheet


@dataclass
class Lookups:
    """The municipality's names, normalised, for checking a file's rows."""

    organisations: dict[str, str]  # name or short name -> "unit:3" / "partner:5"
    organisation_labels: dict[str, str]  # key -> display name
    target_groups: dict[str, int]
    target_group_labels: dict[int, str]
    courses: dict[str, int]
    course_labels: dict[int, str]
    period: tuple[int, int]
    allowed: set[str] | None = None  # organisation keys the user may record for; None = all
    existing: set[tuple] = field(default_factory=set)  # (org, tg, course, year, start, end)

    @property
    def known_names(self) -> set[str]:
        return set(self.organisations) | set(self.target_groups) | set(self.courses)


@dataclass
class RowResult:
    row: int
    errors: list[str] = field(default_factory=list)
    organisation: str = ""  # key
    target_group: int | None = None
    course: int | None = None
    year: int | None = None
    start_date: datetime.date | None = None
    end_date: datetime.date | None = None
    sessions: int | None = None
    participants: int | None = None
    target_population: int | None = None
    note: str = ""
    removed: list[str] = field(default_factory=list)

    @property
    def is_valid(self) -> bool:
        return not self.errors

    def key(self) -> tuple:
        return (
            self.organisation,
            self.target_group,
            self.course,
            self.year,
            self.start_date.isoformat() if self.start_date else None,
            self.end_date.isoformat() if self.end_date else None,
        )


def _quote(value: Any) -> str:
    text = str(value)
    return "”" + (text if len(text) <= 60 else text[:57] + "…") + "”"


def _date(value: Any) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(str(value).strip()[:10])
    except ValueError:
        return None


def _removed_hint(row: RowResult, name: str) -> str:
    if name in row.removed:
        return " " + _("(cellen liknade en personuppgift och togs bort)")
    return ""


def validate_row(values: dict, lookups: Lookups) -> RowResult:
    row = RowResult(row=int(values.get("row", 0)), removed=list(values.get("removed", [])))
    errors = row.errors
    start_year, end_year = lookups.period
    period = f"{start_year}–{end_year}"

    org = values.get("organisation")
    if org is None:
        errors.append(_("Förvaltning eller samverkanspart saknas") + _removed_hint(row, "organisation") + ".")
    elif normalise(org) not in lookups.organisations:
        errors.append(_("Okänd förvaltning eller samverkanspart: %(name)s.") % {"name": _quote(org)})
    else:
        row.organisation = lookups.organisations[normalise(org)]
        if lookups.allowed is not None and row.organisation not in lookups.allowed:
            own = ", ".join(sorted(lookups.organisation_labels.get(k, k) for k in lookups.allowed))
            errors.append(
                _("Du får bara registrera utbildning för din egen organisation (%(own)s).") % {"own": own}
            )

    for name, table, missing, unknown in (
        ("target_group", lookups.target_groups, _("Målgrupp saknas"), _("Okänd målgrupp: %(value)s.")),
        ("course", lookups.courses, _("Utbildning saknas"), _("Okänd utbildning: %(value)s.")),
    ):
        value = values.get(name)
        if value is None:
            errors.append(missing + _removed_hint(row, name) + ".")
        elif normalise(value) not in table:
            errors.append(unknown % {"value": _quote(value)})
        else:
            setattr(row, name, table[normalise(value)])

    year_value = values.get("year")
    if year_value is not None:
        year = _whole(year_value)
        if year is None:
            errors.append(_("År ska vara ett årtal, t.ex. 2026."))
        elif not start_year <= year <= end_year:
            errors.append(
                _("Året %(year)s ligger utanför programperioden %(period)s.")
                % {"year": year, "period": period}
            )
        else:
            row.year = year
    date_errors = {
        "start_date": (
            _("Startdatum ska skrivas ÅÅÅÅ-MM-DD, t.ex. 2026-03-15."),
            _("Startdatum %(date)s ligger utanför programperioden %(period)s."),
        ),
        "end_date": (
            _("Slutdatum ska skrivas ÅÅÅÅ-MM-DD, t.ex. 2026-03-15."),
            _("Slutdatum %(date)s ligger utanför programperioden %(period)s."),
        ),
    }
    dates = {}
    for name in ("start_date", "end_date"):
        value = values.get(name)
        if value is None:
            continue
        day = _date(value)
        if day is None:
            errors.append(date_errors[name][0])
        elif not start_year <= day.year <= end_year:
            errors.append(date_errors[name][1] % {"date": day.isoformat(), "period": period})
        else:
            dates[name] = day
    has_start, has_end = values.get("start_date") is not None, values.get("end_date") is not None
    if has_start != has_end:
        errors.append(_("Ange både startdatum och slutdatum, eller bara år."))
    elif not has_start and year_value is None:
        errors.append(_("Ange år, eller startdatum och slutdatum."))
    if "start_date" in dates and "end_date" in dates:
        start, end = dates["start_date"], dates["end_date"]
        if end < start:
            errors.append(_("Slutdatum är före startdatum."))
        else:
            row.start_date, row.end_date = start, end
            if row.year is None and year_value is None:
                row.year = end.year
            elif row.year is not None and row.year != end.year:
                errors.append(
                    _(
                        "Året %(year)s stämmer inte med slutdatum %(end)s: "
                        "en insats räknas till det år den slutar."
                    )
                    % {"year": row.year, "end": end.isoformat()}
                )

    sessions = values.get("sessions")
    if sessions is not None:
        row.sessions = _whole(sessions)
        if row.sessions is None or row.sessions < 0:
            row.sessions = None
            errors.append(_("Antal tillfällen ska vara ett heltal, 0 eller större."))
    participants = values.get("participants")
    if participants is None:
        errors.append(_("Antal deltagare saknas") + _removed_hint(row, "participants") + ".")
    else:
        row.participants = _whole(participants)
        if row.participants is None or row.participants < 0:
            row.participants = None
            errors.append(_("Antal deltagare ska vara ett heltal, 0 eller större."))
    population = values.get("target_population")
    if population is not None:
        row.target_population = _whole(population)
        if row.target_population is None or row.target_population < 1:
            row.target_population = None
            errors.append(_("Målgruppens storlek ska vara ett heltal större än 0."))
    if (
        row.participants is not None
        and row.target_population is not None
        and row.participants > row.target_population
    ):
        errors.append(
            _("Antal deltagare (%(participants)s) är fler än målgruppens storlek (%(population)s).")
            % {"participants": row.participants, "population": row.target_population}
        )
    note = values.get("note")
    if note is not None:
        row.note = str(note)
        if len(row.note) > 2000:
            errors.append(_("Kommentaren är längre än 2000 tecken."))
    return row


def validate_rows(rows: list[dict], lookups: Lookups) -> list[RowResult]:
    """Every row checked; a row that repeats an earlier row of the file, or a figure already
    recorded, is an error (a file uploaded twice must not count people twice)."""
    results = []
    first_seen: dict[tuple, int] = {}
    for values in rows:
        result = validate_row(values, lookups)
        if result.is_valid:
            key = result.key()
            if key in lookups.existing:
                result.errors.append(
                    _("Samma utbildning för samma organisation, målgrupp och period finns redan registrerad.")
                )
            elif key in first_seen:
                result.errors.append(_("Raden upprepar rad %(row)s.") % {"row": first_seen[key]})
            else:
                first_seen[key] = result.row
        results.append(result)
    return results
