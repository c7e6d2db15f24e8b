"""Swedish typography for the report, shared by the Word and the PDF renderer (no database).

- Figures: a space (no-break) between thousands and a decimal comma, "1 259", "57,3 %".
- Counts with the right noun: "1 insats", "2 insatser".
- What must never break across lines: dates ("2025-04-23"), "§ 58", a figure and its unit.
- Table columns sized from their content, with the font's own metrics, so that no word of
  twelve letters or fewer has to break inside a cell; a header word that still does not fit is
  hyphenated at Swedish syllables (soft hyphens from pyphen), and a table too wide for an upright
  page is set on a landscape page."""

from __future__ import annotations

import datetime
import functools
import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django.utils.translation import ngettext

from .costs import NBSP, format_number

SOFT_HYPHEN = "\u00ad"
# A4 with 2 cm margins left and right, upright and landscape, in points.
PORTRAIT_WIDTH = (210 - 40) / 25.4 * 72
LANDSCAPE_WIDTH = (297 - 40) / 25.4 * 72
TABLE_FONT_SIZE = 9.0
# Left and right cell padding and the rules, in points, with a little to spare: Word's default cell
# margins (0.19 cm each side) and the PDF's padding (5.25 pt each side and the collapsed rules).
CELL_PADDING = 13.5
# A word longer than this may be broken (hyphenated) in a cell; a shorter one never.
SHORT_WORD = 12

FONT_DIR = Path("/usr/share/fonts/truetype")
FONTS = {
    False: [
        "liberation2/LiberationSans-Regular.ttf",
        "liberation/LiberationSans-Regular.ttf",
        "dejavu/DejaVuSans.ttf",
    ],
    True: [
        "liberation2/LiberationSans-Bold.ttf",
        "liberation/LiberationSans-Bold.ttf",
        "dejavu/DejaVuSans-Bold.ttf",
    ],
}


def format_count(n: int) -> str:
    return format_number(n)


def format_percent(value: Decimal | float | int, decimals: int = 1) -> str:
    return f"{format_number(value, decimals)}{NBSP}%"


def format_date(day: datetime.date) -> str:
    return day.isoformat()


def measures_phrase(n: int) -> str:
    return ngettext("%(count)s insats", "%(count)s insatser", n) % {"count": format_count(n)}


# Dates, "§ 58", and a figure with its unit ("25 000 kr", "57,3 %") are kept on one line.
_FIGURE = r"\d(?:[\d\u00a0]|(?<=\d) (?=\d{3}\b))*(?:,\d+)?"
KEEP_TOGETHER = re.compile(
    r"\d{4}-\d{2}-\d{2}|§\s?\d+"
    rf"|{_FIGURE}[\u00a0 ](?:kr\b|%|h\b|timmar\b)"
    r"|\d{1,3}(?:[\u00a0 ]\d{3})+\b"
)


def segments(text: str) -> list[tuple[str, bool]]:
    """The text cut into (piece, must stay on one line)."""
    out: list[tuple[str, bool]] = []
    at = 0
    for match in KEEP_TOGETHER.finditer(text):
        if match.start() > at:
            out.append((text[at : match.start()], False))
        out.append((match.group(0).replace(" ", NBSP), True))
        at = match.end()
    if at < len(text):
        out.append((text[at:], False))
    return out


@functools.cache
def _font(bold: bool):
    from PIL import ImageFont

    for name in FONTS[bold]:
        path = FONT_DIR / name
        if path.exists():
            return ImageFont.truetype(str(path), 100)
    return ImageFont.load_default(size=100)


@functools.cache
def text_width(text: str, bold: bool = False, size: float = TABLE_FONT_SIZE) -> float:
    """Width in points of the text set in the report's sans-serif (Arial metrics)."""
    return float(_font(bold).getlength(text.replace(SOFT_HYPHEN, ""))) * size / 100


@functools.cache
def _hyphenator():
    import pyphen

    return pyphen.Pyphen(lang="sv_SE")


def letters(word: str) -> int:
    return sum(1 for c in word if c.isalpha())


def words(text: str) -> list[str]:
    """The pieces a line may break between: words, with dates and "§ 58" as one piece."""
    out: list[str] = []
    for piece, together in segments(text):
        if together:
            out.append(piece)
        else:
            out += [w for w in re.split(r"[ \t\n]+|(?<=[-/–])", piece) if w]
    return out


