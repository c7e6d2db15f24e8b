"""Reading a programme document into a block tree: [{"id", "type", "page", "text", "children"}].

PDF (pdfplumber): pages, headings from font size and weight, paragraphs, bullet lists and tables
with their columns. DOCX (python-docx): headings from styles, paragraphs, lists, tables; the page
is unknown (null) unless the document carries "Sida N" markers, as Värn's own export does."""

from __future__ import annotations

import io
import itertools
import re
import statistics
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from .extract import DocumentError

BULLET_RX = re.compile(r"^\s*([•●▪■◦○‣∙·\-–—*]|\uf0b7|\uf0a7|\d{1,2}[.)])\s+")
PAGE_MARKER_RX = re.compile(r"^\s*sida\s+(\d{1,4})\s*$", re.I)
PAGE_NUMBER_RX = re.compile(r"^\s*(?:sida\s*)?\d{1,4}(?:\s*(?:av|\(|/)\s*\d{1,4}\)?)?\s*$", re.I)


def _join(lines: list[str]) -> str:
    """Join lines of one paragraph, undoing hyphenation at line ends ("förvalt-" + "ningar")."""
    out = ""
    for line in lines:
        line = line.strip()
        if not line:
            continue
        if out.endswith("-") and line[:1].islower() and not re.match(r"(och|eller|samt)\b", line):
            out = out[:-1] + line
        else:
            out = f"{out} {line}" if out else line
    return out


class _Ids:
    def __init__(self):
        self.n = 0

    def __call__(self) -> str:
        self.n += 1
        return f"b{self.n}"


def _node(ids: _Ids, type_: str, page: int | None, text: str = "", **extra) -> dict:
    node: dict[str, Any] = {"id": ids(), "type": type_, "page": page, "text": text, "children": []}
    node.update(extra)
    return node


# --- PDF -----------------------------------------------------------------------------------------


@dataclass
class _Line:
    page: int
    top: float
    bottom: float
    x0: float
    text: str
    size: float
    bold: bool


@dataclass
class _TableItem:
    page: int
    top: float
    rows: list[list[str | None]] = field(default_factory=list)


def _is_bold(fontname: str) -> bool:
    return bool(re.search(r"bold|black|heavy|semibold|demi", fontname or "", re.I))


def _pdf_items(data: bytes) -> list[list[_Line | _TableItem]]:
    import pdfplumber

    pages: list[list[_Line | _TableItem]] = []
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except Exception as error:
        raise DocumentError(_("PDF-filen är skadad och kan inte läsas.")) from error
    with pdf:
        for number, page in enumerate(pdf.pages, 1):
            items: list[_Line | _TableItem] = []
            tables = page.find_tables()
            boxes = [t.bbox for t in tables]
            for table in tables:
                items.append(_TableItem(number, table.bbox[1], table.extract()))
            words = page.extract_words(extra_attrs=["fontname", "size"], use_text_flow=True)
            words = [
                w
                for w in words
                if not any(
                    b[0] - 1 <= w["x0"] and w["x1"] <= b[2] + 1 and b[1] - 1 <= w["top"] <= b[3] + 1
                    for b in boxes
                )
            ]
            lines: list[list[dict]] = []
            for w in sorted(words, key=lambda w: (round(w["top"]), w["x0"])):
                if lines and abs(lines[-1][0]["top"] - w["top"]) <= 2.5:
                    lines[-1].append(w)
                else:
                    lines.append([w])
            for ws in lines:
                ws.sort(key=lambda w: w["x0"])
                text = re.sub(r"[$](?=\s?\d)", "§", " ".join(w["text"] for w in ws))  # a § in some fonts
                sizes = [w["size"] for w in ws]
                bold_chars = sum(len(w["text"]) for w in ws if _is_bold(w["fontname"]))
                items.append(
                    _Line(
                        page=number,
                        top=ws[0]["top"],
                        bottom=max(w["bottom"] for w in ws),
                        x0=ws[0]["x0"],
                        text=text,
                        size=round(max(sizes), 1),
                        bold=bold_chars >= 0.6 * max(1, sum(len(w["text"]) for w in ws)),
                    )
                )
            items.sort(key=lambda i: i.top)
            pages.append(items)
    return pages


