"""Many units or partners at once: a pasted list (one per line) or the first columns of an Excel
sheet, checked row by row before anything is saved. Pure functions over plain data; the view
gives the names the municipality already has."""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

MAX_ROWS = 500
NAME_LENGTH = 150
HEADER_WORDS = {"namn", "name", "förvaltning", "organisation", "samverkanspart"}


@dataclass
class Row:
    line: int
    name: str
    kind: str
    email: str = ""
    kind_label: str = ""
    errors: list[str] = field(default_factory=list)

    @property
    def is_valid(self) -> bool:
        return not self.errors


def _cells(line: str) -> list[str]:
    # Excel pastes tab-separated cells; people type semicolons.
    return [cell.strip() for cell in re.split(r"\t|;", line)]


def parse_list(text: str, *, kinds: dict[str, str], default_kind: str, existing: set[str]) -> list[Row]:
    """One row per non-empty line: name; type (optional); e-mail (optional).

    `kinds` maps each accepted spelling of a type (its Swedish label or code, lower case) to its
    code; `existing` holds the municipality's names in lower case. A first line of headers
    ("Namn; Typ; E-post") is skipped."""
    rows: list[Row] = []
    seen: dict[str, int] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        cells = [*_cells(line), "", ""]
        name, kind_text, email = " ".join(cells[0].split()), cells[1], cells[2]
        if not rows and name.lower() in HEADER_WORDS:
            continue
        row = Row(line=number, name=name, kind=kinds.get(kind_text.lower(), default_kind), email=email)
        if not name:
            row.errors.append(_("Namnet saknas."))
        elif len(name) > NAME_LENGTH:
            row.errors.append(_("Namnet är längre än %(n)s tecken.") % {"n": NAME_LENGTH})
        if kind_text and kind_text.lower() not in kinds:
            row.errors.append(_("Okänd typ ”%(kind)s”.") % {"kind": kind_text})
        if email:
            try:
                validate_email(email)
            except ValidationError:
                row.errors.append(_("”%(email)s” är ingen giltig e-postadress.") % {"email": email})
        key = name.lower()
        if key in existing:
            row.errors.append(_("Finns redan i kommunen."))
        elif key and key in seen:
            row.errors.append(_("Står redan på rad %(line)s i listan.") % {"line": seen[key]})
        seen.setdefault(key, number)
        rows.append(row)
        if len(rows) > MAX_ROWS:
            raise ValidationError(_("Listan har fler än %(n)s rader. Dela upp den.") % {"n": MAX_ROWS})
    return rows


def workbook_as_list(data: bytes) -> str:
    """The first three columns of the workbook's first sheet, as the lines of a pasted list."""
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError) as error:
        raise ValidationError(
            _("Excel-filen är skadad eller inte en arbetsbok och kan inte läsas.")
        ) from error
    try:
        lines = []
        for values in workbook.worksheets[0].iter_rows(max_col=3, values_only=True):
            cells = ["" if value is None else " ".join(str(value).split()) for value in values]
            if any(cells):
                lines.append("; ".join(cells).rstrip("; "))
            if len(lines) > MAX_ROWS + 1:
                raise ValidationError(_("Listan har fler än %(n)s rader. Dela upp den.") % {"n": MAX_ROWS})
        return "\n".join(lines)
    finally:
        workbook.close()
