"""Exporting a programme version to Word (python-docx) and PDF (WeasyPrint), with the content and
order the programme page shows: the same prepared tree (programs.rendering.prepare_for_display),
the same page markers, and each passage a decision put there marked with its source."""

from __future__ import annotations

import io
import logging
from typing import Any

from django.template.loader import render_to_string

from varn.programs.rendering import prepare_for_display

# WeasyPrint reports every layout step at INFO; a command's output should not carry that.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)


def _segments(node: dict) -> list[dict[str, Any]]:
    return node.get("segments") or [{"text": node.get("text") or "", "change": None}]


def _write_segments(paragraph, node: dict) -> None:
    from docx.enum.text import WD_COLOR_INDEX

    for seg in _segments(node):
        run = paragraph.add_run(seg["text"])
        change = seg.get("change")
        if change:
            run.underline = True
            run.font.highlight_color = WD_COLOR_INDEX.BRIGHT_GREEN
            source = paragraph.add_run(f" ({change.get('label')}, {change.get('decision')})")
            source.italic = True


def to_docx(tree: list[dict], *, title: str, subtitle: str = "", note: str = "") -> bytes:
    """A Word document of a prepared block tree (see prepare_for_display)."""
    import docx
    from docx.enum.text import WD_BREAK
    from docx.shared import Pt, RGBColor

    tree = prepare_for_display(tree)
    document = docx.Document()
    document.core_properties.title = title
    document.add_heading(title, level=0)
    if subtitle:
        document.add_paragraph(subtitle)
    if note:
        document.add_paragraph(note).runs[0].italic = True
    first_marker = True

    def add_marker(node: dict) -> None:
        nonlocal first_marker
        if not node.get("page_marker"):
            return
        paragraph = document.add_paragraph()
        if not first_marker:  # start the source document's page on a new page
            paragraph.add_run().add_break(WD_BREAK.PAGE)
        first_marker = False
        run = paragraph.add_run(f"Sida {node['page_marker']}")
        run.font.size = Pt(8)
        run.font.color.rgb = RGBColor(0x4A, 0x55, 0x60)

    def add_list(node: dict, container, level: int = 0) -> None:
        style = "List Bullet" if level == 0 else "List Bullet 2"
        for item in node.get("children") or []:
            paragraph = container.add_paragraph(style=style)
            _write_segments(paragraph, item)
            for child in item.get("children") or []:
                if child.get("type") == "list":
                    add_list(child, container, level + 1)

    def add_cell(cell_node: dict, cell, header: bool) -> None:
        cell.text = ""
        paragraph = cell.paragraphs[0]
        _write_segments(paragraph, cell_node)
        if header:
            for run in paragraph.runs:
                run.bold = True
        for child in cell_node.get("children") or []:
            if child.get("type") == "list":
                add_list(child, cell)
            elif child.get("type") == "paragraph":
                _write_segments(cell.add_paragraph(), child)

    for node in tree:
        add_marker(node)
        kind = node.get("type")
        if kind == "heading":
            level = max(1, min(int(node.get("level") or 1), 4))
            heading = document.add_heading("", level=level)
            _write_segments(heading, node)
        elif kind == "list":
            add_list(node, document)
        elif kind == "table":
            rows = [r for r in node.get("children") or [] if r.get("type") == "row"]
            width = max((len(r.get("children") or []) for r in rows), default=0)
            if not rows or not width:
                continue
            if node.get("text"):
                document.add_paragraph(node["text"], style="Caption")
            table = document.add_table(rows=len(rows), cols=width)
            table.style = "Table Grid"
            for r, row in enumerate(rows):
                for c, cell_node in enumerate(row.get("children") or []):
                    add_cell(cell_node, table.cell(r, c), header=r == 0)
        else:
            _write_segments(document.add_paragraph(), node)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def to_pdf(tree: list[dict], *, title: str, subtitle: str = "", note: str = "") -> bytes:
    """A tagged PDF (PDF/UA-1: language, title, bookmarks, headings, lists and tables in the
    structure tree) of a block tree, rendered from the programme page's own block template."""
    from weasyprint import HTML

    html = render_to_string(
        "documents/version_pdf.html",
        {"title": title, "subtitle": subtitle, "note": note, "tree": prepare_for_display(tree)},
    )
    return HTML(string=html).write_pdf(pdf_variant="pdf/ua-1")