def _drop_repeated(pages: list[list[_Line | _TableItem]]) -> None:
    """Page numbers, and lines at the top or bottom of most pages (running headers/footers)."""
    if len(pages) < 3:
        for items in pages:
            items[:] = [
                i
                for i in items
                if not (
                    isinstance(i, _Line) and PAGE_NUMBER_RX.match(i.text) and not PAGE_MARKER_RX.match(i.text)
                )
            ]
        return
    counts: Counter[str] = Counter()
    for items in pages:
        lines = [i for i in items if isinstance(i, _Line)]
        for line in {ln.text for ln in lines[:2] + lines[-2:]}:
            counts[re.sub(r"\d+", "#", line)] += 1
    repeated = {k for k, n in counts.items() if n >= max(3, len(pages) // 2)}
    for items in pages:
        lines = [i for i in items if isinstance(i, _Line)]
        edge = {id(ln) for ln in lines[:2] + lines[-2:]}
        items[:] = [
            i
            for i in items
            if not (
                isinstance(i, _Line)
                and (
                    (PAGE_NUMBER_RX.match(i.text) and not PAGE_MARKER_RX.match(i.text))
                    or (id(i) in edge and re.sub(r"\d+", "#", i.text) in repeated)
                )
            )
        ]


def _cell_node(ids: _Ids, page: int, text: str | None) -> dict:
    cell = _node(ids, "cell", page)
    lines = [ln for ln in (text or "").split("\n")]
    plain: list[str] = []
    items: list[list[str]] = []
    for line in lines:
        m = BULLET_RX.match(line)
        if m:
            items.append([line[m.end() :]])
        elif items and line.strip():
            items[-1].append(line)
        else:
            plain.append(line)
    cell["text"] = _join(plain)
    if items:
        lst = _node(ids, "list", page)
        lst["children"] = [_node(ids, "list_item", page, _join(item)) for item in items]
        cell["children"].append(lst)
    return cell


def import_pdf(data: bytes) -> list[dict]:
    pages = _pdf_items(data)
    _drop_repeated(pages)
    all_lines = [i for items in pages for i in items if isinstance(i, _Line)]
    if not all_lines and not any(isinstance(i, _TableItem) for items in pages for i in items):
        raise DocumentError(
            _("PDF-filen har inget textlager. Ett programdokument läses från PDF med text eller från Word.")
        )
    weights: Counter[float] = Counter()
    for line in all_lines:
        weights[line.size] += len(line.text)
    body_size = weights.most_common(1)[0][0] if weights else 10.0
    heading_sizes = sorted({ln.size for ln in all_lines if ln.size >= body_size * 1.15}, reverse=True)
    gaps = [b.top - a.bottom for a, b in itertools.pairwise(all_lines) if a.page == b.page]
    normal_gap = statistics.median([g for g in gaps if g >= 0] or [2.0])

    ids = _Ids()
    tree: list[dict] = []
    logical_page_offset = 0
    paragraph: list[str] = []
    paragraph_page = None
    current_list: dict | None = None
    item_lines: list[str] = []
    item_x0 = 0.0
    previous: _Line | None = None

    def close_item() -> None:
        nonlocal item_lines
        if current_list is not None and item_lines:
            current_list["children"].append(_node(ids, "list_item", current_list["page"], _join(item_lines)))
        item_lines = []

    def close_paragraph() -> None:
        nonlocal paragraph, paragraph_page
        if paragraph:
            text = _join(paragraph)
            # A paragraph split over two pages continues the previous one.
            last = tree[-1] if tree else None
            if last is not None and last["type"] == "paragraph" and last.get("_open") and text[:1].islower():
                last["text"] = _join([last["text"], text])
            else:
                tree.append(_node(ids, "paragraph", paragraph_page, text))
            tree[-1]["_open"] = not re.search(r"[.!?:]\s*$", tree[-1]["text"])
        paragraph, paragraph_page = [], None

    def close_list() -> None:
        nonlocal current_list
        close_item()
        if current_list is not None and current_list["children"]:
            tree.append(current_list)
        current_list = None

    for page_number, items in enumerate(pages, 1):
        first_line = True
        page = page_number + logical_page_offset
        for item in items:
            if isinstance(item, _Line) and first_line:
                first_line = False
                marker = PAGE_MARKER_RX.match(item.text)
                if marker:  # Värn's export marks the source document's pages
                    logical_page_offset = int(marker.group(1)) - page_number
                    page = int(marker.group(1))
                    continue
            if isinstance(item, _TableItem):
                close_paragraph()
                close_list()
                table = _node(ids, "table", page)
                last = tree[-1] if tree else None
                if (
                    last is not None
                    and last["type"] == "heading"
                    and last.get("_size") not in heading_sizes
                    and previous is not None
                    and item.top - previous.bottom < normal_gap * 3
                ):
                    table["text"] = tree.pop()["text"]  # a bold line right above a table is its caption
                for row in item.rows:
                    row_node = _node(ids, "row", page)
                    row_node["children"] = [_cell_node(ids, page, cell) for cell in row]
                    table["children"].append(row_node)
                tree.append(table)
                previous = None
                continue
            line = item
            text = line.text.strip()
            gap = line.top - previous.bottom if previous is not None and previous.page == line.page else None
            is_heading = (
                line.size in heading_sizes or (line.bold and len(text) < 100)
            ) and not BULLET_RX.match(text)
            if is_heading and line.bold and line.size not in heading_sizes and text.endswith((".", ",")):
                is_heading = False
            bullet = BULLET_RX.match(text)
            if is_heading:
                close_paragraph()
                close_list()
                level = (
                    heading_sizes.index(line.size) + 1
                    if line.size in heading_sizes
                    else len(heading_sizes) + 1
                )
                last = tree[-1] if tree else None
                if (
                    last is not None
                    and last["type"] == "heading"
                    and last.get("_size") == line.size
                    and gap is not None
                    and gap < normal_gap * 1.5
                ):
                    last["text"] = _join([last["text"], text])  # a heading on two lines
                else:
                    tree.append(_node(ids, "heading", page, text, level=min(level, 6), _size=line.size))
            elif bullet:
                close_paragraph()
                if current_list is None:
                    current_list = _node(ids, "list", page)
                close_item()
                item_lines = [text[bullet.end() :]]
                item_x0 = line.x0
            elif (
                current_list is not None
                and item_lines
                and line.x0 > item_x0 + 3
                and (gap is None or gap < normal_gap * 1.8)
            ):
                item_lines.append(text)  # a bullet's second line, indented under its text
            else:
                close_list()
                if paragraph and gap is not None and gap > max(normal_gap * 1.8, normal_gap + 4):
                    close_paragraph()
                if not paragraph:
                    paragraph_page = page
                paragraph.append(text)
            previous = line
        close_list()
        close_paragraph()
    for node in tree:
        node.pop("_open", None)
        node.pop("_size", None)
    return tree


# --- DOCX ----------------------------------------------------------------------------------------


def _docx_heading_level(paragraph) -> int | None:
    name = (paragraph.style.name if paragraph.style is not None else "") or ""
    m = re.match(r"(?:heading|rubrik)\s*(\d)", name, re.I)
    if m:
        return int(m.group(1))
    if name.lower() in ("title", "rubrik", "titel"):
        return 1
    text = paragraph.text.strip()
    runs = [r for r in paragraph.runs if r.text.strip()]
    if runs and all(r.bold for r in runs) and len(text) < 80 and not text.endswith((".", ":", ",")):
        return 3
    return None


def _docx_is_list(paragraph) -> bool:
    name = (paragraph.style.name if paragraph.style is not None else "") or ""
    if "list" in name.lower() or "lista" in name.lower() or "punkt" in name.lower():
        return True
    ppr = paragraph._p.pPr
    return ppr is not None and ppr.numPr is not None


def _docx_cell(ids: _Ids, cell, page: int | None) -> dict:
    node = _node(ids, "cell", page)
    plain: list[str] = []
    lst: dict | None = None
    for p in cell.paragraphs:
        text = p.text.strip()
        if not text:
            continue
        bullet = BULLET_RX.match(text)
        if _docx_is_list(p) or bullet:
            if lst is None:
                lst = _node(ids, "list", page)
                node["children"].append(lst)
            lst["children"].append(_node(ids, "list_item", page, text[bullet.end() :] if bullet else text))
        else:
            plain.append(text)
    node["text"] = " ".join(plain)
    return node


def import_docx(data: bytes) -> list[dict]:
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as error:
        raise DocumentError(_("Word-filen är skadad och kan inte läsas.")) from error
    ids = _Ids()
    tree: list[dict] = []
    page: int | None = None
    current_list: dict | None = None
    caption = ""
    for element in document.element.body.iterchildren():
        tag = element.tag.rsplit("}", 1)[-1]
        if tag == "p":
            p = Paragraph(element, document)
            text = p.text.strip()
            if not text:
                continue
            marker = PAGE_MARKER_RX.match(text)
            if marker:
                page = int(marker.group(1))
                current_list = None
                continue
            style = (p.style.name if p.style is not None else "").lower()
            if style in ("caption", "beskrivning", "bildtext"):
                caption = text  # names the table that follows
                current_list = None
                continue
            if caption:
                tree.append(_node(ids, "paragraph", page, caption))
                caption = ""
            level = _docx_heading_level(p)
            if level is not None:
                current_list = None
                tree.append(_node(ids, "heading", page, text, level=level))
            elif _docx_is_list(p):
                if current_list is None:
                    current_list = _node(ids, "list", page)
                    tree.append(current_list)
                bullet = BULLET_RX.match(text)
                current_list["children"].append(
                    _node(ids, "list_item", page, text[bullet.end() :] if bullet else text)
                )
            else:
                current_list = None
                tree.append(_node(ids, "paragraph", page, text))
        elif tag == "tbl":
            current_list = None
            table = Table(element, document)
            node = _node(ids, "table", page, caption)
            caption = ""
            for row in table.rows:
                row_node = _node(ids, "row", page)
                seen: set[int] = set()
                for cell in row.cells:
                    if id(cell._tc) in seen:  # a merged cell is listed once per column it spans
                        continue
                    seen.add(id(cell._tc))
                    row_node["children"].append(_docx_cell(ids, cell, page))
                node["children"].append(row_node)
            tree.append(node)
    if not tree:
        raise DocumentError(_("Word-filen innehåller ingen text."))
    return tree


def import_document(data: bytes, kind: str) -> list[dict]:
    """The block tree of a programme document (kind "pdf" or "docx")."""
    if kind == "pdf":
        return import_pdf(data)
    if kind == "docx":
        return import_docx(data)
    raise DocumentError(_("Programdokument läses från PDF eller Word (DOCX)."))
