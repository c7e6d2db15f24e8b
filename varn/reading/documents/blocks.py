"""The block tree a document is read into: [{"id", "type", "page", "text", "children"}] with types
heading (and its `level`), paragraph, list, list_item, table, row and cell."""

from __future__ import annotations

import re
from typing import Any

BULLET_RX = re.compile(r"^\s*([•●▪■◦○‣∙·\-–—*]|\uf0b7|\uf0a7|\d{1,2}[.)])\s+")
# Värn's own export marks the source document's pages ("Sida 6").
PAGE_MARKER_RX = re.compile(r"^\s*sida\s+(\d{1,4})\s*$", re.I)


def join_lines(lines: list[str]) -> str:
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


class Ids:
    """Block ids b1, b2, … in document order."""

    def __init__(self) -> None:
        self.n = 0

    def __call__(self) -> str:
        self.n += 1
        return f"b{self.n}"


def node(ids: Ids, type_: str, page: int | None, text: str = "", **extra: Any) -> dict:
    block: dict[str, Any] = {"id": ids(), "type": type_, "page": page, "text": text, "children": []}
    block.update(extra)
    return block


def list_node(ids: Ids, page: int | None, items: list[str]) -> dict:
    lst = node(ids, "list", page)
    lst["children"] = [node(ids, "list_item", page, item) for item in items]
    return lst
