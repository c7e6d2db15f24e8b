"""A Word document (DOCX, python-docx) into a block tree: headings from styles (or a short bold
paragraph), paragraphs, lists, tables. The page is unknown (None) unless the document carries
"Sida N" markers, as Värn's own export does."""

from __future__ import annotations

import io
import re

from .blocks import BULLET_RX, PAGE_MARKER_RX, Ids, node
from .errors import DocumentReadError


def _heading_level(paragraph) -> int | None:
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


def _is_list(paragraph) -> bool:
    name = (paragraph.style.name if paragraph.style is not None else "") or ""
    if "list" in name.lower() or "lista" in name.lower() or "punkt" in name.lower():
        return True
    ppr = paragraph._p.pPr
    return ppr is not None and ppr.numPr is not None


def _cell(ids: Ids, cell, page: int | None) -> dict:
    block = node(ids, "cell", page)
    plain: list[str] = []
    lst: dict | None = None
    for p in cell.paragraphs:
        text = p.text.strip()
        if not text:
            continue
        bullet = BULLET_RX.match(text)
        if _is_list(p) or bullet:
            if lst is None:
                lst = node(ids, "list", page)
                block["children"].append(lst)
            lst["children"].append(node(ids, "list_item", page, text[bullet.end() :] if bullet else text))
        else:
            plain.append(text)
    block["text"] = " ".join(plain)
    return block


def import_docx(data: bytes) -> list[dict]:
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as error:
        raise DocumentReadError("docx_damaged") from error
    ids = Ids()
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
                tree.append(node(ids, "paragraph", page, caption))
                caption = ""
            level = _heading_level(p)
            if level is not None:
                current_list = None
                tree.append(node(ids, "heading", page, text, level=level))
            elif _is_list(p):
                if current_list is None:
                    current_list = node(ids, "list", page)
                    tree.append(current_list)
                bullet = BULLET_RX.match(text)
                current_list["children"].append(
                    node(ids, "list_item", page, text[bullet.end() :] if bullet else text)
                )
            else:
                current_list = None
                tree.append(node(ids, "paragraph", page, text))
        elif tag == "tbl":
            current_list = None
            table = Table(element, document)
            block = node(ids, "table", page, caption)
            caption = ""
            for row in table.rows:
                row_node = node(ids, "row", page)
                seen: set[int] = set()
                for cell in row.cells:
                    if id(cell._tc) in seen:  # a merged cell is listed once per column it spans
                        continue
                    seen.add(id(cell._tc))
                    row_node["children"].append(_cell(ids, cell, page))
                block["children"].append(row_node)
            tree.append(block)
    if not tree:
        raise DocumentReadError("docx_empty")
    return tree
