"""Applying amendments (tillägg, ändringar) to a programme's block tree. A pure function over plain
data: no database, no side effects on its input.

An amendment locates its target the way a protocol does: page, heading, table, column and the
text after which something is added ("anchor"). Matching is tolerant of OCR noise, missing å/ä/ö,
a word repeated ("mellan mellan"), hyphenation and whitespace (see textnorm.match_key). Operations:

- append: add text after the anchor, or at the end of the target text;
- insert: add a new paragraph after the target block (or at the end of the heading's section);
- add_bullet: add an item to the target list (in a table column, under a heading, or the list
  holding the anchor);
- replace: replace old_text (or the anchor) with text;
- delete: remove old_text (or the anchor), or the whole block when that is all its text.

All or nothing: when one amendment cannot be placed, the tree is returned unchanged and every
result says why. Each changed passage gets a `changes` entry naming the amendment and decision.

Indexes by page and heading keep 100 amendments on a 200-page programme well under a second.

Pure: no Django. Each reason is a Swedish message id with its parameters, passed through the
Pure: no Django. A reason is a code with its parameters (`Reason`, `Where` for the place looked
in); varn.documents.amendments turns it into the translated message."""

from __future__ import annotations

import difflib
import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from varn.reading.textnorm import match_key

TEXT_TYPES = {"heading", "paragraph", "list_item", "cell"}
FUZZY_MIN_RATIO = 0.85


@dataclass
class Result:
    label: str
    status: str  # applied | failed
    block_id: str | None
    why: Reason | None = None
    reason: str = ""  # the message for `why`, filled by the caller that has the language

    def as_json(self) -> dict[str, Any]:
        return {"label": self.label, "status": self.status, "block_id": self.block_id, "reason": self.reason}


@dataclass
class Change:
    """The text of the changed block before and after one amendment, for the diff view."""

    label: str
    block_id: str
    before: str
    after: str


@dataclass
class Outcome:
    tree: list[dict]
    results: list[Result]
    changes: list[Change] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return all(r.status == "applied" for r in self.results)

    def as_json(self) -> dict[str, Any]:
        return {"document": self.tree, "results": [r.as_json() for r in self.results]}


@dataclass(frozen=True)
class Where:
    """Where an amendment looked: on a page, in a heading's section, in a table's column."""

    page: int | None = None
    heading: str | None = None
    column: int | None = None


@dataclass(frozen=True)
class Reason:
    """Why an amendment was not applied: a code and its parameters (a `where` is a Where)."""

    code: str
    params: dict[str, Any] = field(default_factory=dict)

    def __str__(self) -> str:
        return f"{self.code} {self.params}"


class AmendmentError(Exception):
    """An amendment that cannot be placed, with the Reason."""

    def __init__(self, code: str, **params: Any):
        super().__init__(code)
        self.reason = Reason(code, params)


def _copy(nodes: list[dict]) -> list[dict]:
    out = []
    for node in nodes:
        new = dict(node)
        new["children"] = _copy(node.get("children") or [])
        if node.get("changes"):
            new["changes"] = [dict(c) for c in node["changes"]]
        out.append(new)
    return out