def pieces(word: str) -> list[str]:
    """A word as the pieces it may be broken into: at its soft hyphens (each piece but the last
    then ends with a hyphen), else whole."""
    parts = word.split(SOFT_HYPHEN)
    return [p + "-" for p in parts[:-1]] + [parts[-1]]


def narrowest(text: str, bold: bool) -> float:
    """The width the text needs at least: its widest piece that may not be broken."""
    widest = 0.0
    for word in words(text):
        widest = max(widest, *(text_width(p, bold) for p in pieces(word)))
    return widest


def long_words_hyphenated(text: str) -> str:
    """Soft hyphens at the syllables of the words longer than twelve letters, the only ones that
    may break in a cell ("Samhällsbyggnads-förvaltningen")."""
    return " ".join(
        _hyphenator().inserted(w, hyphen=SOFT_HYPHEN)
        if letters(w) > SHORT_WORD and SOFT_HYPHEN not in w
        else w
        for w in text.split(" ")
    )


def hyphenated(text: str) -> str:
    """Soft hyphens at the Swedish syllable breaks of every word longer than five letters."""
    return " ".join(
        _hyphenator().inserted(w, hyphen=SOFT_HYPHEN) if letters(w) > 5 else w for w in text.split(" ")
    )


@dataclass
class TableLayout:
    widths: list[float]  # points, content and padding
    headers: list[str]  # with soft hyphens where a header word had to be hyphenated
    rows: list[list[str]]
    landscape: bool


def layout_table(headers: list[str], rows: list[list[str]], width: float = PORTRAIT_WIDTH) -> TableLayout:
    """Column widths from the content, as a browser's automatic table layout does: each column at
    least its widest unbreakable word, the rest shared in proportion to the text. A header word
    that does not fit is hyphenated; a table that still does not fit goes on a landscape page."""
    rows = [[long_words_hyphenated(c) for c in r] for r in rows]
    columns = max([len(headers), *(len(r) for r in rows)])
    cells = [[(h, True) for h in headers] + [("", True)] * (columns - len(headers))]
    cells += [[(c, False) for c in r] + [("", False)] * (columns - len(r)) for r in rows]

    def measure(table: list[list[tuple[str, bool]]]) -> tuple[list[float], list[float]]:
        least = [max(narrowest(row[j][0], row[j][1]) for row in table) + CELL_PADDING for j in range(columns)]
        most = [
            max(text_width(row[j][0], row[j][1]) for row in table) + CELL_PADDING + 1 for j in range(columns)
        ]
        return least, [max(a, b) for a, b in zip(least, most, strict=True)]

    least, most = measure(cells)
    landscape = False
    if sum(least) > width:
        cells[0] = [(hyphenated(h), True) for h, _b in cells[0]]
        least, most = measure(cells)
    if sum(least) > width and width < LANDSCAPE_WIDTH:
        width, landscape = LANDSCAPE_WIDTH, True
        cells[0] = [(h, True) for h in headers] + [("", True)] * (columns - len(headers))
        least, most = measure(cells)
        if sum(least) > width:
            cells[0] = [(hyphenated(h), True) for h, _b in cells[0]]
            least, most = measure(cells)
    if sum(most) <= width:
        # Everything fits on one line each: the spare room is shared in proportion to the text.
        widths = [w * width / sum(most) for w in most]
    elif sum(least) >= width:
        widths = [w * width / sum(least) for w in least]
    else:
        spare = width - sum(least)
        growth = [b - a for a, b in zip(least, most, strict=True)]
        widths = [a + spare * g / sum(growth) for a, g in zip(least, growth, strict=True)]
    header_texts = [h for h, _b in cells[0]][: len(headers)]
    return TableLayout(widths=widths, headers=header_texts, rows=rows, landscape=landscape)


def cramped_words(layout: TableLayout) -> list[str]:
    """The words of twelve letters or fewer that would have to break inside themselves in their
    column (a break at a soft hyphen is a Swedish syllable break, and allowed). Empty when the
    table is set well."""
    found = []
    table = [[(h, True) for h in layout.headers]] + [[(c, False) for c in r] for r in layout.rows]
    for row in table:
        for j, (text, bold) in enumerate(row):
            room = layout.widths[j] - CELL_PADDING
            for word in words(text):
                if letters(word) > SHORT_WORD:
                    continue
                if any(text_width(p, bold) > room + 0.01 for p in pieces(word)):
                    found.append(word.replace(SOFT_HYPHEN, ""))
    return found
