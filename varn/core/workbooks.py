"""Saving every workbook Värn writes (exports, templates, the report's cost appendix) through one
function, so that text a user wrote is always written as text (issue 14, finding 4).

A cell whose text begins with =, +, -, @, a tab or a carriage return is taken by Excel for a
formula (`=HYPERLINK(...)`, `=cmd|...`). openpyxl stores such a string as a formula; here it is
stored as a string with Excel's quote prefix, so Excel shows the text and never evaluates it."""

from __future__ import annotations

import datetime
import io

from openpyxl import Workbook

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# A fixed timestamp keeps two exports of the same figures byte-for-byte comparable in content.
EPOCH = datetime.datetime(2000, 1, 1)


def neutralise_formulas(workbook: Workbook) -> int:
    """Every cell whose value is formula-like text becomes a plain string; returns how many."""
    changed = 0
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                value = cell.value
                if isinstance(value, str) and value.startswith(FORMULA_STARTS):
                    cell.data_type = "s"
                    cell.quotePrefix = True
                    changed += 1
    return changed


def save_workbook(workbook: Workbook) -> bytes:
    """The workbook as .xlsx bytes, with no formula from anyone's text and fixed properties."""
    neutralise_formulas(workbook)
    workbook.properties.creator = "Värn"
    workbook.properties.created = EPOCH
    workbook.properties.modified = EPOCH
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