class _Document:
    """The working copy with indexes: parent of each node, top-level block of each node, pages."""

    def __init__(self, tree: list[dict]):
        self.roots = tree
        self.parent: dict[int, dict | None] = {}
        self.root_of: dict[int, dict] = {}
        self.by_page: dict[int, list[dict]] = defaultdict(list)
        self.ids: set[str] = set()
        self._keys: dict[int, tuple[str, str, list[int]]] = {}
        for root in tree:
            self._index(root, None, root)
        self.has_pages = bool(self.by_page)
        self._reindex_roots()

    def _index(self, node: dict, parent: dict | None, root: dict) -> None:
        self.parent[id(node)] = parent
        self.root_of[id(node)] = root
        self.ids.add(str(node.get("id")))
        page = node.get("page")
        if page is not None and (not self.by_page[page] or self.by_page[page][-1] is not root):
            self.by_page[page].append(root)
        for child in node.get("children") or []:
            self._index(child, node, root)

    def _reindex_roots(self) -> None:
        self.root_pos = {id(r): i for i, r in enumerate(self.roots)}

    def key(self, node: dict) -> tuple[str, list[int]]:
        text = node.get("text") or ""
        cached = self._keys.get(id(node))
        if cached is not None and cached[0] == text:
            return cached[1], cached[2]
        key, index = match_key(text)
        self._keys[id(node)] = (text, key, index)
        return key, index

    def walk(self, nodes: list[dict]):
        for node in nodes:
            yield node
            yield from self.walk(node.get("children") or [])

    def pages(self) -> str:
        pages = sorted(self.by_page)
        return f"{pages[0]}–{pages[-1]}" if pages else "–"

    def new_id(self, base: str) -> str:
        n = 1
        while f"{base}-t{n}" in self.ids:
            n += 1
        new = f"{base}-t{n}"
        self.ids.add(new)
        return new

    def add_node(self, node: dict, parent: dict | None, index: int) -> None:
        siblings = parent["children"] if parent is not None else self.roots
        siblings.insert(index, node)
        root = self.root_of[id(parent)] if parent is not None else node
        self._index(node, parent, root)
        if parent is None:
            self._reindex_roots()

    def remove_node(self, node: dict) -> None:
        parent = self.parent.get(id(node))
        siblings = parent["children"] if parent is not None else self.roots
        siblings.remove(node)
        if parent is None:
            self._reindex_roots()
            for page_roots in self.by_page.values():
                if node in page_roots:
                    page_roots.remove(node)


def _heading_matches(doc: _Document, node: dict, wanted_key: str) -> bool:
    key, _ = doc.key(node)
    if not key or not wanted_key:
        return False
    if key == wanted_key or (key.startswith(wanted_key) and len(wanted_key) >= 4):
        return True
    # "3. Samverkan" or a heading with OCR noise
    stripped = re.sub(r"^\d+", "", key)
    if stripped == wanted_key:
        return True
    return difflib.SequenceMatcher(None, stripped, wanted_key).ratio() >= 0.88


def _find(hay: str, needle: str) -> list[tuple[int, int]]:
    """Every exact occurrence of needle in hay (both keys)."""
    spans = []
    start = hay.find(needle)
    while start >= 0:
        spans.append((start, start + len(needle)))
        start = hay.find(needle, start + 1)
    return spans


def _fuzzy(hay: str, needle: str) -> tuple[int, int] | None:
    """An approximate occurrence: most of the needle's characters in order, in a window not much
    longer than the needle. For anchors read by OCR with a wrong letter or two."""
    if len(needle) < 8 or not hay:
        return None
    sm = difflib.SequenceMatcher(None, hay, needle, autojunk=False)
    blocks = [b for b in sm.get_matching_blocks() if b.size >= 3]
    matched = sum(b.size for b in blocks)
    if not blocks or matched < FUZZY_MIN_RATIO * len(needle):
        return None
    start, end = blocks[0].a, blocks[-1].a + blocks[-1].size
    if end - start > 1.3 * len(needle):
        return None
    return start, end


def _with_final_punctuation(old: str, text: str, end: int) -> int:
    """The match ignores punctuation; take the old text's final full stop along when it has one."""
    last = old.rstrip()[-1:]
    return end + 1 if last in ".!?;:" and text[end : end + 1] == last else end


