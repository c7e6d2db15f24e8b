"""The report as a board receives it: built from the chosen round, in the shape of a report to a
nämnd, with Swedish typography, and accessible in both formats (issue 13)."""

from __future__ import annotations

import datetime
import io
import zipfile
from typing import Any

import docx
import pypdf
import pytest
from django.urls import reverse
from django.utils import timezone
from lxml import etree

from varn.core.charts import Chart
from varn.documents.export import to_pdf
from varn.followup.models import ReportDraft
from varn.followup.rendering import render_docx, render_pdf
from varn.followup.report import build_content
from varn.followup.services import build_report
from varn.followup.typography import cramped_words, layout_table, measures_phrase, segments

from .factories import RoundFactory
from .test_report import filled  # noqa: F401 (the fixture)

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def tables_of(sections):
    for s in sections:
        for chart in s.charts:
            if not chart.figures_in:
                yield chart.title, ["Avser", *chart.series], chart.table_rows()
        for t in s.tables:
            yield t.caption, t.headers, t.rows
        yield from tables_of(s.subsections)


def older_round(cast):
    round = RoundFactory(program=cast.program, title="Deluppföljning 2026")
    round.opened_at = timezone.now() - datetime.timedelta(days=400)
    round.save(update_fields=["opened_at"])
    return round


def test_the_report_is_built_from_the_chosen_round_and_says_so_on_its_first_page(cast, filled):  # noqa: F811
    chosen = older_round(cast)
    ReportDraft.objects.create(
        municipality=cast.municipality,
        program=cast.program,
        round=chosen,
        year_from=2025,
        year_to=2026,
        body="Kommunstyrelsen",
    )
    report = build_report(cast.program, by=cast.coordinator)
    facts = dict(report.content["facts"])
    assert facts["Uppföljningsomgång"] == "Deluppföljning 2026"
    assert facts["Period som redovisas"] == "2025–2026"
    assert facts["Till"] == "Kommunstyrelsen"
    assert report.round == chosen
    text = " ".join(p for s in report.content["sections"] for p in s["paragraphs"])
    assert "Uppföljningen ”Deluppföljning 2026”" in text
    assert "Uppföljning inför revidering 2027" not in text
    # Nothing about the software or the hour it was built.
    assert "Värn" not in str(report.content)
    assert "Skapad" not in facts


def test_the_coordinators_text_is_used_and_the_frozen_report_keeps_it(cast, filled):  # noqa: F811
    draft = ReportDraft.objects.create(
        municipality=cast.municipality,
        program=cast.program,
        year_from=2025,
        year_to=2027,
        body="Kommunstyrelsen",
        analysis="Arbetet har kommit långt.\n\nSamverkan med facket behöver stärkas.",
        proposal="Kommunstyrelsen föreslås besluta\natt godkänna uppföljningen.",
    )
    report = build_report(cast.program, by=cast.coordinator, formats=("docx",))
    draft.proposal = "Något helt annat."
    draft.save()
    sections = {s["title"]: s["paragraphs"] for s in report.content["sections"]}
    assert sections["Analys och slutsatser"] == [
        "Arbetet har kommit långt.",
        "Samverkan med facket behöver stärkas.",
    ]
    assert sections["Förslag till beslut"] == [
        "Kommunstyrelsen föreslås besluta",
        "att godkänna uppföljningen.",
    ]
    report.refresh_from_db()
    assert "Något helt annat." not in str(report.content)
    with report.docx_file.open("rb") as handle:
        assert "att godkänna uppföljningen." in [p.text for p in docx.Document(handle).paragraphs]


