"""The layout of a PDF with a text layer (pdfplumber): its lines with size, weight and position, its
tables, and what is not content: page numbers, running headers and footers, a bare web address at
the page's edge ("alingsas.se"), the table of contents, and the cover page."""

from __future__ import annotations

import io
import re
from collections import Counter
from dataclasses import dataclass, field

from .errors import DocumentReadError

PAGE_NUMBER_RX = re.compile(r"^\s*(?:sida\s*)?\d{1,4}(?:\s*(?:av|\(|/)\s*\d{1,4}\)?)?\s*$", re.I)
WEB_ADDRESS_RX = re.compile(
    r"^\s*(?:https?://)?(?:www\.)?[\w-]+(?:\.[\w-]+)*\.(?:se|nu|com|org|net|eu)/?\s*$", re.I
)
# A table-of-contents entry: a title, a dot leader and a page number.
TOC_ENTRY_RX = re.compile(r"(?:\.\s?){4,}\s*\d{1,4}\s*$|…{2,}\s*\d{1,4}\s*$")
TOC_TITLE_RX = re.compile(r"^\s*(innehåll|innehållsförteckning|innehåll och läsanvisning)\s*$", re.I)
# The share of the page height at the top and bottom where running headers and footers stand.
EDGE = 0.08


@dataclass
class Line:
    page: int
    top: float
    bottom: float
    x0: float
    x1: float
    text: str
    size: float
    bold: bool
    on_cover: bool = False


@dataclass
class TableItem:
    page: int
    top: float
    rows: list[list[str | None]] = field(default_factory=list)


Item = Line | TableItem


@dataclass
class Page:
    number: int
    height: float
    items: list[Item]

    @property
    def lines(self) -> list[Line]:
        return [i for i in self.items if isinstance(i, Line)]


def _is_bold(fontname: str) -> bool:
    return bool(re.search(r"bold|black|heavy|semibold|demi", fontname or "", re.I))


def _table_rows(table) -> list[list[str | None]]:
    """The rows of a table by its visible columns. A ruled table often has a finer grid than its
    columns (merged cells, a header band ruled apart): each non-empty cell goes to the column whose
    left edge is nearest, the columns being those of the rows with the most non-empty cells."""
    rows: list[list[tuple[float, str]]] = []
    for row, texts in zip(table.rows, table.extract(), strict=False):
        cells = [
            (box[0], text)
            for box, text in zip(row.cells, texts, strict=False)
            if box and (text or "").strip()
        ]
        if cells:
            rows.append(cells)
    if not rows:
        return []
    width = max(len(r) for r in rows)
    full = [r for r in rows if len(r) == width]
    starts = [sum(r[i][0] for r in full) / len(full) for i in range(width)]
    out: list[list[str | None]] = []
    for cells in rows:
        columns: list[str | None] = [""] * width
        for x0, text in cells:
            i = min(range(width), key=lambda c: abs(starts[c] - x0))
            columns[i] = f"{columns[i]}\n{text}" if columns[i] else text
        out.append(columns)
    return out


def _is_table(rows: list[list[str | None]]) -> bool:
    """A frame around text (one column) or boxes behind highlighted words (a word per cell) is
    not a table."""
    if len(rows) < 2 or len(rows[0]) < 2:
        return False
    cells = [c for r in rows for c in r if (c or "").strip()]
    words = sum(len((c or "").split()) for c in cells)
    return not (len(rows[0]) > 6 and words < 2 * len(cells))


def _inside(inner: tuple, outer: tuple) -> bool:
    return (
        outer[0] - 1 <= inner[0]
        and inner[2] <= outer[2] + 1
        and outer[1] - 1 <= inner[1]
        and inner[3] <= outer[3] + 1
    )


