"""Comparing two report snapshots: which sections were added or removed, which sentences changed,
and which figures in tables and charts moved from what to what. Pure functions over the stored
JSON (ReportContent.to_json), no database."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

ADDED, REMOVED, CHANGED, SAME = "added", "removed", "changed", "same"
SEPARATOR = " › "


@dataclass
class CellChange:
    row: str
    column: str
    old: str
    new: str


@dataclass
class TableDiff:
    caption: str
    status: str
    rows_added: list[list[str]] = field(default_factory=list)
    rows_removed: list[list[str]] = field(default_factory=list)
    cells: list[CellChange] = field(default_factory=list)


@dataclass
class SectionDiff:
    path: str
    status: str
    paragraphs_removed: list[str] = field(default_factory=list)
    paragraphs_added: list[str] = field(default_factory=list)
    tables: list[TableDiff] = field(default_factory=list)

    @property
    def is_changed(self) -> bool:
        return self.status != SAME


def _flatten(sections: list[dict], prefix: str = "") -> dict[str, dict]:
    flat: dict[str, dict] = {}
    for section in sections:
        path = f"{prefix}{SEPARATOR}{section['title']}" if prefix else section["title"]
        while path in flat:  # two sections with the same title: keep both
            path += " (2)"
        flat[path] = section
        flat.update(_flatten(section.get("subsections", []), path))
    return flat


def _format(value: Any) -> str:
    if value is None:
        return _("saknas")
    return f"{value:g}" if isinstance(value, float) else str(value)


def _tables(section: dict) -> dict[str, dict]:
    """The section's tables and charts (as tables of their figures), by caption."""
    found: dict[str, dict] = {}
    for table in section.get("tables", []):
        found[table["caption"]] = {"headers": table["headers"], "rows": table["rows"]}
    for chart in section.get("charts", []):
        series = chart.get("series", {})
        rows = [
            [label, *[_format(values[i] if i < len(values) else None) for values in series.values()]]
            for i, label in enumerate(chart.get("labels", []))
        ]
        found[_("Diagram: %(title)s") % {"title": chart["title"]}] = {"headers": ["", *series], "rows": rows}
    return found


def _keyed(rows: list[list[str]]) -> dict[str, list[str]]:
    keyed: dict[str, list[str]] = {}
    for row in rows:
        key = row[0] if row else ""
        while key in keyed:
            key += " "
        keyed[key] = row
    return keyed


def compare_tables(caption: str, old: dict | None, new: dict | None) -> TableDiff | None:
    if old is None and new is not None:
        return TableDiff(caption, ADDED, rows_added=new["rows"])
    if new is None and old is not None:
        return TableDiff(caption, REMOVED, rows_removed=old["rows"])
    assert old is not None and new is not None
    before, after = _keyed(old["rows"]), _keyed(new["rows"])
    diff = TableDiff(caption, CHANGED)
    headers = new["headers"]
    for key, row in after.items():
        previous = before.get(key)
        if previous is None:
            diff.rows_added.append(row)
            continue
        for i in range(1, max(len(row), len(previous))):
            now = row[i] if i < len(row) else ""
            then = previous[i] if i < len(previous) else ""
            if now != then:
                column = headers[i] if i < len(headers) else str(i + 1)
                diff.cells.append(CellChange(key.strip(), column, then, now))
    diff.rows_removed = [row for key, row in before.items() if key not in after]
    if not (diff.rows_added or diff.rows_removed or diff.cells):
        return None
    return diff


def compare_sections(path: str, old: dict | None, new: dict | None) -> SectionDiff:
    if old is None:
        return SectionDiff(path, ADDED, paragraphs_added=list(new.get("paragraphs", [])) if new else [])
    if new is None:
        return SectionDiff(path, REMOVED, paragraphs_removed=list(old.get("paragraphs", [])))
    diff = SectionDiff(path, SAME)
    before, after = old.get("paragraphs", []), new.get("paragraphs", [])
    matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op != "equal":
            diff.paragraphs_removed += before[a1:a2]
            diff.paragraphs_added += after[b1:b2]
    old_tables, new_tables = _tables(old), _tables(new)
    for caption in [*new_tables, *[c for c in old_tables if c not in new_tables]]:
        table = compare_tables(caption, old_tables.get(caption), new_tables.get(caption))
        if table is not None:
            diff.tables.append(table)
    if diff.paragraphs_added or diff.paragraphs_removed or diff.tables:
        diff.status = CHANGED
    return diff


def compare(old: dict[str, Any], new: dict[str, Any]) -> list[SectionDiff]:
    """Every section of either report, in the new report's order, then the removed ones."""
    before = _flatten(old.get("sections", []))
    after = _flatten(new.get("sections", []))
    paths = [*after, *[p for p in before if p not in after]]
    return [compare_sections(p, before.get(p), after.get(p)) for p in paths]