class _Applier:
    def __init__(self, doc: _Document):
        self.doc = doc

    # Locating

    def scope(self, a: dict) -> tuple[list[dict], Where]:
        """The top-level blocks the amendment may touch, and a phrase saying where that is."""
        doc = self.doc
        page = a.get("page")
        where = Where()
        roots = doc.roots
        if page and doc.has_pages:
            if page not in doc.by_page:
                raise AmendmentError("page_missing", page=page, pages=doc.pages())
            roots = doc.by_page[page]
            where = Where(page=page)
        heading = a.get("heading")
        if heading:
            roots, where = self.section(a, heading, page, where)
        return roots, where

    def section(self, a: dict, heading: str, page: int | None, where: Where) -> tuple[list[dict], Where]:
        doc = self.doc
        wanted, _ = match_key(heading)

        def headings_in(roots: list[dict]) -> list[dict]:
            return [r for r in roots if r.get("type") == "heading" and _heading_matches(doc, r, wanted)]

        pool = doc.by_page.get(page, []) if page and doc.has_pages else doc.roots
        found = headings_in(pool)
        if not found and page and doc.has_pages:  # printed page numbers can be off by one
            near = [r for p in (page - 1, page + 1) for r in doc.by_page.get(p, [])]
            found = headings_in(near)
            if not found:
                elsewhere = headings_in(doc.roots)
                if elsewhere:
                    pages = ", ".join(str(h.get("page")) for h in elsewhere)
                    raise AmendmentError("heading_on_other_page", heading=heading, page=page, pages=pages)
                names = ", ".join(
                    (r.get("text") or "")[:40]
                    for r in doc.by_page.get(page, [])
                    if r.get("type") == "heading"
                )
                raise AmendmentError("heading_not_on_page", heading=heading, page=page, names=names)
        if not found:
            raise AmendmentError("heading_missing", heading=heading)
        if len(found) > 1:
            pages = ", ".join(str(h.get("page") or "?") for h in found)
            raise AmendmentError("heading_ambiguous", heading=heading, n=len(found), pages=pages)
        head = found[0]
        start = doc.root_pos[id(head)]
        level = head.get("level") or 1
        section = [head]
        for node in doc.roots[start + 1 :]:
            if node.get("type") == "heading" and (node.get("level") or 1) <= level:
                break
            section.append(node)
        return section, Where(page=where.page, heading=heading)

    def columns(self, a: dict, roots: list[dict], where: Where) -> tuple[list[dict], Where]:
        """The cells of the wanted column (data rows only) of the one table in scope."""
        doc = self.doc
        tables = [n for n in doc.walk(roots) if n.get("type") == "table"]
        if a.get("page") and doc.has_pages:
            tables = [t for t in tables if self._on_page(t, a["page"])]
        if not tables:
            raise AmendmentError("no_table", where=where)
        if a.get("table"):
            if a["table"] > len(tables):
                raise AmendmentError("table_missing", table=a["table"], where=where, n=len(tables))
            tables = [tables[a["table"] - 1]]
        if len(tables) > 1:
            raise AmendmentError("tables_ambiguous", n=len(tables), where=where)
        table = tables[0]
        column = a["column"]
        rows = [r for r in table.get("children") or [] if r.get("type") == "row"]
        widths = [len(r.get("children") or []) for r in rows]
        if not rows or column > max(widths) or column == 0:
            raise AmendmentError("column_missing", where=where, n=max(widths) if widths else 0, column=column)
        data_rows = rows[1:] if len(rows) > 1 else rows  # the first row holds the column headings
        index = column - 1 if column > 0 else -1
        cells = [r["children"][index] for r in data_rows if len(r.get("children") or []) >= abs(column)]
        return cells, Where(page=where.page, heading=where.heading, column=column)

    def _on_page(self, node: dict, page: int) -> bool:
        return any(n.get("page") == page for n in self.doc.walk([node]))

    def text_blocks(self, roots: list[dict]) -> list[dict]:
        return [n for n in self.doc.walk(roots) if n.get("type") in TEXT_TYPES and (n.get("text") or "")]

    def locate_text(self, blocks: list[dict], needle: str, where: Where, prefer_last: bool):
        """(block, start, end) in the block's own text for the needle, or a precise error."""
        doc = self.doc
        key, _ = match_key(needle)
        if not key:
            raise AmendmentError("text_without_words", text=needle)
        hits = []
        for block in blocks:
            bkey, _ = doc.key(block)
            for span in _find(bkey, key):
                hits.append((block, span))
        if not hits:
            for block in blocks:
                bkey, _ = doc.key(block)
                near = _fuzzy(bkey, key)
                if near:
                    hits.append((block, near))
        if not hits:
            raise AmendmentError("text_not_found", text=needle, where=where)
        if len(hits) > 1 and not prefer_last:
            places = [(b.get("id"), b.get("page")) for b, _ in hits[:4]]
            raise AmendmentError("text_ambiguous", text=needle, n=len(hits), where=where, places=places)
        block, (ks, ke) = hits[-1]  # "i sista meningen": the last occurrence
        _, index = doc.key(block)
        return block, index[ks], index[ke - 1] + 1

    # Operations

    def apply(self, a: dict) -> tuple[str, Change]:
        op = a.get("operation")
        if op not in ("append", "insert", "add_bullet", "replace", "delete"):
            raise AmendmentError("unknown_operation", operation=str(op))
        if op in ("append", "insert", "add_bullet", "replace") and not (a.get("text") or "").strip():
            raise AmendmentError("text_missing")
        roots, where = self.scope(a)
        if a.get("column"):
            cells, where = self.columns(a, roots, where)
            if op == "add_bullet":
                return self.add_bullet_in_cells(a, cells, where)
            roots = cells
        return getattr(self, op)(a, roots, where)

    def _mark(self, node: dict, a: dict, text: str, **extra: Any) -> None:
        entry = {"label": a.get("label") or "", "decision": a.get("decision") or "", "text": text}
        entry.update(extra)
        node.setdefault("changes", []).append(entry)

    def append(self, a: dict, roots: list[dict], where: Where) -> tuple[str, Change]:
        blocks = self.text_blocks(roots)
        new = re.sub(r"\s+", " ", a["text"]).strip()
        last = a.get("sentence") == "last"
        if a.get("anchor_text"):
            block, _s, end = self.locate_text(blocks, a["anchor_text"], where, prefer_last=last)
            before = block["text"]
            joiner = "" if new[:1] in ",.;:)" else " "
            block["text"] = before[:end] + joiner + new + before[end:]
        else:
            paragraphs = [b for b in blocks if b.get("type") in ("paragraph", "list_item", "cell")]
            if not paragraphs:
                raise AmendmentError("nothing_to_append_to", where=where)
            block = paragraphs[-1]
            before = block["text"]
            stripped = before.rstrip()
            if new[:1].islower() and stripped.endswith("."):
                block["text"] = stripped[:-1] + " " + new + "."
            else:
                block["text"] = stripped + " " + new
        self._mark(block, a, new)
        return block["id"], Change(a.get("label") or "", block["id"], before, block["text"])

    def insert(self, a: dict, roots: list[dict], where: Where) -> tuple[str, Change]:
        doc = self.doc
        if a.get("anchor_text"):
            blocks = self.text_blocks(roots)
            target, _s, _e = self.locate_text(blocks, a["anchor_text"], where, a.get("sentence") == "last")
            while doc.parent.get(id(target)) is not None and target.get("type") != "paragraph":
                target = doc.parent[id(target)]  # type: ignore[assignment]
        else:
            if not roots:
                raise AmendmentError("nowhere_to_insert", where=where)
            target = roots[-1]
        parent = doc.parent.get(id(target))
        siblings = parent["children"] if parent is not None else doc.roots
        new = {
            "id": doc.new_id(str(target.get("id"))),
            "type": "paragraph",
            "page": target.get("page"),
            "text": re.sub(r"\s+", " ", a["text"]).strip(),
            "children": [],
        }
        doc.add_node(new, parent, siblings.index(target) + 1)
        self._mark(new, a, new["text"])
        return new["id"], Change(a.get("label") or "", new["id"], "", new["text"])

    def _list_text(self, lst: dict) -> str:
        return "\n".join("• " + (c.get("text") or "") for c in lst.get("children") or [])

    def _add_item(self, lst: dict, a: dict) -> tuple[str, Change]:
        before = self._list_text(lst)
        children = lst.setdefault("children", [])
        item: dict[str, Any] = {
            "id": self.doc.new_id(str(lst.get("id"))),
            "type": "list_item",
            "page": lst.get("page"),
            "text": re.sub(r"\s+", " ", a["text"]).strip(),
            "children": [],
        }
        self.doc.add_node(item, lst, len(children))
        self._mark(item, a, str(item["text"]))
        return str(item["id"]), Change(a.get("label") or "", lst["id"], before, self._list_text(lst))

    def add_bullet_in_cells(self, a: dict, cells: list[dict], where: Where) -> tuple[str, Change]:
        if a.get("anchor_text"):
            blocks = self.text_blocks(cells)
            block, _s, _e = self.locate_text(blocks, a["anchor_text"], where, False)
            cells = [c for c in cells if block is c or any(n is block for n in self.doc.walk([c]))]
        with_list = [c for c in cells if any(ch.get("type") == "list" for ch in c.get("children") or [])]
        candidates = with_list or cells
        if len(candidates) > 1:
            raise AmendmentError("cells_ambiguous", n=len(candidates), where=where)
        if not candidates:
            raise AmendmentError("no_cell", where=where)
        cell = candidates[0]
        lists = [ch for ch in cell.get("children") or [] if ch.get("type") == "list"]
        if lists:
            return self._add_item(lists[-1], a)
        lst: dict[str, Any] = {
            "id": self.doc.new_id(str(cell.get("id"))),
            "type": "list",
            "page": cell.get("page"),
            "text": "",
            "children": [],
        }
        self.doc.add_node(lst, cell, len(cell.get("children") or []))
        return self._add_item(lst, a)

    def add_bullet(self, a: dict, roots: list[dict], where: Where) -> tuple[str, Change]:
        doc = self.doc
        if a.get("anchor_text"):
            blocks = self.text_blocks(roots)
            block, _s, _e = self.locate_text(blocks, a["anchor_text"], where, False)
            node: dict | None = block
            while node is not None and node.get("type") != "list":
                node = doc.parent.get(id(node))
            if node is None:
                raise AmendmentError("not_in_list", text=a["anchor_text"], where=where)
            return self._add_item(node, a)
        lists = [n for n in doc.walk(roots) if n.get("type") == "list"]
        if not lists:
            raise AmendmentError("no_list", where=where)
        if len(lists) > 1 and not a.get("heading"):
            raise AmendmentError("lists_ambiguous", n=len(lists), where=where)
        return self._add_item(lists[-1], a)

    def old_text(self, a: dict, roots: list[dict], where: Where) -> tuple[dict, int, int]:
        """The block and span of the text a replace or delete names, its final punctuation included."""
        old = a.get("old_text") or a.get("anchor_text")
        if not old:
            raise AmendmentError("old_text_missing", operation=a.get("operation"))
        block, start, end = self.locate_text(self.text_blocks(roots), old, where, False)
        return block, start, _with_final_punctuation(old, block["text"], end)

    def replace(self, a: dict, roots: list[dict], where: Where) -> tuple[str, Change]:
        block, start, end = self.old_text(a, roots, where)
        before = block["text"]
        new = re.sub(r"\s+", " ", a["text"]).strip()
        block["text"] = before[:start] + new + before[end:]
        self._mark(block, a, new, replaced=before[start:end])
        return block["id"], Change(a.get("label") or "", block["id"], before, block["text"])

    def delete(self, a: dict, roots: list[dict], where: Where) -> tuple[str, Change]:
        block, start, end = self.old_text(a, roots, where)
        before = block["text"]
        remaining = (before[:start] + before[end:]).strip()
        if not match_key(remaining)[0]:
            parent = self.doc.parent.get(id(block))
            if parent is not None:
                self._mark(parent, a, "", deleted=before)
            self.doc.remove_node(block)
            return block["id"], Change(a.get("label") or "", block["id"], before, "")
        block["text"] = re.sub(r"\s{2,}", " ", before[:start].rstrip() + " " + before[end:].lstrip()).strip()
        block["text"] = re.sub(r"\s+([,.;:])", r"\1", block["text"])
        self._mark(block, a, "", deleted=before[start:end])
        return block["id"], Change(a.get("label") or "", block["id"], before, block["text"])


