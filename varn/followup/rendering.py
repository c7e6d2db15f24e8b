"""Two renderers of one ReportContent: HTML (for the screen and, through WeasyPrint, PDF) and
Word (python-docx, optionally on the municipality's own template). Both walk the same sections in
the same order; every chart is followed by a table of its figures."""

from __future__ import annotations

import base64
import io
import logging
import re
from dataclasses import dataclass, field

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from varn.core.charts import Chart, drawn
from varn.core.reporting import Section, Table

from .report import ReportContent

# WeasyPrint reports every layout step at INFO; the job's progress says enough.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)


def chart_bytes(chart: Chart, fmt: str) -> bytes:
    """The chart drawn as "svg" or "png" (cached by its data: varn.core.charts.drawn)."""
    return drawn(chart, fmt)


NUMBER = re.compile(r"^[−-]?[\d\u00a0 ]+(,\d+)?( ?(kr|%|h))?$|^(saknas|–)$")


def numeric_columns(rows: list[list[str]]) -> set[int]:
    """Columns (after the first) whose every cell is a figure: they are right-aligned."""
    if not rows:
        return set()
    width = max(len(r) for r in rows)
    return {
        i for i in range(1, width) if all(i >= len(r) or not r[i] or NUMBER.match(r[i].strip()) for r in rows)
    }


@dataclass
class TableView:
    caption: str
    headers: list[str]
    rows: list[list[tuple[str, bool]]]  # (text, is_number)
    numeric: set[int]


def _table_view(table: Table) -> TableView:
    numeric = numeric_columns(table.rows)
    return TableView(
        caption=table.caption,
        headers=table.headers,
        rows=[[(cell, i in numeric) for i, cell in enumerate(row)] for row in table.rows],
        numeric=numeric,
    )


@dataclass
class ChartView:
    title: str
    caption: str
    image: str  # data: URI of the drawing
    headers: list[str]
    rows: list[list[str]]
    notes: list[str] = field(default_factory=list)
    figures_note: str = ""  # where the figures are, when a table of the section holds them


@dataclass
class SectionView:
    title: str
    level: int
    anchor: str
    paragraphs: list[str]
    tables: list[TableView]
    charts: list[ChartView]
    subsections: list[SectionView]


def chart_headers(chart: Chart) -> list[str]:
    return [_("Avser"), *chart.series]


def figures_note(chart: Chart) -> str:
    """Where a chart's figures are, when a table of the section already holds them."""
    return _("Siffrorna i diagrammet ”%(chart)s” finns i tabellen ”%(table)s”.") % {
        "chart": chart.title,
        "table": chart.figures_in,
    }


def chart_caption(chart: Chart) -> str:
    unit = f" ({chart.unit})" if chart.unit else ""
    return _("Siffrorna i diagrammet: %(title)s%(unit)s") % {"title": chart.title, "unit": unit}


MEDIA_TYPES = {"svg": "image/svg+xml", "png": "image/png"}


def _chart_view(chart: Chart, fmt: str) -> ChartView:
    drawing = chart_bytes(chart, fmt)
    return ChartView(
        title=chart.title,
        caption=chart_caption(chart),
        image=f"data:{MEDIA_TYPES[fmt]};base64," + base64.b64encode(drawing).decode(),
        headers=chart_headers(chart),
        rows=[] if chart.figures_in else chart.table_rows(),
        notes=list(chart.notes),
        figures_note=figures_note(chart) if chart.figures_in else "",
    )


def prepare(content: ReportContent, *, top_level: int = 2, chart_format: str = "svg") -> list[SectionView]:
    """The sections as the HTML templates need them, charts drawn as SVG (for the web page) or PNG
    (for the PDF: the same drawing as in the Word file, and WeasyPrint places a picture much faster
    than it draws an SVG's thousand paths)."""

    def view(section: Section, level: int, anchor: str) -> SectionView:
        return SectionView(
            title=section.title,
            level=min(level, 6),
            anchor=anchor,
            paragraphs=section.paragraphs,
            tables=[_table_view(t) for t in section.tables],
            charts=[_chart_view(c, chart_format) for c in section.charts],
            subsections=[view(s, level + 1, f"{anchor}-{i}") for i, s in enumerate(section.subsections, 1)],
        )

    return [view(s, top_level, f"avsnitt-{i}") for i, s in enumerate(content.sections, 1)]


