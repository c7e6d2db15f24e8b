"""Upload checks: size, type from the content (not the name), zip bombs, PDF pages, and storage
under generated names."""

from __future__ import annotations

import io
import zipfile

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from docx import Document
from pypdf import PdfWriter

from varn.core import uploads
from varn.core.upload_storage import display_name, generated_name, store_upload
from varn.core.uploads import check_upload, detect_kind


def pdf_bytes(pages: int = 1) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def docx_bytes(text: str = "Program om våldsförebyggande arbete") -> bytes:
    document = Document()
    document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def xlsx_bytes() -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.create_sheet("Kostnader")
    sheet.append(["Förvaltning", "Timmar"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def zip_bytes(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def upload(data: bytes, name: str = "fil") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


def refusal(data: bytes, allowed: set[str], name: str = "fil") -> str:
    with pytest.raises(ValidationError) as error:
        check_upload(upload(data, name), allowed)
    return " ".join(error.value.messages)


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (pdf_bytes(), "pdf"),
        (docx_bytes(), "docx"),
        (xlsx_bytes(), "xlsx"),
        ("Protokoll § 170, Alingsås".encode(), "text"),
        ("Protokoll § 170, Alingsås".encode("cp1252"), "text"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, "png"),
        (zip_bytes({"a.txt": b"hej"}), "zip"),
        (b"MZ\x90\x00" + b"\x00" * 200, "exe"),
        (bytes(range(256)) * 4, None),
    ],
)
def test_it_tells_the_type_from_the_content(data, kind):
    assert detect_kind(data) == kind


def test_the_name_does_not_decide_the_type():
    checked = check_upload(upload(pdf_bytes(), "rapport.docx"), {"pdf"})
    assert checked.kind == "pdf"
    assert "Filens innehåll avgör typen" in refusal(b"bara text", {"pdf"}, "rapport.pdf")


def test_a_program_is_refused_even_when_named_like_a_document():
    assert "inte av rätt typ" in refusal(
        b"MZ\x90\x00" + b"\x00" * 200, {"pdf", "docx", "text"}, "program.pdf"
    )


def test_a_real_word_and_excel_file_pass():
    assert check_upload(upload(docx_bytes(), "program.docx"), {"docx"}).kind == "docx"
    assert check_upload(upload(xlsx_bytes(), "kostnader.xlsx"), {"xlsx"}).kind == "xlsx"


def test_a_file_over_the_size_limit_is_refused_by_its_declared_size(settings):
    settings.VARN_UPLOAD_MAX_BYTES = 1024 * 1024
    big = upload(b"a" * (1024 * 1024 + 1), "stor.txt")
    with pytest.raises(ValidationError) as error:
        check_upload(big, {"text"})
    assert "Filen är för stor (1,0 MB). Största tillåtna storlek är 1 MB." in error.value.messages


def test_a_stream_without_a_size_is_read_only_to_the_limit(settings):
    settings.VARN_UPLOAD_MAX_BYTES = 1024 * 1024

    class Stream(io.BytesIO):
        name = "ström.txt"

    stream = Stream(b"a" * (3 * 1024 * 1024))
    with pytest.raises(ValidationError, match="för stor"):
        check_upload(stream, {"text"})
    assert stream.tell() == 1024 * 1024 + 1


def test_an_empty_file_is_refused():
    assert refusal(b"  \n", {"text"}) == "Filen är tom."


def test_a_zip_bomb_disguised_as_a_word_file_is_refused():
    bomb = zip_bytes({"word/document.xml": b"0" * (5 * 1024 * 1024), "[Content_Types].xml": b"<Types/>"})
    assert len(bomb) < 50 * 1024
    assert "zip-bomb" in refusal(bomb, {"docx"}, "program.docx")


def test_an_archive_that_unpacks_beyond_the_total_limit_is_refused(monkeypatch):
    monkeypatch.setattr(uploads, "MAX_UNZIPPED_BYTES", 100 * 1024)
    # Random-ish data barely compresses, so the ratio is fine; the total is not.
    data = bytes((i * 7919) % 251 for i in range(200 * 1024))
    assert "zip-bomb" in refusal(zip_bytes({"xl/workbook.xml": data}), {"xlsx"})


def test_an_archive_with_too_many_parts_is_refused(monkeypatch):
    monkeypatch.setattr(uploads, "MAX_ZIP_MEMBERS", 50)
    members = {f"word/part{i}.xml": b"<x/>" for i in range(51)} | {"word/document.xml": b"<w/>"}
    assert "orimligt många delar" in refusal(zip_bytes(members), {"docx"})


def test_a_pdf_with_too_many_pages_is_refused(monkeypatch):
    monkeypatch.setattr(uploads, "MAX_PDF_PAGES", 3)
    assert check_upload(upload(pdf_bytes(3)), {"pdf"}).kind == "pdf"
    assert refusal(pdf_bytes(4), {"pdf"}) == "PDF-filen har fler än 3 sidor."


def test_a_broken_pdf_is_refused_with_a_message():
    assert refusal(b"%PDF-1.7\n trasig", {"pdf"}) == "PDF-filen är skadad och kan inte läsas."


def test_the_refusal_names_the_allowed_kinds_in_swedish():
    assert "Värn läser här: Word (DOCX), PDF" in refusal(xlsx_bytes(), {"pdf", "docx"})


def test_uploads_are_stored_under_generated_names(tmp_path):
    storage = FileSystemStorage(location=tmp_path)
    checked = check_upload(upload(pdf_bytes(), "../../etc/Anna Svensson.pdf"), {"pdf"})
    first = store_upload(checked, municipality_id=7, folder="beslutsunderlag", storage=storage)
    second = store_upload(checked, municipality_id=7, folder="beslutsunderlag", storage=storage)
    assert first != second
    for name in (first, second):
        assert name.startswith("beslutsunderlag/7/") and name.endswith(".pdf")
        assert "Anna" not in name and ".." not in name
        assert (tmp_path / name).read_bytes() == checked.data


def test_the_extension_comes_from_the_checked_kind_not_the_name():
    assert generated_name("text", municipality_id=1, folder="protokoll").endswith(".txt")
    with pytest.raises(ValueError):
        generated_name("pdf", municipality_id=1, folder="../x")


@pytest.mark.parametrize(
    ("original", "shown"),
    [
        ("C:\\Users\\anna\\Protokoll 2025.pdf", "Protokoll 2025.pdf"),
        ("../../etc/passwd", "passwd"),
        ("rapport\x00\r\n.pdf", "rapport.pdf"),
        ("", "fil"),
        ("a" * 300 + ".docx", "a" * 144 + "….docx"),
    ],
)
def test_the_original_name_is_only_a_cleaned_label(original, shown):
    assert display_name(original) == shown