def apply_amendments(
    tree: list[dict], amendments: list[dict], *, explain: Callable[[Reason], str] = str
) -> Outcome:
    """Apply the amendments in order to a copy of the tree. All or nothing: if one fails, the
    original tree comes back and every result says why. Never changes its input."""
    work = _copy(tree)
    applier = _Applier(_Document(work))
    results: list[Result] = []
    changes: list[Change] = []
    for n, a in enumerate(amendments, 1):
        label = a.get("label") or f"Ändring {n}"
        a = {**a, "label": label}
        try:
            block_id, change = applier.apply(a)
        except AmendmentError as error:
            results.append(Result(label, "failed", None, error.reason))
            continue
        except (KeyError, TypeError, ValueError, IndexError) as error:  # malformed instruction
            results.append(Result(label, "failed", None, Reason("malformed", {"error": str(error)})))
            continue
        results.append(Result(label, "applied", block_id))
        changes.append(change)
    failed = [r for r in results if r.status == "failed"]
    if failed:
        names = ", ".join(r.label for r in failed)
        for r in results:
            if r.status == "applied":
                r.status = "failed"
                r.why = Reason("not_applied_with_others", {"names": names})
        outcome = Outcome(_copy(tree), results, [])
    else:
        outcome = Outcome(work, results, changes)
    for r in outcome.results:
        r.reason = explain(r.why) if r.why is not None else ""
    return outcome
