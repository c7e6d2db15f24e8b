"""A PDF with a text layer into a block tree.

Headings come from the document's own hierarchy: the sizes of its bold or large lines relative to
the body text rank its heading styles (the largest is level 1), a short bold line at body size
standing alone ("Mål") ranks below them, and numbering ("4.2.1 …") gives the depth where there is
one. A heading that wraps is one heading; a bold sentence in the body text is a paragraph. Bullet
lists (an item's indented second line included, also over a page break), tables with their
columns, paragraphs (also over a page break). Page furniture, the table of contents and the
cover's title are left out of the headings (see pdf_layout)."""

from __future__ import annotations

import itertools
import re

from .blocks import BULLET_RX, PAGE_MARKER_RX, Ids, join_lines, node
from .errors import DocumentReadError
from .pdf_layout import (
    Line,
    Page,
    TableItem,
    body_size,
    drop_furniture,
    drop_table_of_contents,
    mark_cover,
    read_pages,
)

NUMBERING_RX = re.compile(r"^(\d{1,2}(?:\.\d{1,2}){0,4})\.?\s+\S")
# A heading at body size is short and does not end like a sentence or a clause.
MAX_BODY_HEADING = 70


def _cell_node(ids: Ids, page: int, text: str | None) -> dict:
    cell = node(ids, "cell", page)
    plain: list[str] = []
    items: list[list[str]] = []
    for line in (text or "").split("\n"):
        m = BULLET_RX.match(line)
        if m:
            items.append([line[m.end() :]])
        elif items and line.strip():
            items[-1].append(line)
        else:
            plain.append(line)
    cell["text"] = join_lines(plain)
    if items:
        lst = node(ids, "list", page)
        lst["children"] = [node(ids, "list_item", page, join_lines(item)) for item in items]
        cell["children"].append(lst)
    return cell


