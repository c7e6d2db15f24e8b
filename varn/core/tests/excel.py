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


def upload(client, url_name: str, data: bytes, *, run: bool = True):
    """Post the file to a round trip's upload page. The background job that reads it is queued
    once the request's transaction commits; `run` runs it then, at once, as a worker would (the
    tasks backend of the tests is immediate). The answer of a file the upload accepts sends to the
    preview page, which reads the job."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import TestCase
    from django.urls import reverse

    url = reverse(url_name, args=["alingsas"])
    with TestCase.captureOnCommitCallbacks(execute=run):
        return client.post(url, {"file": SimpleUploadedFile("fil.xlsx", data)})


def workbook_with(sheet_name: str, headers: list[str], rows: tuple | list = ()) -> bytes:
    """A workbook with one sheet of `headers` and `rows`, as someone might make by hand."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet: Any = workbook.active
    sheet.title = sheet_name
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def zip_bomb() -> bytes:
    """An .xlsx-looking archive whose sheet unpacks to 60 MB of zeros."""
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", "0" * (60 * 1024 * 1024))
    return buffer.getvalue()


def failed_job_page(client, response) -> str:
    """The preview page of an upload whose job failed: it must say so, offer a retry, and poll no more."""
    assert response.status_code == 302
    body = client.get(response["Location"]).content.decode()
    assert "Filen kunde inte läsas" in body and "Försök igen" in body and "hx-trigger" not in body
    return body
