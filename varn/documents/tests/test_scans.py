"""Scanned protocols: the page cleaned and read by tesseract, the paragraph sign put back, and the
reader's result on a made-here scan of the seed and on the two real scans of the corpus."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from varn.documents.extract import DocumentError, pdf_text
from varn.reading import ocr
from varn.reading.protocol import parse_protocol

from .scans import scanned_pdf

ROOT = Path(__file__).resolve().parents[3]
SEED = ROOT / "varn" / "decisions" / "tests" / "corpus" / "alingsas_ksau_2025_seed.txt"
SCANS = ROOT / "corpus" / "protocols" / "pdf"
ANNOTATIONS = ROOT / "corpus" / "annotations" / "protocols"
SEED_CHECK = ROOT.parent / "shared" / "checks" / "check_seed_parse.py"
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"


def lines_image(angle: float = 0.0) -> Image.Image:
    image = Image.new("L", (1200, 800), 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(FONT, 28)
    for i in range(12):
        draw.text((80, 60 + i * 55), "Kommunstyrelsen beslutar att godkänna programmet", font=font, fill=0)
    return image.rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=255)


@pytest.mark.parametrize("angle", [-3.0, -1.2, 0.0, 0.8, 2.5])
def test_the_skew_of_a_page_is_measured_so_it_can_be_undone(angle):
    # The page turned by `angle` is turned back by the same angle.
    assert ocr.skew_angle(lines_image(angle)) == pytest.approx(-angle, abs=0.25)


def test_the_threshold_separates_ink_from_grey_paper():
    grey = np.full((100, 100), 200, dtype=np.uint8)
    grey[40:60, 10:90] = 40
    threshold = ocr.otsu_threshold(grey)  # levels up to it are ink
    assert 40 <= threshold < 200


def test_a_cleaned_page_is_black_on_white_and_upright():
    cleaned = ocr.clean_page(lines_image(2.0).convert("RGB"))
    assert cleaned.mode == "L"
    assert set(np.unique(np.asarray(cleaned))) <= {0, 255}
    assert abs(ocr.skew_angle(cleaned)) <= 0.3


@pytest.mark.parametrize(
    ("read", "meant"),
    [
        ("8 110", "§ 110"),
        ("8 620 Årsredovisning 2025", "§ 620 Årsredovisning 2025"),
        ("& 170 2025.202 KS", "§ 170 2025.202 KS"),
        ("beslutade den 23 april 2025, $ 58 att", "beslutade den 23 april 2025, § 58 att"),
        ("$58 KSAU Program", "§ 58 KSAU Program"),
        ("8 110 kronor betalas ut", "8 110 kronor betalas ut"),
        ("kostar 8 110 kronor", "kostar 8 110 kronor"),
    ],
)
def test_the_paragraph_sign_is_repaired_where_a_heading_or_reference_needs_it(read, meant):
    assert ocr.repair_paragraph_signs(read) == meant


def test_a_header_line_close_to_the_one_above_stays_with_it():
    rows = {
        "text": ["Kommunstyrelsens", "arbetsutskott"],
        "block_num": [1, 2],
        "par_num": [1, 1],
        "line_num": [1, 1],
        "conf": [90, 90],
        "top": [100, 135],
        "height": [30, 30],
    }
    assert ocr.text_from_tsv(rows)[0] == "Kommunstyrelsens\narbetsutskott\n"


def test_the_word_table_becomes_lines_with_a_blank_line_between_paragraphs():
    rows = {
        "text": ["8", "12", "Budget", "", "Beslut", "Nämnden", "godkänner"],
        "block_num": [1, 1, 1, 1, 2, 2, 2],
        "par_num": [1, 1, 1, 1, 1, 1, 1],
        "line_num": [1, 1, 1, 1, 1, 2, 2],
        "conf": [90, 95, 93, -1, 88, 91, 80],
        "top": [100, 100, 100, 0, 200, 250, 250],
        "height": [30, 30, 30, 0, 30, 30, 30],
    }
    text, confidence = ocr.text_from_tsv(rows)
    assert text == "§ 12 Budget\n\nBeslut\nNämnden godkänner\n"
    assert confidence == pytest.approx(89.5)


@pytest.fixture(scope="module")
def seed_scan_text() -> str:
    """The seed protocol typeset, printed at 200 dpi as a noisy JPEG scan, and read back by OCR."""
    return pdf_text(scanned_pdf(SEED.read_text(encoding="utf-8")))


@pytest.mark.slow
def test_a_noisy_scan_of_the_seed_protocol_passes_the_seed_checks(seed_scan_text):
    assert SEED_CHECK.exists(), f"the outside check of the seed scenario is missing: {SEED_CHECK}"
    parsed = json.dumps(parse_protocol(seed_scan_text).as_json(), ensure_ascii=False)
    result = subprocess.run(
        [sys.executable, str(SEED_CHECK)], input=parsed, capture_output=True, text=True, check=False
    )
    last = result.stdout.strip().splitlines()[-1]
    held, total = (int(n) for n in last.split()[1].split("/"))
    assert total == 20
    assert held >= 17, result.stdout


@pytest.mark.slow
def test_a_scanned_page_with_nothing_readable_is_named():
    warnings: list[str] = []
    data = scanned_pdf("§ 5 Budget 2026\n\nBeslut\nNämnden godkänner budgeten.", blank_pages=1)
    text = pdf_text(data, warnings=warnings)
    assert "Budget 2026" in text
    assert warnings == [warnings[0]]
    assert warnings[0].startswith("Sida 2 gick inte att läsa med textigenkänning")


def test_a_scan_of_which_no_page_can_be_read_says_so_per_page(tmp_path):
    blank = Image.new("L", (1654, 2339), 236)
    pdf = tmp_path / "blank.pdf"
    blank.save(pdf, "PDF", resolution=200, save_all=True, append_images=[blank])
    with pytest.raises(DocumentError) as error:
        pdf_text(pdf.read_bytes())
    message = str(error.value)
    assert "Sida 1 gick inte att läsa" in message
    assert "Sida 2 gick inte att läsa" in message


@pytest.mark.slow
@pytest.mark.parametrize(
    "name",
    ["038_alingsas_ks-utdrag-p110_2026-06-01", "058_tolkformedlingvast_direktionen-utdrag-p620_2026-03-27"],
)
def test_the_real_scans_yield_their_paragraphs_dates_and_case_numbers(name):
    (pdf,) = SCANS.glob(f"{name[:3]}_*.pdf")
    expected = json.loads((ANNOTATIONS / f"{name}.json").read_text(encoding="utf-8"))
    parsed = parse_protocol(pdf_text(pdf.read_bytes())).as_json()
    assert parsed["meeting_date"] == expected["meeting_date"]
    assert [(p["number"], p["case_number"]) for p in parsed["paragraphs"]] == [
        (p["number"], p["case_number"]) for p in expected["paragraphs"]
    ]