def test_the_word_file_is_swedish_numbered_and_accessible(cast, filled):  # noqa: F811
    content = build_content(cast.program)
    data = render_docx(content)
    document = docx.Document(io.BytesIO(data))
    styles = document.styles.element
    assert {lang.get(f"{W}val") for lang in styles.iter(f"{W}lang")} == {"sv-SE"}
    assert document.core_properties.language == "sv-SE"
    assert document.core_properties.title == content.title
    assert document.core_properties.author == "Alingsås kommun"
    assert document.styles["Normal"].font.name == "Arial"
    assert document.styles["Normal"].font.size.pt == 11
    # "Sida N av M" as fields after the title page, the municipality and title in the header.
    section = document.sections[0]
    assert section.different_first_page_header_footer
    footer = etree.tostring(section.footer._element).decode()
    assert " PAGE " in footer and " NUMPAGES " in footer
    assert "Sida" in section.footer.paragraphs[0].text
    assert section.header.paragraphs[0].text == f"Alingsås kommun – {content.title}"
    # Every table repeats its header row and no row breaks across pages.
    assert document.tables
    for table in document.tables:
        assert table.rows[0]._tr.trPr.find(f"{W}tblHeader") is not None
        assert all(row._tr.trPr.find(f"{W}cantSplit") is not None for row in table.rows)
    # Every picture has alternative text that names its chart.
    pictures = list(document.inline_shapes)
    assert len(pictures) >= 3
    for picture in pictures:
        assert picture._inline.docPr.get("descr", "").startswith("Diagram: ")
    headings = [p.style.name for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert {"Heading 1", "Heading 2", "Heading 3"} <= set(headings)
    assert [p.text for p in document.paragraphs if p.style.name == "Heading 1"][-1] == "Förslag till beslut"
    # A date never breaks: Word's non-breaking hyphen.
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert b"<w:noBreakHyphen/>" in archive.read("word/document.xml")


def structure(pdf: pypdf.PdfReader) -> list[tuple[str, str | None]]:
    found = []

    def walk(node):
        node = node.get_object()
        if isinstance(node, dict):
            if "/S" in node:
                found.append((str(node["/S"]), str(node["/Alt"]) if "/Alt" in node else None))
            kids = node.get("/K")
            if kids is not None:
                for kid in kids if isinstance(kids, list) else [kids]:
                    walk(kid)

    root: Any = pdf.trailer["/Root"]
    walk(root["/StructTreeRoot"])
    return found


def test_the_pdf_is_tagged_with_language_title_bookmarks_and_figures(cast, filled):  # noqa: F811
    content = build_content(cast.program)
    pdf = pypdf.PdfReader(io.BytesIO(render_pdf(content)))
    root = pdf.trailer["/Root"]
    assert root["/Lang"] == "sv"
    assert pdf.metadata.title == content.title
    assert root["/ViewerPreferences"]["/DisplayDocTitle"]
    assert root["/MarkInfo"]["/Marked"]
    tags = structure(pdf)
    kinds = {kind for kind, _alt in tags}
    assert {"/H1", "/H2", "/H3", "/Table", "/TH", "/TD", "/Figure"} <= kinds
    figures = [alt for kind, alt in tags if kind == "/Figure"]
    charts = sum(1 for _ in _charts(content.sections))
    assert len(figures) == charts and all(alt and alt.startswith("Diagram: ") for alt in figures)
    bookmarks = [item["/Title"] for item in pdf.outline if isinstance(item, dict)]
    assert bookmarks[0] == content.title
    text = "\n".join(page.extract_text() for page in pdf.pages[1:3])
    assert "Sida 2 av" in text and "Alingsås kommun" in text


def _charts(sections):
    for s in sections:
        yield from s.charts
        yield from _charts(s.subsections)


def test_the_programmes_pdf_is_tagged_too():
    tree = [
        {"type": "heading", "level": 1, "text": "Program"},
        {"type": "paragraph", "text": "Text."},
        {"type": "list", "children": [{"type": "list_item", "text": "En punkt"}]},
    ]
    pdf = pypdf.PdfReader(io.BytesIO(to_pdf(tree, title="Programmet")))
    assert pdf.trailer["/Root"]["/Lang"] == "sv"
    assert pdf.metadata.title == "Programmet"
    assert "/StructTreeRoot" in pdf.trailer["/Root"]


def test_no_table_cell_has_to_break_a_word_of_twelve_letters_or_fewer(cast, filled):  # noqa: F811
    content = build_content(cast.program)
    checked = 0
    for caption, headers, rows in tables_of(content.sections):
        laid = layout_table(headers, rows)
        assert cramped_words(laid) == [], caption
        checked += 1
    assert checked >= 10


def test_the_check_catches_a_column_too_narrow_for_its_words():
    laid = layout_table(["Status"], [["Tillgodosedd"]])
    laid.widths = [30.0]
    assert "Tillgodosedd" in cramped_words(laid)


def test_figures_are_swedish_and_counts_take_the_right_noun(cast, filled):  # noqa: F811
    assert measures_phrase(1) == "1 insats"
    assert measures_phrase(1259) == "1\u00a0259 insatser"
    chart = Chart(kind="bar", title="Kostnad", labels=["SOC"], series={"Tkr": [12.5]})
    assert chart.table_rows() == [["SOC", "12,5"]]
    counts = Chart(kind="bar", title="Insatser", labels=["SOC", "KLK"], series={"Insatser": [1.0, 0.0]})
    figure = counts.figure()
    ticks = figure.axes[0].get_yticks()
    assert all(float(t).is_integer() for t in ticks)
    # A date and "§ 58" stay on one line.
    assert ("2025-04-23", True) in segments("KSAU 2025-04-23 § 58")
    content = build_content(cast.program)
    summary = dict(content.sections[0].tables[0].rows)
    assert summary["Insatser i programmet"].isdigit()
    assert summary["Andel inom befintlig ram"].endswith("\u00a0%")


def url(cast, name):
    return reverse(f"followup:{name}", args=[cast.slug])


def test_the_coordinator_chooses_the_round_and_writes_the_proposal(cast, filled, client):  # noqa: F811
    chosen = older_round(cast)
    client.force_login(cast.coordinator)
    page = client.get(url(cast, "report-draft"))
    assert page.status_code == 200
    assert "Förslag till beslut" in page.content.decode()
    suggestion = page.context["form"].initial["summary"]
    answer = client.post(
        url(cast, "report-draft"),
        {
            "round": chosen.pk,
            "year_from": 2025,
            "year_to": 2026,
            "body": "Kommunstyrelsen",
            "dnr": "2025.202 KS",
            "summary": suggestion,
            "background": "",
            "analysis": "Vår analys.",
            "revision": "",
            "proposal": "Kommunstyrelsen föreslås besluta\natt godkänna uppföljningen.",
        },
    )
    assert answer.status_code == 302
    draft = ReportDraft.objects.get(program=cast.program)
    assert draft.round == chosen and draft.analysis == "Vår analys."
    assert draft.summary == ""  # the suggestion left as it was is written afresh at each build
    listing = client.get(url(cast, "report-list")).content.decode()
    assert "bygger enbart på uppföljningsomgången ”Deluppföljning 2026” och redovisar 2025–2026" in listing


def test_years_outside_the_programme_are_refused_and_nothing_is_saved(cast, filled, client):  # noqa: F811
    client.force_login(cast.coordinator)
    answer = client.post(url(cast, "report-draft"), {"year_from": 2020, "year_to": 2026})
    assert answer.status_code == 400
    assert "Åren ska ligga inom programmets period, 2025–2027." in answer.content.decode()
    assert not ReportDraft.objects.exists()


@pytest.mark.parametrize("role", ["viewer", "unit_editor"])
def test_a_reader_may_not_change_the_report_draft(cast, filled, client, role):  # noqa: F811
    client.force_login(getattr(cast, role))
    assert client.get(url(cast, "report-draft")).status_code == 403
    assert client.post(url(cast, "report-draft"), {"year_from": 2025, "year_to": 2026}).status_code == 403
    assert not ReportDraft.objects.exists()


def test_another_municipalitys_coordinator_gets_404(cast, filled, client):  # noqa: F811
    client.force_login(cast.outsider)
    assert client.get(url(cast, "report-draft")).status_code == 404


def test_a_table_too_wide_for_an_upright_page_is_set_on_a_landscape_page():
    from docx.enum.section import WD_ORIENT

    from varn.core.reporting import Section, Table
    from varn.followup.report import ReportContent

    # Twelve columns of seven-figure sums: wider than an upright page even with hyphenated headers.
    headers = ["Förvaltning", *[f"Kostnadsslag {i}" for i in range(1, 13)]]
    figures = ["1\u00a0259\u00a0350"] * 12
    wide = Table(caption="Bred tabell", headers=headers, rows=[["Socialförvaltningen", *figures]])
    assert layout_table(wide.headers, wide.rows).landscape
    content = ReportContent(
        title="Rapport",
        municipality="Alingsås kommun",
        program="Program",
        sections=[Section(title="Resultat", paragraphs=["Före."], tables=[wide]), Section(title="Efter")],
    )
    document = docx.Document(io.BytesIO(render_docx(content)))
    orientations = [s.orientation for s in document.sections]
    assert orientations == [WD_ORIENT.PORTRAIT, WD_ORIENT.LANDSCAPE, WD_ORIENT.PORTRAIT]
    pdf = pypdf.PdfReader(io.BytesIO(render_pdf(content)))
    shapes = [(round(float(p.mediabox.width)), round(float(p.mediabox.height))) for p in pdf.pages]
    assert (842, 595) in shapes and (595, 842) in shapes


def test_the_costs_cover_only_the_years_the_report_covers(cast, measures):
    from decimal import Decimal

    from varn.followup.scope import ReportScope

    from .factories import CostEntryFactory

    CostEntryFactory(measure=measures[0], year=2025, hours=Decimal("10"))
    CostEntryFactory(measure=measures[0], year=2026, hours=Decimal("1249"))
    whole = build_content(cast.program, scope=ReportScope(round=None, year_from=2025, year_to=2027))
    first = build_content(cast.program, scope=ReportScope(round=None, year_from=2025, year_to=2025))
    assert dict(whole.sections[0].tables[0].rows)["Nedlagd tid (timmar)"] == "1\u00a0259"
    assert dict(first.sections[0].tables[0].rows)["Nedlagd tid (timmar)"] == "10"
    assert dict(first.facts)["Period som redovisas"] == "2025"
    assert "Resultaten avser 2025." in first.sections[2].paragraphs
