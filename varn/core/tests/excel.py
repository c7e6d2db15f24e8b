"""Editing an exported workbook in tests, as a person would in Excel."""

from __future__ import annotations

import io
from typing import Any

from openpyxl import load_workbook


def edit(data: bytes, sheet_name: str, headers: list[str], changes: dict[tuple[int, str], Any]) -> bytes:
    """Change cells of a sheet: (row, header) -> value. A value beginning with "=" becomes a formula,
    as it does when typed into Excel."""
    workbook = load_workbook(io.BytesIO(data))
    sheet: Any = workbook[sheet_name]
    for (row, header), value in changes.items():
        sheet.cell(row=row, column=headers.index(header) + 1, value=value)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def row_where(data: bytes, sheet_name: str, column: int, value: Any) -> int:
    sheet: Any = load_workbook(io.BytesIO(data))[sheet_name]
    return next(r for r in range(2, sheet.max_row + 1) if sheet.cell(row=r, column=column).value == value)


def download(client, url_name: str) -> bytes:
    """The export at `url_name` of the test municipality, as bytes."""
    from django.urls import reverse

    response = client.get(reverse(url_name, args=["alingsas"]))
    assert response.status_code == 200
    return response.content


def upload(client, url_name: str, data: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    return client.post(reverse(url_name, args=["alingsas"]), {"file": SimpleUploadedFile("fil.xlsx", data)})
