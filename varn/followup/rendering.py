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
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from varn.core.charts import Chart, drawn
from varn.core.reporting import Section, Table

from .report import ReportContent
from .typography import PORTRAIT_WIDTH, TABLE_FONT_SIZE, layout_table, segments

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


# Print (PDF)


def marked(text: str) -> SafeString:
    """The text escaped for HTML, with what must stay on one line (dates, "§ 58", a figure and its
    unit) in a no-wrap span."""
    return mark_safe(
        "".join(
            f'<span class="nw">{escape(piece)}</span>' if together else str(escape(piece))
            for piece, together in segments(text)
        )
    )


@dataclass
class PrintTable:
    caption: str
    headers: list[SafeString]
    rows: list[list[tuple[SafeString, bool]]]
    numeric: set[int]
    widths: list[float]  # per cent of the table's width
    landscape: bool
    is_short: bool  # kept on one page whole


# A table of this many rows or fewer moves whole to the next page rather than break.
SHORT_TABLE = 12


def print_table(caption: str, headers: list[str], rows: list[list[str]]) -> PrintTable:
    laid = layout_table(headers, rows)
    numeric = numeric_columns(rows)
    total = sum(laid.widths)
    return PrintTable(
        caption=caption,
        headers=[marked(h) for h in laid.headers],
        # A figure's cell does not wrap at all (td.num), so it needs no spans of its own.
        rows=[
            [(escape(cell) if i in numeric else marked(cell), i in numeric) for i, cell in enumerate(row)]
            for row in laid.rows
        ],
        numeric=numeric,
        widths=[round(100 * w / total, 2) for w in laid.widths],
        landscape=laid.landscape,
        is_short=len(rows) <= SHORT_TABLE,
    )


@dataclass
class PrintChart:
    alt: str
    image: str
    table: PrintTable | None
    figures_note: str
    notes: list[str]


@dataclass
class PrintSection:
    title: str
    level: int
    anchor: str
    paragraphs: list[SafeString]
    charts: list[PrintChart]
    tables: list[PrintTable]
    subsections: list[PrintSection]


def chart_alt(chart: Chart) -> str:
    """The alternative text of a chart: what it shows and where its figures are."""
    where = (
        _("Siffrorna finns i tabellen ”%(table)s”.") % {"table": chart.figures_in}
        if chart.figures_in
        else _("Siffrorna finns i tabellen under diagrammet.")
    )
    diagram = _("Diagram")  # outside the f-string, where xgettext reads it
    return f"{diagram}: {chart.title}. {where}"


def print_sections(content: ReportContent) -> list[PrintSection]:
    def view(section: Section, level: int, anchor: str) -> PrintSection:
        return PrintSection(
            title=section.title,
            level=min(level, 6),
            anchor=anchor,
            paragraphs=[marked(p) for p in section.paragraphs],
            charts=[
                PrintChart(
                    alt=chart_alt(c),
                    image="data:image/png;base64," + base64.b64encode(chart_bytes(c, "png")).decode(),
                    table=None
                    if c.figures_in
                    else print_table(chart_caption(c), chart_headers(c), c.table_rows()),
                    figures_note=figures_note(c) if c.figures_in else "",
                    notes=list(c.notes),
                )
                for c in section.charts
            ],
            tables=[print_table(t.caption, t.headers, t.rows) for t in section.tables],
            subsections=[view(s, level + 1, f"{anchor}-{i}") for i, s in enumerate(section.subsections, 1)],
        )

    return [view(s, 2, f"avsnitt-{i}") for i, s in enumerate(content.sections, 1)]


def render_html(content: ReportContent) -> str:
    """A whole HTML document for WeasyPrint."""
    return render_to_string(
        "followup/report_print.html", {"content": content, "sections": print_sections(content)}
    )


def render_pdf(content: ReportContent) -> bytes:
    """Tagged PDF (PDF/UA-1 as WeasyPrint makes it): language, title, bookmarks from the headings,
    headings, lists, tables and figures with their alternative text in the structure tree."""
    import weasyprint

    return weasyprint.HTML(string=render_html(content)).write_pdf(pdf_variant="pdf/ua-1")


# Word

ACCENT = "0B4F71"
GREY = "4A5560"


def _has_style(document, name: str) -> bool:
    try:
        document.styles[name]
    except KeyError:
        return False
    return True


