"""Parsing under limits (issue 14, finding 2): a parser that wants too much memory is stopped with a
Swedish message instead of taking the worker with it; its own errors come back as they are."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from varn.core.sandbox import TooDemanding, run_limited, too_demanding_message
from varn.core.uploads import check_upload


def swallow_memory(megabytes: int) -> int:
    return len(bytearray(megabytes * 1024 * 1024))


def refuse(text: str) -> None:
    raise ValueError(text)


def test_a_parser_gives_its_answer_from_the_child():
    assert run_limited(swallow_memory, 1) == 1024 * 1024


def test_a_parser_that_wants_more_memory_than_allowed_is_stopped():
    with pytest.raises(TooDemanding):
        run_limited(swallow_memory, 3000, memory=1024 * 1024 * 1024)
    assert "mer minne eller tid" in too_demanding_message()


def test_a_parsers_own_error_comes_back():
    with pytest.raises(ValueError, match="trasig"):
        run_limited(refuse, "trasig")


def _workbook_unpacking_to(megabytes: int) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        # Repeated rows compress well, but (by the ratio) not suspiciously well: like the 2.5 MB
        # workbook of the attack that unpacked to 172 MB, only smaller.
        row = "".join(f"<c r='A{i}'><v>{i * 7919 % 104729}</v></c>" for i in range(4000))
        archive.writestr("xl/worksheets/sheet1.xml", row * (megabytes * 1024 * 1024 // len(row)))
    return buffer.getvalue()


def test_a_workbook_that_unpacks_to_too_much_is_refused_before_any_parser_opens_it(settings):
    data = _workbook_unpacking_to(100)
    settings.VARN_UPLOAD_MAX_BYTES = len(data) + 1
    with pytest.raises(ValidationError, match="orimlig storlek"):
        check_upload(SimpleUploadedFile("siffror.xlsx", data), {"xlsx"})