def render_html(content: ReportContent) -> str:
    """A whole HTML document for WeasyPrint."""
    return render_to_string(
        "followup/report_print.html",
        {"content": content, "sections": prepare(content, top_level=2, chart_format="png")},
    )


def render_pdf(content: ReportContent) -> bytes:
    import weasyprint

    return weasyprint.HTML(string=render_html(content)).write_pdf()


# Word


def _has_style(document, name: str) -> bool:
    try:
        document.styles[name]
    except KeyError:
        return False
    return True


def _heading(document, text: str, level: int) -> None:
    style = "Title" if level == 0 else f"Heading {min(level, 9)}"
    if _has_style(document, style):
        document.add_heading(text, level=min(level, 9))
        return
    # A template without the built-in heading styles: still a visible heading.
    from docx.shared import Pt

    run = document.add_paragraph().add_run(text)
    run.bold = True
    run.font.size = Pt({0: 22, 1: 16, 2: 13}.get(level, 11))


def _caption(document, text: str) -> None:
    if _has_style(document, "Caption"):
        document.add_paragraph(text, style="Caption")
    else:
        document.add_paragraph().add_run(text).italic = True


def _table(document, caption: str, headers: list[str], rows: list[list[str]]) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    _caption(document, caption)
    table = document.add_table(rows=1, cols=len(headers))
    if _has_style(document, "Table Grid"):
        table.style = "Table Grid"
    _set_widths(document, table, len(headers))
    for cell, text in zip(table.rows[0].cells, headers, strict=False):
        cell.text = ""
        cell.paragraphs[0].add_run(text).bold = True
    _mark_header_row(table.rows[0])
    numeric = numeric_columns(rows)
    for i in numeric:
        table.rows[0].cells[i].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    for row in rows:
        cells = table.add_row().cells
        for i, (cell, text) in enumerate(zip(cells, row, strict=False)):
            cell.text = text
            if i in numeric:
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    document.add_paragraph()


def _set_widths(document, table, columns: int) -> None:
    """The first column (what a row is about) gets 40 % of the width, the figures share the rest.
    Set on the grid before rows are added, so every new cell takes its column's width."""
    section = document.sections[-1]
    total = (section.page_width or 0) - (section.left_margin or 0) - (section.right_margin or 0)
    if total <= 0 or columns < 2:
        return
    first = int(total * 0.4) if columns > 2 else int(total * 0.5)
    rest = int((total - first) / (columns - 1))
    for i, column in enumerate(table.columns):
        width = first if i == 0 else rest
        column.width = width
        table.rows[0].cells[i].width = width


def _mark_header_row(row) -> None:
    """Repeat the header row on each page, and let screen readers know it is a header."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    tr_pr = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    tr_pr.append(header)


def _clear_body(document) -> None:
    """Keep a template's page setup, headers and footers (the letterhead) and styles; drop its text."""
    from docx.oxml.ns import qn

    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)


def open_template(template: bytes | None):
    """The Word document to write into: the municipality's template, or python-docx's default."""
    import docx

    if template:
        document = docx.Document(io.BytesIO(template))
        _clear_body(document)
        return document
    return docx.Document()


def render_docx(content: ReportContent, *, template: bytes | None = None) -> bytes:
    from docx.shared import Cm

    document = open_template(template)
    document.core_properties.title = content.title
    document.core_properties.subject = content.program
    document.core_properties.author = content.municipality
    _heading(document, content.title, 0)
    for label, value in content.facts:
        paragraph = document.add_paragraph()
        paragraph.add_run(f"{label}: ").bold = True
        paragraph.add_run(value)

    def write(section: Section, level: int) -> None:
        _heading(document, section.title, level)
        for text in section.paragraphs:
            document.add_paragraph(text)
        for chart in section.charts:
            document.add_picture(io.BytesIO(chart_bytes(chart, "png")), width=Cm(16))
            if chart.figures_in:
                _caption(document, figures_note(chart))
            else:
                _table(document, chart_caption(chart), chart_headers(chart), chart.table_rows())
            for note in chart.notes:
                document.add_paragraph(note)
        for table in section.tables:
            _table(document, table.caption, table.headers, table.rows)
        for sub in section.subsections:
            write(sub, level + 1)

    for section in content.sections:
        write(section, 1)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
