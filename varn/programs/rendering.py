"""Turning a version's block tree into what the programme page shows. Pure functions, no database."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from varn.core.markup import text


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


# The programme text as HTML, with the markup of programs/_block.html and _segments.html (which the
# public page and the PDF include). Through the template language a text of a hundred blocks cost
# more than the rest of the page, an include per block and per passage (issue 16); written here it
# is one pass over the tree. tests/test_rendering.py holds the two to the same output.
def _escaped(value: Any) -> str:
    """What the template's {{ value }} writes: the text escaped (None as "None", like Django)."""
    return text(str(value))


def _field(data: dict, key: str) -> str:
    return _escaped(data[key]) if key in data else ""


def _segments(node: dict) -> str:
    parts = []
    for seg in node.get("segments") or []:
        text = _field(seg, "text")
        change = seg.get("change")
        if change:
            source = f"{_field(change, 'label')}, {_field(change, 'decision')}"
            parts.append(f'<ins class="change" title="{source}">{text}</ins> ')
            parts.append(f'<span class="change-source">({source})</span>')
        else:
            parts.append(text)
    return "".join(parts) + "\n"


def _children(node: dict, page_label: str) -> str:
    return "".join(_block(child, page_label) for child in node.get("children") or [])


def _heading_tag(level: Any) -> str:
    # As the template compares: a missing level is neither "<= 1" nor "== 2".
    try:
        if level <= 1:
            return "h3"
    except TypeError:
        pass
    return "h4" if level == 2 else "h5"


def _block(node: dict, page_label: str) -> str:
    out = ""
    if node.get("page_marker"):
        label = page_label % {"page": _escaped(node["page_marker"])}
        out = f'<span class="page-marker" aria-label="{label}">{label}</span>'
    out += "\n"
    kind, uid = node.get("type"), _field(node, "id")
    if kind == "heading":
        tag = _heading_tag(node.get("level"))
        out += f'<{tag} id="{uid}">{_segments(node)}</{tag}>\n'
    elif kind == "paragraph":
        out += f'<p id="{uid}">{_segments(node)}</p>\n'
    elif kind == "list":
        out += f'<ul id="{uid}">{_children(node, page_label)}</ul>\n'
    elif kind == "list_item":
        out += f'<li id="{uid}">{_segments(node)}{_children(node, page_label)}</li>\n'
    elif kind == "table":
        out += f'<table id="{uid}">'
        if node.get("text"):
            out += f"<caption>{_escaped(node['text'])}</caption>"
        for i, row in enumerate(node.get("children") or []):
            out += "<tr>"
            open_tag, close_tag = ('<th scope="col">', "</th>") if i == 0 else ("<td>", "</td>")
            for cell in row.get("children") or []:
                out += open_tag + _segments(cell) + _children(cell, page_label) + close_tag
            out += "</tr>"
        out += "</table>\n"
    else:
        out += f'<div id="{uid}">{_segments(node)}{_children(node, page_label)}</div>'
    return out + "\n"


def tree_html(tree: list[dict]) -> str:
    """A prepared tree (prepare_for_display) as programs/_tree.html writes it; not yet marked safe."""
    page_label = _("Sida %(page)s")
    return "".join(_block(node, page_label) for node in tree) + "\n"
