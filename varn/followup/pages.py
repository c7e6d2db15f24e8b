"""The demo report page by page, for people to look at: `make report-pages`.

    .venv/bin/python -m varn.followup.pages [--municipality alingsas] [--out report-pages]

Builds the report of the municipality's programme (from the newest round, as the report page
suggests) without keeping it, writes `rapport.pdf` and `rapport.docx`, turns the Word file into a
PDF with LibreOffice (as a reader without Word would see it) and every page of both into PNG with
pdftoppm: `pdf-01.png …` and `docx-01.png …`. Not a test: a check by eye that nothing is broken."""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import tempfile
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--municipality", default="alingsas")
    parser.add_argument("--out", default="report-pages")
    parser.add_argument("--dpi", type=int, default=80)
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.utils import translation

    from varn.followup.rendering import render_docx, render_pdf
    from varn.followup.report import build_content
    from varn.followup.scope import default_scope
    from varn.followup.services import current_program
    from varn.followup.word_templates import load_template
    from varn.organisations.models import Municipality

    municipality = Municipality.objects.filter(slug=args.municipality).first()
    if municipality is None:
        raise SystemExit(f"Ingen kommun med kortnamnet {args.municipality!r} (kör load_demo först).")
    program = current_program(municipality)
    if program is None:
        raise SystemExit(f"{municipality} har inget program.")
    out = Path(args.out)
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    with translation.override(settings.LANGUAGE_CODE):
        content = build_content(program, scope=default_scope(program))
        template, _notes = load_template(municipality)
        (out / "rapport.pdf").write_bytes(render_pdf(content))
        (out / "rapport.docx").write_bytes(render_docx(content, template=template))
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [
                "soffice",
                f"-env:UserInstallation=file://{profile}",
                "--headless",
                "--convert-to",
                "pdf:writer_pdf_Export",
                "--outdir",
                str(out / "docx"),
                str(out / "rapport.docx"),
            ],
            check=True,
            capture_output=True,
            timeout=180,
        )
    for name, pdf in (("pdf", out / "rapport.pdf"), ("docx", out / "docx" / "rapport.pdf")):
        subprocess.run(["pdftoppm", "-png", "-r", str(args.dpi), str(pdf), str(out / name)], check=True)
    pages = sorted(p.name for p in out.glob("*.png"))
    print(f"{len(pages)} sidor i {out}/: {', '.join(pages)}")


if __name__ == "__main__":
    main()