def _write(paragraph, text: str, *, bold: bool = False, size: float | None = None):
    """Runs of the text, with a date's hyphens as Word's non-breaking hyphen and the spaces of what
    must stay on one line as no-break spaces."""
    from docx.oxml import OxmlElement
    from docx.shared import Pt

    for piece, together in segments(text):
        run = paragraph.add_run()
        run.bold = bold or None
        if size:
            run.font.size = Pt(size)
        if not together or "-" not in piece:
            run.add_text(piece)
            continue
        for i, part in enumerate(piece.split("-")):
            if i:
                run._r.append(OxmlElement("w:noBreakHyphen"))
            run.add_text(part)


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


def _caption(document, text: str):
    if _has_style(document, "Caption"):
        paragraph = document.add_paragraph(text, style="Caption")
    else:
        paragraph = document.add_paragraph()
        paragraph.add_run(text).italic = True
    paragraph.paragraph_format.keep_with_next = True
    return paragraph


def _row_properties(row, *, header: bool) -> None:
    """A row never breaks across pages; the header row repeats on each page (and tells a screen
    reader it is the header)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    tr_pr = row._tr.get_or_add_trPr()
    tr_pr.append(OxmlElement("w:cantSplit"))
    if header:
        element = OxmlElement("w:tblHeader")
        element.set(qn("w:val"), "true")
        tr_pr.append(element)


def _landscape(document, on: bool) -> None:
    """Start a new section on a landscape (or again upright) page; headers and footers carry on."""
    from docx.enum.section import WD_ORIENT, WD_SECTION

    current = document.sections[-1]
    if (current.orientation == WD_ORIENT.LANDSCAPE) == on:
        return
    width, height = current.page_width, current.page_height
    section = document.add_section(WD_SECTION.NEW_PAGE)
    section.orientation = WD_ORIENT.LANDSCAPE if on else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = height, width


def _table(document, caption: str, headers: list[str], rows: list[list[str]]) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    section = document.sections[-1]
    room = ((section.page_width or 0) - (section.left_margin or 0) - (section.right_margin or 0)) / 12700
    laid = layout_table(headers, rows, width=min(room, PORTRAIT_WIDTH) if room > 0 else PORTRAIT_WIDTH)
    if laid.landscape:
        _landscape(document, True)
    _caption(document, caption)
    table = document.add_table(rows=1 + len(rows), cols=len(laid.widths))
    if _has_style(document, "Table Grid"):
        table.style = "Table Grid"
    table.autofit = False
    numeric = numeric_columns(rows)
    # Keep the caption, the header and the first row together, and the last two rows together, so
    # no row is left alone on a page; a short table is kept together whole.
    short = len(rows) <= SHORT_TABLE
    last = len(rows)
    for r, row in enumerate(table.rows):
        _row_properties(row, header=r == 0)
        texts = laid.headers if r == 0 else laid.rows[r - 1]
        for i, cell in enumerate(row.cells):
            cell.width = Pt(laid.widths[i])
            paragraph = cell.paragraphs[0]
            if i < len(texts):
                _write(paragraph, texts[i], bold=r == 0, size=TABLE_FONT_SIZE)
            if i in numeric:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            paragraph.paragraph_format.space_after = Pt(0)
            paragraph.paragraph_format.keep_with_next = r < last and (short or r <= 1 or r >= last - 1)
    for i, column in enumerate(table.columns):
        column.width = Pt(laid.widths[i])
    if laid.landscape:
        _landscape(document, False)
    else:
        document.add_paragraph()


def _clear_body(document) -> None:
    """Keep a template's page setup, headers and footers (the letterhead) and styles; drop its text."""
    from docx.oxml.ns import qn

    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)


