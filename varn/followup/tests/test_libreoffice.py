"""A real client reads the Word report: LibreOffice converts it to PDF, and the headings are there."""

from __future__ import annotations

import shutil
import subprocess
from decimal import Decimal

import pytest

from varn.followup.rendering import render_docx
from varn.followup.report import build_content

from .factories import CostEntryFactory, fill_program
from .test_report import make_template


def convert_with_libreoffice(docx_path, out_dir, profile_dir) -> str:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice, "LibreOffice (soffice) is installed by `make setup`"
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{profile_dir}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out_dir),
            str(docx_path),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    pdf = out_dir / (docx_path.stem + ".pdf")
    assert pdf.exists() and pdf.read_bytes().startswith(b"%PDF-")
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, timeout=60
    )
    return " ".join(text.stdout.decode().replace("\u00a0", " ").split())


@pytest.mark.slow
@pytest.mark.parametrize("with_template", [False, True], ids=["default", "municipality-template"])
def test_libreoffice_opens_the_word_report_and_finds_its_headings(cast, measures, tmp_path, with_template):
    CostEntryFactory(measure=measures[0], hours=Decimal("10"))
    fill_program(cast.program, n_measures=4, n_units=2, n_goals=2)
    content = build_content(cast.program)
    template = make_template("Alingsås kommun – brevhuvud") if with_template else None
    path = tmp_path / "rapport.docx"
    path.write_bytes(render_docx(content, template=template))

    text = convert_with_libreoffice(path, tmp_path, tmp_path / "lo-profile")

    assert content.title in text
    headings = []

    def walk(sections):
        for s in sections:
            headings.append(s.title)
            walk(s.subsections)

    walk(content.sections)
    assert len(headings) >= 5
    for heading in headings:
        assert heading in text, heading
    if with_template:
        assert "Alingsås kommun – brevhuvud" in text
