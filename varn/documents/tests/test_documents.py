"""Reading programme documents (PDF, DOCX), exporting them, OCR of a scanned protocol, and the
command-line tools with bad input."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from varn.documents.export import to_docx, to_pdf
from varn.documents.extract import DocumentError, pdf_text
from varn.documents.importer import import_document
from varn.documents.tests.scans import scanned_pdf
from varn.programs.demo import PROGRAM_TEXT

SEED = Path(__file__).parents[2] / "decisions" / "tests" / "corpus" / "alingsas_ksau_2025_seed.txt"
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"


def shape(tree):
    """Type, page and text of every node, in order: what an export and a re-import must keep."""
    out = []
    for node in tree:
        out.append((node["type"], node["page"], node["text"]))
        out.extend(shape(node.get("children") or []))
    return out


def demo_shape():
    return [s for s in shape(PROGRAM_TEXT) if s[0] != "table" or s[2] == ""]


def without_captions(items):
    return [(t, p, "" if t == "table" else x) for t, p, x in items]


def test_a_docx_export_reads_back_with_the_same_content_order_and_pages():
    data = to_docx(PROGRAM_TEXT, title="Program")
    tree = import_document(data, "docx")
    assert tree[0]["text"] == "Program"  # the title the screen shows first
    assert without_captions(shape(tree[1:])) == without_captions(shape(PROGRAM_TEXT))
    table = next(n for n in tree if n["type"] == "table")
    assert table["text"] == "Insatsområden, insatser och utbildning"


def test_a_pdf_export_reads_back_with_headings_lists_tables_and_pages():
    data = to_pdf(PROGRAM_TEXT, title="Program")
    tree = import_document(data, "pdf")
    got = without_captions(shape(tree[1:]))
    assert got == without_captions(shape(PROGRAM_TEXT))
    headings = [n for n in tree if n["type"] == "heading"]
    assert headings[0]["level"] < headings[1]["level"]  # title larger than section headings
    table = next(n for n in tree if n["type"] == "table")
    third_column = table["children"][1]["children"][2]
    assert third_column["children"][0]["type"] == "list"


def test_an_export_marks_the_passages_a_decision_put_there():
    tree = [
        {
            "id": "p",
            "type": "paragraph",
            "page": 1,
            "text": "A samt B.",
            "children": [],
            "changes": [{"label": "Tillägg 1", "decision": "KSAU 2025-10-22 § 170", "text": "samt B"}],
        }
    ]
    docx_tree = import_document(to_docx(tree, title="T"), "docx")
    assert "(Tillägg 1, KSAU 2025-10-22 § 170)" in docx_tree[-1]["text"]
    pdf = pdf_text(to_pdf(tree, title="T"))
    assert "(Tillägg 1, KSAU 2025-10-22" in pdf


def test_a_pdf_paragraph_split_over_two_pages_is_one_paragraph():
    from weasyprint import HTML

    words = " ".join(f"ord{i}" for i in range(900))
    html = f"<html><body style='font-family: DejaVu Sans; font-size: 11pt'><h1>Rubrik</h1><p>{words}</p></body></html>"
    tree = import_document(HTML(string=html).write_pdf(), "pdf")
    paragraphs = [n for n in tree if n["type"] == "paragraph"]
    assert len(paragraphs) == 1
    assert paragraphs[0]["text"].endswith("ord899")


def test_it_refuses_a_damaged_docx():
    with pytest.raises(DocumentError, match="Word-filen är skadad"):
        import_document(b"PK\x03\x04not really", "docx")


def test_a_scanned_pdf_without_ocr_gives_a_clear_message(monkeypatch):
    monkeypatch.setitem(sys.modules, "pytesseract", None)  # as if it were not installed
    with pytest.raises(DocumentError, match="textigenkänning \\(tesseract\\) finns inte på servern"):
        pdf_text(scanned_pdf("§ 1 Test"))


def test_the_commands_print_the_block_tree_and_the_applied_amendments(tmp_path):
    doc = tmp_path / "program.docx"
    doc.write_bytes(to_docx(PROGRAM_TEXT, title="Program"))
    out = io.StringIO()
    call_command("import_document", str(doc), "--json", stdout=out)
    tree = json.loads(out.getvalue())
    assert set(tree[0]) >= {"id", "type", "page", "text", "children"}
    out = io.StringIO()
    call_command("apply_amendments", str(doc), str(SEED), "--json", stdout=out)
    result = json.loads(out.getvalue())
    assert [r["status"] for r in result["results"]] == ["applied", "applied"]
    assert "samt med de fackliga parterna" in json.dumps(result["document"], ensure_ascii=False)


def test_parse_protocol_prints_the_documented_json(capsys):
    call_command("parse_protocol", str(SEED), "--json")
    data = json.loads(capsys.readouterr().out)
    assert data["paragraphs"][0]["number"] == 170


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "Filen är tom."),
        (bytes(range(256)) * 20, "Filen är inte av rätt typ"),
        (b"Det h\xc3\xa4r \xc3\xa4r inget protokoll.", "ingen paragraf som Värn känner igen"),
    ],
)
def test_parse_protocol_refuses_bad_input_with_a_swedish_message(tmp_path, content, message):
    path = tmp_path / "in.txt"
    path.write_bytes(content)
    with pytest.raises(CommandError, match=message):
        call_command("parse_protocol", str(path), "--json")


def test_parse_protocol_refuses_an_oversize_file(tmp_path, settings):
    settings.VARN_UPLOAD_MAX_BYTES = 1000
    path = tmp_path / "big.txt"
    path.write_text("§ 1 Test\n" * 500)
    with pytest.raises(CommandError, match="Filen är för stor"):
        call_command("parse_protocol", str(path))


def test_apply_amendments_exits_non_zero_when_a_target_is_missing(tmp_path):
    tree = tmp_path / "tree.json"
    tree.write_text(
        json.dumps([{"id": "a", "type": "paragraph", "page": 1, "text": "Kort text.", "children": []}])
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "apply_amendments", str(tree), str(SEED), "--json"],
        capture_output=True,
        text=True,
        cwd=Path(__file__).parents[3],
        check=False,
    )
    assert result.returncode != 0
    assert "Sidan 6 finns inte i dokumentet" in result.stderr
    assert json.loads(result.stdout)["results"][0]["status"] == "failed"