class _Styles:
    """Which lines are headings, and at which level."""

    def __init__(self, pages: list[Page]):
        lines = [ln for p in pages for ln in p.lines if not ln.on_cover]
        self.body = body_size(lines)
        self.sizes = sorted({ln.size for ln in lines if self.is_large(ln)}, reverse=True)
        # The space between two lines of one paragraph: the smaller gaps between body-size lines
        # (a document of short paragraphs has as many gaps between paragraphs as within them).
        gaps = sorted(
            b.top - a.bottom
            for a, b in itertools.pairwise(lines)
            if a.page == b.page and a.size == b.size == self.body and b.top >= a.bottom
        )
        self.line_gap = gaps[len(gaps) // 4] if gaps else 2.0
        self.body_headings = {id(ln) for ln in self._standalone_bold(pages)}
        self.base = 0
        numbered = [
            (self.rank(ln), len(m.group(1).split(".")))
            for ln in lines
            if self.is_heading(ln) and (m := NUMBERING_RX.match(ln.text))
        ]
        if numbered:
            self.base = max(0, min(rank - depth for rank, depth in numbered))

    def is_large(self, line: Line) -> bool:
        return line.size >= self.body * 1.15 and len(line.text) < 200 and not line.on_cover

    def is_bold_body(self, line: Line) -> bool:
        return line.bold and abs(line.size - self.body) < 0.6 and not line.on_cover

    def _standalone_bold(self, pages: list[Page]) -> list[Line]:
        """Bold lines at body size that stand alone: not a line of a bold passage (a bold sentence
        over two lines), short, not ending like a sentence."""
        found = []
        for page in pages:
            lines = page.lines
            for i, line in enumerate(lines):
                text = line.text.strip()
                if not self.is_bold_body(line) or len(text) > MAX_BODY_HEADING or BULLET_RX.match(text):
                    continue
                if text.endswith((".", ",", ";", ":")):
                    continue
                neighbours = [lines[j] for j in (i - 1, i + 1) if 0 <= j < len(lines)]
                if any(self.is_bold_body(n) and self._close(line, n) for n in neighbours):
                    continue
                found.append(line)
        return found

    def _close(self, a: Line, b: Line) -> bool:
        upper, lower = (a, b) if a.top <= b.top else (b, a)
        return lower.top - upper.bottom < max(self.line_gap * 1.8, upper.size * 0.5)

    def is_heading(self, line: Line) -> bool:
        return self.is_large(line) or id(line) in self.body_headings

    def rank(self, line: Line) -> int:
        return self.sizes.index(line.size) + 1 if line.size in self.sizes else len(self.sizes) + 1

    def level(self, text: str, line: Line) -> int:
        m = NUMBERING_RX.match(text)
        level = len(m.group(1).split(".")) + self.base if m else self.rank(line)
        return min(max(level, 1), 6)

    def continues_heading(self, previous: Line | None, line: Line) -> bool:
        """The second line of a wrapped heading: same style, right below."""
        return (
            previous is not None
            and previous.page == line.page
            and previous.size == line.size
            and previous.bold == line.bold
            and line.top - previous.bottom < line.size * 0.9
        )


def import_pdf(data: bytes) -> list[dict]:
    pages = read_pages(data)
    drop_furniture(pages)
    drop_table_of_contents(pages)
    mark_cover(pages)
    if not any(p.items for p in pages):
        raise DocumentReadError("pdf_no_text_layer")
    styles = _Styles(pages)
    normal_gap = styles.line_gap

    ids = Ids()
    tree: list[dict] = []
    logical_page_offset = 0
    paragraph: list[str] = []
    paragraph_page: int | None = None
    paragraph_size: float | None = None
    current_list: dict | None = None
    item_lines: list[str] = []
    item_page: int | None = None
    item_x0 = 0.0
    previous: Line | None = None
    heading_line: Line | None = None  # the last line of the heading just added

    def close_item() -> None:
        nonlocal item_lines
        if current_list is not None and item_lines:
            current_list["children"].append(node(ids, "list_item", item_page, join_lines(item_lines)))
        item_lines = []

    def close_paragraph() -> None:
        nonlocal paragraph, paragraph_page, paragraph_size
        if paragraph:
            text = join_lines(paragraph)
            # A paragraph split over two pages continues the previous one.
            last = tree[-1] if tree else None
            if last is not None and last["type"] == "paragraph" and last.get("_open") and text[:1].islower():
                last["text"] = join_lines([last["text"], text])
            else:
                tree.append(node(ids, "paragraph", paragraph_page, text))
            tree[-1]["_open"] = not re.search(r"[.!?:]\s*$", tree[-1]["text"])
        paragraph, paragraph_page, paragraph_size = [], None, None

    def close_list() -> None:
        nonlocal current_list
        close_item()
        if current_list is not None and current_list["children"]:
            tree.append(current_list)
        current_list = None

    for page_number, page_ in enumerate(pages, 1):
        page = page_number + logical_page_offset
        previous = None
        top_lines = {id(ln) for ln in page_.lines[:2]}
        for item in page_.items:
            marker = PAGE_MARKER_RX.match(item.text) if isinstance(item, Line) else None
            if marker and id(item) in top_lines:  # Värn's export marks the source document's pages
                logical_page_offset = int(marker.group(1)) - page_number
                page = int(marker.group(1))
                continue
            if isinstance(item, TableItem):
                close_paragraph()
                close_list()
                table = node(ids, "table", page)
                last = tree[-1] if tree else None
                if (
                    last is not None
                    and last["type"] == "heading"
                    and last.get("_size") not in styles.sizes
                    and previous is not None
                    and item.top - previous.bottom < normal_gap * 3
                ):
                    table["text"] = tree.pop()["text"]  # a bold line right above a table is its caption
                for row in item.rows:
                    row_node = node(ids, "row", page)
                    row_node["children"] = [_cell_node(ids, page, cell) for cell in row]
                    table["children"].append(row_node)
                tree.append(table)
                previous = heading_line = None
                continue
            line = item
            text = line.text.strip()
            gap: float | None = line.top - previous.bottom if previous is not None else None
            bullet = BULLET_RX.match(text)
            if styles.is_heading(line):
                close_paragraph()
                close_list()
                last = tree[-1] if tree else None
                if (
                    last is not None
                    and last["type"] == "heading"
                    and styles.continues_heading(heading_line, line)
                ):
                    last["text"] = join_lines([last["text"], text])  # a heading on two or more lines
                else:
                    level = styles.level(text, line)
                    tree.append(node(ids, "heading", page, text, level=level, _size=line.size))
                heading_line = line
            elif bullet:
                close_paragraph()
                if current_list is None:
                    current_list = node(ids, "list", page)
                close_item()
                item_lines, item_page = [text[bullet.end() :]], page
                item_x0 = line.x0
                heading_line = None
            elif (
                current_list is not None
                and item_lines
                and line.x0 > item_x0 + 3
                and (gap is None or gap < normal_gap * 1.8)
            ):
                item_lines.append(text)  # a bullet's second line, indented under its text
            else:
                close_list()
                heading_line = None
                if line.on_cover:  # the cover's title lines stand far apart: one paragraph per size
                    new = paragraph_size != line.size or (gap is not None and gap > line.size * 0.9)
                else:
                    new = gap is not None and gap > max(normal_gap * 1.8, normal_gap + 4)
                if paragraph and new:
                    close_paragraph()
                if not paragraph:
                    paragraph_page, paragraph_size = page, line.size
                paragraph.append(text)
            previous = line
        close_paragraph()
    close_list()
    for block in tree:
        block.pop("_open", None)
        block.pop("_size", None)
    return tree
