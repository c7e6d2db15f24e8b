"""Scans made here for the OCR tests: a text typeset as a protocol page would be (WeasyPrint),
printed to images at 200 dpi, turned a little as a sheet on a scanner is, given grain and
speckles, saved as JPEG and bound into a PDF with no text layer. The noise is seeded, so a scan is
the same every time."""

from __future__ import annotations

import html
import io

import numpy as np
from PIL import Image

SCAN_DPI = 200


def _typeset(text: str) -> bytes:
    from weasyprint import HTML

    pages = [
        "".join(f"<p>{html.escape(line) or '&nbsp;'}</p>" for line in page.split("\n"))
        for page in text.split("\f")
    ]
    paragraphs = "".join(f"<section>{page}</section>" for page in pages)
    page = (
        "<html lang='sv'><style>@page { size: A4; margin: 1.8cm 1.6cm }"
        "body { font: 9pt 'DejaVu Sans', sans-serif; line-height: 1.25 } p { margin: 0; white-space: pre-wrap }"
        "section + section { break-before: page }</style>"
        f"<body>{paragraphs}</body></html>"
    )
    return HTML(string=page).write_pdf()


def _scan_page(image: Image.Image, rng: np.random.Generator, angle: float) -> Image.Image:
    grey = image.convert("L").rotate(angle, resample=Image.Resampling.BICUBIC, expand=False, fillcolor=255)
    array = np.asarray(grey, dtype=np.float64)
    array = array * 0.88 + 18  # grey paper, ink not quite black
    array += rng.normal(0, 14, array.shape)  # sensor grain
    specks = rng.random(array.shape) < 0.0015
    array[specks] = rng.uniform(0, 90, int(specks.sum()))
    return Image.fromarray(np.clip(array, 0, 255).astype(np.uint8))


def scanned_pdf(
    text: str, *, seed: int = 20251022, angle: float = 0.8, blank_pages: int = 0, max_pages: int | None = None
) -> bytes:
    """`text` as an image-only PDF, as a 200-dpi JPEG scan with noise would be (a form feed starts a
    new page); `blank_pages` noisy pages with no text are added at the end (a page OCR cannot
    read); `max_pages` keeps only the first pages."""
    import pypdfium2 as pdfium

    rng = np.random.default_rng(seed)
    pdf = pdfium.PdfDocument(_typeset(text))
    pages = []
    try:
        for index in range(min(len(pdf), max_pages or len(pdf))):
            image = pdf[index].render(scale=SCAN_DPI / 72).to_pil()
            pages.append(_scan_page(image, rng, angle if index % 2 == 0 else -angle / 2))
    finally:
        pdf.close()
    for _ in range(blank_pages):
        pages.append(_scan_page(Image.new("L", pages[0].size, 255), rng, 0))
    jpegs = []
    for page in pages:
        buffer = io.BytesIO()
        page.save(buffer, "JPEG", quality=55)
        jpegs.append(Image.open(io.BytesIO(buffer.getvalue())))
    out = io.BytesIO()
    jpegs[0].save(out, "PDF", resolution=SCAN_DPI, save_all=True, append_images=jpegs[1:])
    return out.getvalue()
