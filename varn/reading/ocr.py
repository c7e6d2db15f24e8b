"""Reading scanned pages: the page image cleaned, then tesseract with its Swedish data.

A scan arrives grey or in colour, slightly rotated, with JPEG noise and speckles. Each page is made
grey, its grain and speckles smoothed away (a small box blur), its skew measured and undone, and it is
thresholded (Otsu, kept out of the paper's grain) before tesseract reads it at 300 dpi.
Tesseract's word table (TSV) gives the text line by line with a blank line between its
paragraphs, and a confidence per page, so a page that cannot be read is named rather than
silently empty.

Pure: Pillow, NumPy and pytesseract (which runs the `tesseract` program); no Django. The caller
renders PDF pages to images and turns `OcrError` into the message the user sees.
"""

from __future__ import annotations

import os
import re
from collections import deque
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageFilter, ImageOps

DPI = 300
LANGUAGE = "swe"
# psm 4: a single column of text of variable sizes, the shape of a protocol page.
CONFIG = "--psm 4 --oem 1"
# Below this many letters, or this mean word confidence, a page is reported as not read.
MIN_LETTERS = 20
MIN_CONFIDENCE = 35.0
MAX_SKEW_DEGREES = 5.0


class OcrError(Exception):
    """Tesseract is missing or lacks Swedish; `code` says which ("missing", "no_language")."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class PageText:
    number: int  # 1-based page number in the document
    text: str
    confidence: float  # mean word confidence, 0–100
    letters: int

    @property
    def is_readable(self) -> bool:
        return self.letters >= MIN_LETTERS and self.confidence >= MIN_CONFIDENCE


def _tesseract():
    try:
        import pytesseract
    except ImportError as error:  # pragma: no cover - a dependency of the project
        raise OcrError("missing") from error
    try:
        languages = pytesseract.get_languages(config="")
    except Exception as error:
        raise OcrError("missing") from error
    if LANGUAGE not in languages:
        raise OcrError("no_language")
    return pytesseract


def check_available() -> None:
    """Raise OcrError when tesseract or its Swedish data is missing."""
    _tesseract()


# --- Cleaning the page ---------------------------------------------------------------------------


def otsu_threshold(grey: np.ndarray) -> int:
    """The grey level that best separates ink from paper (Otsu's method on the histogram)."""
    histogram = np.bincount(grey.ravel(), minlength=256).astype(np.float64)
    total = histogram.sum()
    if total == 0:
        return 128
    levels = np.arange(256)
    weight_dark = np.cumsum(histogram)
    weight_light = total - weight_dark
    sum_dark = np.cumsum(histogram * levels)
    mean_dark = np.divide(sum_dark, weight_dark, out=np.zeros(256), where=weight_dark > 0)
    mean_light = np.divide(sum_dark[-1] - sum_dark, weight_light, out=np.zeros(256), where=weight_light > 0)
    between = weight_dark * weight_light * (mean_dark - mean_light) ** 2
    return int(np.argmax(between))


def ink_threshold(grey: np.ndarray) -> int:
    """The grey level at and below which a pixel is ink. Otsu's level, but never inside the
    paper's own grain: a page with little text (a short extract, a blank page) has so few ink pixels
    that Otsu splits the noise of the paper instead. The paper is the page's median level (it covers
    most of any page) and its grain a robust spread (the median absolute deviation)."""
    otsu = otsu_threshold(grey)
    paper = float(np.median(grey))
    grain = 1.4826 * float(np.median(np.abs(grey.astype(np.float64) - paper)))
    return int(min(otsu, max(paper - 5 * grain - 10, 0)))


def _profile_score(ink: Image.Image, angle: float) -> float:
    """How sharply the text lines stand out when the page is turned by `angle`: the variance of the
    ink per row (lines of text give peaks, the gaps between them valleys)."""
    rotated = ink.rotate(angle, resample=Image.Resampling.NEAREST, fillcolor=0)
    rows = np.asarray(rotated, dtype=np.float64).sum(axis=1)
    return float(np.var(rows))


def skew_angle(grey: Image.Image) -> float:
    """The angle (degrees, counter-clockwise) that makes the text lines horizontal, within ±5°."""
    small = grey.copy()
    small.thumbnail((900, 900))
    array = np.asarray(small)
    ink = Image.fromarray(((array <= ink_threshold(array)) * 255).astype(np.uint8))
    coarse = np.arange(-MAX_SKEW_DEGREES, MAX_SKEW_DEGREES + 0.01, 0.5)
    best = max(coarse, key=lambda a: _profile_score(ink, float(a)))
    fine = np.arange(best - 0.5, best + 0.51, 0.1)
    return round(float(max(fine, key=lambda a: _profile_score(ink, float(a)))), 2)


def clean_page(image: Image.Image) -> Image.Image:
    """Grey, grain and speckles removed, deskewed and thresholded to black on white."""
    grey = ImageOps.grayscale(image).filter(ImageFilter.BoxBlur(1))
    angle = skew_angle(grey)
    if abs(angle) >= 0.2:
        grey = grey.rotate(angle, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=255)
    array = np.asarray(grey)
    return Image.fromarray(np.where(array > ink_threshold(array), 255, 0).astype(np.uint8))


# --- Reading -------------------------------------------------------------------------------------

# Tesseract's Swedish model reads "§" as "8", "$", "&" or "S". "$" and "&" before a number are
# always the sign; "8" and "S" only where a paragraph heading begins a line ("8 110",
# "8 620 Årsredovisning 2025", followed by the end of the line, a capital or a case number), since
# "8 110 kronor" at the start of a wrapped line is a number.
_SIGN_ANYWHERE = re.compile(r"(?<![\w$&])[$&]{1,2}\s?(?=\d{1,4}\b)")
_SIGN_AT_START = re.compile(r"^(?:8|S|§8|8§)\s(?=\d{1,4}(?:$|\s+[A-ZÅÄÖ\d]))")


def repair_paragraph_signs(line: str) -> str:
    """One OCR line with the paragraph sign put back where tesseract misread it."""
    line = _SIGN_ANYWHERE.sub("§ ", line)
    return _SIGN_AT_START.sub("§ ", line)


def text_from_tsv(rows: dict[str, list]) -> tuple[str, float]:
    """Tesseract's word table as text and the mean confidence of its words. A line per line; a
    blank line where the page shows one: where tesseract starts a new paragraph AND the gap above
    the line is about a line high (an empty line). Tesseract makes a paragraph of every short line in a
    header ("Kommunstyrelsens" / "arbetsutskott" beside a logo); those stay together."""
    lines: list[tuple[str, int, int, tuple[int, int]]] = []  # text, top, bottom, paragraph
    words: list[str] = []
    confidences: list[float] = []
    current: tuple[int, int, int] | None = None
    top = bottom = 0
    for i, word in enumerate(rows["text"]):
        word = (word or "").strip()
        if not word:
            continue
        key = (rows["block_num"][i], rows["par_num"][i], rows["line_num"][i])
        word_top, word_bottom = int(rows["top"][i]), int(rows["top"][i]) + int(rows["height"][i])
        if key != current:
            if words and current is not None:
                lines.append((" ".join(words), top, bottom, current[:2]))
            words, current, top, bottom = [], key, word_top, word_bottom
        words.append(word)
        top, bottom = min(top, word_top), max(bottom, word_bottom)
        confidence = float(rows["conf"][i])
        if confidence >= 0:
            confidences.append(confidence)
    if words and current is not None:
        lines.append((" ".join(words), top, bottom, current[:2]))
    out: list[str] = []
    for n, (text, line_top, line_bottom, paragraph) in enumerate(lines):
        if n:
            _, _, above_bottom, above_paragraph = lines[n - 1]
            gap = line_top - above_bottom
            if paragraph != above_paragraph and gap >= 0.8 * (line_bottom - line_top):
                out.append("")
        out.append(repair_paragraph_signs(text))
    # Each line ends with a newline, the last too: a page break after it must not join the next
    # page's first line to it.
    mean = sum(confidences) / len(confidences) if confidences else 0.0
    return "".join(line + "\n" for line in out), mean


def read_page(image: Image.Image, number: int = 1) -> PageText:
    """OCR one page image (rendered at DPI)."""
    pytesseract = _tesseract()
    rows = pytesseract.image_to_data(
        clean_page(image), lang=LANGUAGE, config=CONFIG, output_type=pytesseract.Output.DICT
    )
    text, confidence = text_from_tsv(rows)
    letters = sum(ch.isalpha() for ch in text)
    return PageText(number=number, text=text, confidence=round(confidence, 1), letters=letters)


def read_pages(
    render: Callable[[int], Image.Image],
    numbers: Sequence[int],
    progress: Callable[[int, int], None] | None = None,
    workers: int | None = None,
) -> list[PageText]:
    """OCR the pages `numbers` (1-based) in page order, one tesseract per core. `render(number)`
    gives a page's image; it is called in this thread only (PDF renderers are not thread-safe), and
    at most two pages per worker wait rendered, so memory stays bounded whatever the page count.
    `progress(done, total)` is called as pages finish."""
    check_available()
    # Tesseract's own threads fight each other when pages run side by side: one thread per page.
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    workers = workers or max(1, min(len(numbers), os.cpu_count() or 1))
    results: list[PageText] = []
    pending: deque[Future[PageText]] = deque()

    def collect(future: Future[PageText]) -> None:
        results.append(future.result())
        if progress:
            progress(len(results), len(numbers))

    with ThreadPoolExecutor(max_workers=workers) as pool:
        for number in numbers:
            if len(pending) >= 2 * workers:
                collect(pending.popleft())
            image = ImageOps.grayscale(render(number))
            pending.append(pool.submit(read_page, image, number))
        while pending:
            collect(pending.popleft())
    return results