def _set_language(document, tag: str = "sv-SE") -> None:
    """The document's language, for spelling, hyphenation and screen readers: on the default run
    properties and on every style that names one."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = OxmlElement("w:docDefaults")
        styles.insert(0, defaults)
    r_pr_default = defaults.find(qn("w:rPrDefault"))
    if r_pr_default is None:
        r_pr_default = OxmlElement("w:rPrDefault")
        defaults.insert(0, r_pr_default)
    r_pr = r_pr_default.find(qn("w:rPr"))
    if r_pr is None:
        r_pr = OxmlElement("w:rPr")
        r_pr_default.append(r_pr)
    for lang in list(styles.iter(qn("w:lang"))):
        lang.getparent().remove(lang)
    lang = OxmlElement("w:lang")
    for attribute in ("w:val", "w:eastAsia", "w:bidi"):
        lang.set(qn(attribute), tag)
    r_pr.append(lang)
    document.core_properties.language = tag


def _default_styles(document) -> None:
    """The clean default: Arial 11 pt body text, Arial headings in the accent colour, A4 with 2 cm
    side margins (Värn's own template, when the municipality has uploaded none)."""
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt, RGBColor

    for name, size, colour in (
        ("Normal", 11, None),
        ("Title", 24, ACCENT),
        ("Heading 1", 16, ACCENT),
        ("Heading 2", 13, ACCENT),
        ("Heading 3", 11.5, None),
        ("Heading 4", 11, None),
        ("Caption", 9, GREY),
    ):
        if not _has_style(document, name):
            continue
        style = document.styles[name]
        style.font.name = "Arial"
        r_fonts = style.element.rPr.find(qn("w:rFonts"))
        for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            r_fonts.attrib.pop(qn(theme), None)
        style.font.size = Pt(size)
        style.font.color.rgb = RGBColor.from_string(colour or "1B1F23")
        if name.startswith("Heading") or name == "Caption":
            style.font.italic = False
            style.font.bold = True
    for section in document.sections:
        section.page_width, section.page_height = Cm(21), Cm(29.7)
        section.left_margin = section.right_margin = Cm(2)
        section.top_margin = section.bottom_margin = Cm(2.2)


def _field(paragraph, instruction: str, size: float) -> None:
    """A Word field (PAGE, NUMPAGES) that Word and LibreOffice fill in, in runs of their own as Word
    writes them, so the number takes the size of the text around it."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    def char(kind: str):
        element = OxmlElement("w:fldChar")
        element.set(qn("w:fldCharType"), kind)
        return element

    text = OxmlElement("w:instrText")
    text.set(qn("xml:space"), "preserve")
    text.text = f" {instruction} "
    shown = OxmlElement("w:t")
    shown.text = "1"
    for element in (char("begin"), text, char("separate"), shown, char("end")):
        run = paragraph.add_run()
        run.font.size = Pt(size)
        run._r.append(element)


def _has_page_field(part) -> bool:
    return any("PAGE" in (t.text or "") for t in part._element.iter("{*}instrText")) or any(
        "PAGE" in (f.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}instr") or "")
        for f in part._element.iter("{*}fldSimple")
    )


def _page_furniture(document, content: ReportContent, *, from_template: bool) -> None:
    """Every page after the title page: the municipality and the title at the top, "Sida N av M"
    at the foot. A template's own header and footer are kept; its footer gets the page numbers
    when it has none."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt, RGBColor

    section = document.sections[0]
    section.different_first_page_header_footer = True
    header, footer = section.header, section.footer
    if not from_template or not any(p.text.strip() for p in header.paragraphs):
        paragraph = header.paragraphs[0]
        run = paragraph.add_run(f"{content.municipality} \u2013 {content.title}")
        run.font.size = Pt(8.5)
        run.font.color.rgb = RGBColor.from_string(GREY)
    if not _has_page_field(footer):
        paragraph = footer.paragraphs[0] if not footer.paragraphs[0].text.strip() else footer.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        paragraph.add_run(_("Sida") + " ").font.size = Pt(8.5)
        _field(paragraph, "PAGE", 8.5)
        paragraph.add_run(" " + _("av") + " ").font.size = Pt(8.5)
        _field(paragraph, "NUMPAGES", 8.5)


def open_template(template: bytes | None):
    """The Word document to write into: the municipality's template, or Värn's clean default."""
    import docx

    if template:
        document = docx.Document(io.BytesIO(template))
        _clear_body(document)
        return document
    document = docx.Document()
    _default_styles(document)
    return document


def render_docx(content: ReportContent, *, template: bytes | None = None) -> bytes:
    from docx.enum.text import WD_BREAK
    from docx.shared import Cm

    document = open_template(template)
    _set_language(document)
    properties = document.core_properties
    properties.title = content.title
    properties.subject = content.program
    properties.author = content.municipality
    properties.last_modified_by = content.municipality
    properties.comments = ""
    properties.keywords = ""
    _page_furniture(document, content, from_template=template is not None)

    municipality = document.add_paragraph()
    municipality.add_run(content.municipality).bold = True
    _heading(document, content.title, 0)
    for label, value in content.facts:
        paragraph = document.add_paragraph()
        paragraph.add_run(f"{label}: ").bold = True
        _write(paragraph, value)
    document.paragraphs[-1].add_run().add_break(WD_BREAK.PAGE)

    def write(section: Section, level: int) -> None:
        _heading(document, section.title, level)
        for text in section.paragraphs:
            _write(document.add_paragraph(), text)
        for chart in section.charts:
            picture = document.add_picture(io.BytesIO(chart_bytes(chart, "png")), width=Cm(16))
            picture._inline.docPr.set("descr", chart_alt(chart))
            picture._inline.docPr.set("title", chart.title)
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