def read_pages(data: bytes) -> list[Page]:
    import pdfplumber

    pages: list[Page] = []
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except Exception as error:
        raise DocumentReadError("pdf_damaged") from error
    with pdf:
        for number, page in enumerate(pdf.pages, 1):
            items: list[Item] = []
            boxes: list[tuple] = []
            for table in sorted(
                page.find_tables(), key=lambda t: -(t.bbox[2] - t.bbox[0]) * (t.bbox[3] - t.bbox[1])
            ):
                if any(_inside(table.bbox, b) for b in boxes):
                    continue  # a table found again inside a table
                rows = _table_rows(table)
                if _is_table(rows):
                    boxes.append(table.bbox)
                    items.append(TableItem(number, table.bbox[1], rows))
            words = page.extract_words(extra_attrs=["fontname", "size"], use_text_flow=True)
            words = [
                w
                for w in words
                if not any(
                    b[0] - 1 <= w["x0"] and w["x1"] <= b[2] + 1 and b[1] - 1 <= w["top"] <= b[3] + 1
                    for b in boxes
                )
            ]
            grouped: list[list[dict]] = []
            for w in sorted(words, key=lambda w: (round(w["top"]), w["x0"])):
                if grouped and abs(grouped[-1][0]["top"] - w["top"]) <= 2.5:
                    grouped[-1].append(w)
                else:
                    grouped.append([w])
            for ws in grouped:
                ws.sort(key=lambda w: w["x0"])
                text = re.sub(r"[$](?=\s?\d)", "§", " ".join(w["text"] for w in ws))  # a § in some fonts
                chars = sum(len(w["text"]) for w in ws)
                sizes: Counter[float] = Counter()
                for w in ws:
                    sizes[round(w["size"], 1)] += len(w["text"])
                items.append(
                    Line(
                        page=number,
                        top=ws[0]["top"],
                        bottom=max(w["bottom"] for w in ws),
                        x0=ws[0]["x0"],
                        x1=max(w["x1"] for w in ws),
                        text=text,
                        size=sizes.most_common(1)[0][0],
                        bold=sum(len(w["text"]) for w in ws if _is_bold(w["fontname"]))
                        >= 0.6 * max(1, chars),
                    )
                )
            items.sort(key=lambda i: i.top)
            pages.append(Page(number, float(page.height), items))
    return pages


def _furniture_key(text: str) -> str:
    return re.sub(r"\d+", "#", text.strip())


def drop_furniture(pages: list[Page]) -> None:
    """Page numbers; lines at the top or bottom of most pages (running headers and footers, the
    page number in them counted as any number); a bare web address at a page's edge."""
    edge_ids: dict[int, set[int]] = {}
    counts: Counter[str] = Counter()
    for page in pages:
        lines = page.lines
        edge = {id(ln) for ln in lines[:2] + lines[-2:]}
        edge |= {
            id(ln) for ln in lines if ln.top < page.height * EDGE or ln.bottom > page.height * (1 - EDGE)
        }
        edge_ids[page.number] = edge
        for key in {_furniture_key(ln.text) for ln in lines if id(ln) in edge}:
            counts[key] += 1
    repeated = {k for k, n in counts.items() if len(pages) >= 3 and n >= max(3, len(pages) // 2)}

    def is_furniture(line: Line, edge: set[int]) -> bool:
        if PAGE_NUMBER_RX.match(line.text):
            return not re.match(r"^\s*sida\s+\d+\s*$", line.text, re.I)  # Värn's page marker stays
        if id(line) not in edge:
            return False
        return _furniture_key(line.text) in repeated or bool(WEB_ADDRESS_RX.match(line.text))

    for page in pages:
        edge = edge_ids[page.number]
        page.items = [i for i in page.items if not (isinstance(i, Line) and is_furniture(i, edge))]


def drop_table_of_contents(pages: list[Page]) -> None:
    """On a page with three or more entries (title, dot leader, page number): everything from its
    title ("Innehåll") or its first entry to its last entry, wrapped entries included."""
    for page in pages:
        lines = page.lines
        entries = [i for i, ln in enumerate(lines) if TOC_ENTRY_RX.search(ln.text)]
        if len(entries) < 3:
            continue
        first, last = entries[0], entries[-1]
        titles = [i for i in range(first) if TOC_TITLE_RX.match(lines[i].text)]
        if titles:
            first = titles[-1]
        drop = {id(ln) for ln in lines[first : last + 1]}
        page.items = [i for i in page.items if id(i) not in drop]


def body_size(lines: list[Line]) -> float:
    """The size most of the text is set in."""
    weights: Counter[float] = Counter()
    for line in lines:
        weights[line.size] += len(line.text)
    return weights.most_common(1)[0][0] if weights else 10.0


def mark_cover(pages: list[Page]) -> None:
    """A first page without a line in the body text's size (title, subtitle, a box of metadata) is
    the cover: its large lines are the document's title, not headings of its hierarchy."""
    if len(pages) < 3 or not pages[0].lines:
        return
    body = body_size([ln for p in pages[1:] for ln in p.lines])
    if any(abs(ln.size - body) < 0.6 for ln in pages[0].lines):
        return
    for line in pages[0].lines:
        line.on_cover = True
