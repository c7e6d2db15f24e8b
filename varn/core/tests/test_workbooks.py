"""Formula injection (issue 14, finding 4): text that begins like a formula is written as text."""

from __future__ import annotations

import io

import pytest
from openpyxl import Workbook, load_workbook

from varn.core.workbooks import save_workbook

ATTACKS = [
    '=HYPERLINK("http://evil.example","Klicka")',
    "+1+1",
    "-2+3",
    "@SUM(A1)",
    "\t=1",
    "\r=1",
    "=cmd|' /C calc'!A0",
]


@pytest.mark.parametrize("text", ATTACKS)
def test_text_that_looks_like_a_formula_is_written_as_text(text):
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append([text, 5, "vanlig text"])
    cells = next(load_workbook(io.BytesIO(save_workbook(workbook))).active.iter_rows())  # type: ignore[union-attr]
    assert cells[0].data_type == "s" and cells[0].value == text
    assert cells[1].value == 5 and cells[2].value == "vanlig text"
