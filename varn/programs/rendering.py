"""Turning a version's block tree into what the programme page shows. Pure functions, no database."""

from __future__ import annotations

from typing import Any


def mark_changes(text: str, changes: list[dict]) -> list[dict[str, Any]]:
    """Split text into segments, marking each passage a decision put there.

    >>> [s["text"] for s in mark_changes("a b c", [{"text": "b", "label": "T1", "decision": "KS"}])]
    ['a ', 'b', ' c']
    """
    segments: list[dict[str, Any]] = [{"text": text, "change": None}]
    for change in changes or []:
        needle = change.get("text") or ""
        if not needle:
            continue
        for i, seg in enumerate(segments):
            if seg["change"] is None and needle in seg["text"]:
                before, _, after = seg["text"].partition(needle)
                parts = [
                    {"text": before, "change": None},
                    {"text": needle, "change": change},
                    {"text": after, "change": None},
                ]
                segments[i : i + 1] = [p for p in parts if p["text"]]
                break
    return segments


def prepare_for_display(tree: list[dict]) -> list[dict]:
    """Add page markers (before the first top-level block of each page) and marked segments."""
    last_page = None

    def walk(nodes: list[dict], top: bool) -> None:
        nonlocal last_page
        for node in nodes:
            node["segments"] = mark_changes(node.get("text") or "", node.get("changes") or [])
            if top and node.get("page") and node["page"] != last_page:
                node["page_marker"] = node["page"]
                last_page = node["page"]
            walk(node.get("children") or [], False)

    walk(tree, True)
    return tree
