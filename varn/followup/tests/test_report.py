from __future__ import annotations

import datetime
import io
import zipfile
from decimal import Decimal
from io import StringIO

import docx
import openpyxl
import pypdf
import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from varn.core import reporting
from varn.core.models import Job
from varn.core.reporting import Section, collect_sections
from varn.decisions.models import Case, Decision, ReferralRequirement
from varn.factories import MunicipalityFactory, ProgramFactory
from varn.followup.models import Funding, Report, ReportTemplate
from varn.followup.rendering import render_docx, render_pdf
from varn.followup.report import ReportContent, build_content
from varn.followup.reporting import costs_section, revision_section
from varn.followup.services import build_report

from .conftest import count_queries
from .factories import CostEntryFactory, fill_program


def url(cast, name, *args):
    return reverse(f"followup:{name}", args=[cast.slug, *args])


@pytest.fixture
def filled(cast, measures):
    """The cast's programme with measures, costs, an approved round, and the referral back."""
    CostEntryFactory(measure=measures[0], hours=Decimal("10"))
    CostEntryFactory(measure=measures[1], money=True, amount=Decimal("25000"), funding=Funding.STATE_GRANT)
    round = fill_program(cast.program, n_measures=3, n_units=2, n_goals=2)
    case = Case.objects.create(
        municipality=cast.municipality, dnr="2025.202 KS", title="Program", program=cast.program
    )
    referral = Decision.objects.create(
        municipality=cast.municipality,
        case=case,
        body="KSAU",
        meeting_date=datetime.date(2025, 4, 23),
        paragraph=58,
        kind=Decision.Kind.REFERRAL_BACK,
    )
    for i, text in enumerate(
        ["Redovisning av kostnader", "Uppföljning till politiken", "Samverkan med fackliga parter"]
    ):
        ReferralRequirement.objects.create(
            municipality=cast.municipality,
            decision=referral,
            text=text,
            position=i,
            status=ReferralRequirement.Status.RESOLVED if i < 2 else ReferralRequirement.Status.OPEN,
        )
    return round


def all_text(sections: list[Section]) -> str:
    parts = []
    for s in sections:
        parts += [s.title, *s.paragraphs]
        for t in s.tables:
            parts += [t.caption, *t.headers, *[c for row in t.rows for c in row]]
        parts.append(all_text(s.subsections))
    return "\n".join(parts)


# The content


def test_the_report_puts_its_summary_first_and_then_the_real_sections(cast, filled):
    content = build_content(cast.program, by=cast.coordinator)
    titles = [s.title for s in content.sections]
    assert titles == [
        "Sammanfattning",
        "Bakgrund",
        "Resultat",
        "Analys och slutsatser",
        "Inför revidering",
        "Förslag till beslut",
    ]
    results = [s.title for s in content.sections[2].subsections]
    assert "Insatsernas status" in results
    assert "Kostnader och nedlagd tid" in results
    assert [s.title for s in content.sections[1].subsections] == ["Krav vid återremiss och hur de har mötts"]
    assert content.title == "Uppföljning av Program om våldsförebyggande arbete 2025–2027"
    summary = "\n".join(content.sections[0].paragraphs)
    assert "Återremissen ställde 3 krav; 2 av dem är tillgodosedda." in summary
    assert "5 av 5 svar från förvaltningarna är godkända" in summary


def test_sections_come_in_the_order_of_the_providers(cast, filled, monkeypatch):
    fake = "varn.followup.tests.test_report.fake_section"
    monkeypatch.setattr(
        reporting,
        "SECTION_PROVIDERS",
        [
            "varn.followup.reporting.revision_section",
            fake,
            "varn.programs.reporting.section",
            "varn.followup.reporting.no_such_provider",
        ],
    )
    content = build_content(cast.program)
    assert [s.title for s in content.sections[2].subsections] == ["Påhittat avsnitt", "Insatsernas status"]
    assert content.sections[4].title == "Inför revidering"
    assert "Förvaltningarna föreslår" in "\n".join(content.sections[4].paragraphs)


def fake_section(program):
    return Section(title="Påhittat avsnitt", paragraphs=["Bara för att pröva ordningen."])


def test_the_costs_section_says_what_is_within_existing_budgets(cast, measures):
    CostEntryFactory(measure=measures[0], hours=Decimal("10"))
    text = all_text([costs_section(cast.program)])
    assert "4\u00a0500\u00a0kr" in text
    assert "Allt arbete har bedrivits inom befintliga budgetar" in text
    CostEntryFactory(measure=measures[1], money=True, amount=Decimal("1000"), funding=Funding.PROJECT)
    text = all_text([costs_section(cast.program)])
    assert "Utanför befintlig ram" in text
    assert "Insatser med finansiering utanför befintlig ram" in text


def test_the_report_names_the_costliest_measures_and_the_appendix_holds_them_all(cast):
    from varn.followup.reporting import COSTLIEST

    fill_program(cast.program, n_measures=COSTLIEST + 5, n_units=2, n_goals=2)
    measures = list(cast.program.measures.order_by("pk"))
    for i, measure in enumerate(measures):
        CostEntryFactory(measure=measure, money=True, amount=Decimal(1000 * (i + 1)))
    section = costs_section(cast.program).subsections[0]
    table = section.tables[-1]
    shown = [row[0] for row in table.rows]
    assert len(shown) == COSTLIEST
    assert measures[-1].title in shown[0]  # the costliest first
    assert not any(measures[0].title in label for label in shown)  # the cheapest is left to the appendix
    assert f"{len(measures)} insatserna" in section.paragraphs[0]

    report = build_report(cast.program, by=cast.coordinator, formats=("docx",))
    assert report.costs_file.name.endswith("-kostnader.xlsx")
    with report.costs_file.open("rb") as handle:
        workbook = openpyxl.load_workbook(handle)
    per_measure = [row[0] for row in workbook["Per insats"].iter_rows(min_row=2, values_only=True)]
    assert all(any(m.title in str(label) for label in per_measure) for m in measures)


def test_the_cost_appendix_is_for_the_administrations_not_the_partners(cast, filled):
    report = build_report(cast.program, by=cast.coordinator, formats=("pdf",))
    download = url(cast, "report-download", report.pk, "xlsx")
    response = cast.client(cast.unit_editor).get(download)
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('-kostnader.xlsx"')
    assert cast.client(cast.partner_user).get(download).status_code == 403
    page = cast.client(cast.partner_user).get(url(cast, "report-detail", report.pk)).content.decode()
    assert "Bilaga: kostnader per insats" not in page
    page = cast.client(cast.coordinator).get(url(cast, "report-detail", report.pk)).content.decode()
    assert "Bilaga: kostnader per insats" in page


def test_the_revision_section_is_left_out_before_any_round(cast, measures):
    assert revision_section(cast.program) is None
    assert "Kostnader och nedlagd tid" in [s.title for s in collect_sections(cast.program)]


def test_the_revision_section_builds_on_approved_answers(cast, measures):
    fill_program(cast.program, n_measures=10, approved=True)
    section = revision_section(cast.program)
    assert section is not None
    counts = {row[0]: row[1] for row in section.tables[0].rows}
    # 12 answers (the cast's 2 measures and 10 more): keep, change and end in the pattern 6:3:1.
    assert counts == {"Behåll": "8", "Ändra": "3", "Avsluta": "1", "Ingen slutsats": "0"}
    motivations = section.subsections[0].tables[0].rows
    assert len(motivations) == 4
    assert all(row[2].startswith("Svar revision") for row in motivations)


def test_building_the_content_runs_the_same_number_of_queries_for_ten_times_the_measures(cast):
    small = ProgramFactory(municipality=cast.municipality)
    fill_program(small, n_measures=30, n_units=3, n_goals=3)
    once = count_queries(lambda: build_content(small))
    big = ProgramFactory(municipality=cast.municipality)
    fill_program(big, n_measures=300, n_units=30, n_goals=30)
    assert count_queries(lambda: build_content(big)) == once


def test_the_content_survives_the_round_trip_through_json(cast, filled):
    content = build_content(cast.program)
    again = ReportContent.from_json(content.to_json())
    assert again.to_json() == content.to_json()
    results = content.sections[2].subsections
    assert again.sections[2].subsections[0].charts[0].labels == results[0].charts[0].labels


def docx_text(data: bytes) -> str:
    document = docx.Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    for section in document.sections:
        parts += [p.text for p in section.header.paragraphs]
    return "\n".join(parts)


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() or "" for page in pypdf.PdfReader(io.BytesIO(data)).pages)


def squash(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").replace("\u00ad", "").split())


def test_word_and_pdf_hold_the_same_content(cast, filled):
    content = build_content(cast.program)
    word = squash(docx_text(render_docx(content)))
    pdf = squash(pdf_text(render_pdf(content)))

    def check(sections):
        for s in sections:
            for text in [
                s.title,
                *[t.caption for t in s.tables],
                *[c.title for c in s.charts],
                *[c.figures_in for c in s.charts],
            ]:
                assert squash(text) in word, text
                assert squash(text) in pdf, text
            check(s.subsections)

    check(content.sections)
    # A chart's figures are beside it in both, or, where a table of the section already holds them,
    # both say which table.
    for text in (
        "Siffrorna i diagrammet: Förvaltningarnas slutsatser inför revideringen",
        "Siffrorna i diagrammet ”Kostnad per förvaltning och finansiering” finns i tabellen ”Kostnader per förvaltning”.",
    ):
        assert text in word and text in pdf, text
    document = docx.Document(io.BytesIO(render_docx(content)))

    def charts(sections):
        return sum(len(s.charts) + charts(s.subsections) for s in sections)

    assert len(document.inline_shapes) == charts(content.sections)
    assert any(p.style.name == "Heading 1" and p.text == "Sammanfattning" for p in document.paragraphs)


def test_build_report_keeps_a_frozen_snapshot_with_both_files(cast, filled):
    report = build_report(cast.program, by=cast.coordinator)
    assert report.built_by == cast.coordinator
    assert report.content["sections"][0]["title"] == "Sammanfattning"
    assert report.docx_file.name.endswith(".docx")
    assert report.pdf_file.name.endswith(".pdf")
    with report.pdf_file.open("rb") as handle:
        assert handle.read(5) == b"%PDF-"
    assert not report.used_template


# Templates


def make_template(header_text="Alingsås kommun – brevhuvud") -> bytes:
    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = header_text
    document.add_paragraph("Mallens exempeltext som ska bort")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def as_dotx(data: bytes) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            payload = source.read(info.filename)
            if info.filename == "[Content_Types].xml":
                payload = payload.replace(b"document.main+xml", b"template.main+xml")
            target.writestr(info, payload)
    return out.getvalue()


def upload_template(client, cast, name: str, data: bytes, capture):
    """Upload a template and let the background job that checks it run (tasks run at once in
    tests, once the request's transaction has committed)."""
    with capture(execute=True):
        return client.post(url(cast, "template-upload"), {"file": SimpleUploadedFile(name, data)})


def test_the_word_report_uses_the_municipalitys_template(cast, filled, django_capture_on_commit_callbacks):
    response = upload_template(
        cast.client(cast.coordinator),
        cast,
        "mall.dotx",
        as_dotx(make_template()),
        django_capture_on_commit_callbacks,
    )
    assert response.status_code == 302
    assert Job.objects.get(kind="followup.template").status == Job.Status.DONE
    template = ReportTemplate.objects.get(municipality=cast.municipality)
    assert template.original_name == "mall.dotx"
    report = build_report(cast.program, by=cast.coordinator)
    assert report.used_template
    with report.docx_file.open("rb") as handle:
        text = docx_text(handle.read())
    assert "Alingsås kommun – brevhuvud" in text
    assert "Mallens exempeltext" not in text
    assert "Sammanfattning" in text


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("trasig.docx", b"PK\x03\x04 inte alls en zip"),
        ("anteckningar.dotx", b"Bara text, inget Word-dokument."),
        ("bild.docx", b"%PDF-1.4\n%%EOF"),
    ],
)
def test_a_corrupt_or_non_word_template_is_refused_with_a_clear_message(cast, filled, name, data):
    response = cast.client(cast.coordinator).post(
        url(cast, "template-upload"), {"file": SimpleUploadedFile(name, data)}
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Mallen laddades inte upp" in body
    assert "Word" in body
    assert not ReportTemplate.objects.exists()
    assert not build_report(cast.program, formats=("docx",)).used_template


def test_a_zip_without_a_word_document_is_refused(cast, filled, django_capture_on_commit_callbacks):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<inte xml")
        archive.writestr("[Content_Types].xml", "<Types/>")
    client = cast.client(cast.coordinator)
    response = upload_template(
        client, cast, "mall.docx", buffer.getvalue(), django_capture_on_commit_callbacks
    )
    page = client.get(response["Location"]).content.decode()
    assert "Jobbet misslyckades" in page
    assert "går inte att öppna som ett Word-dokument" in page
    assert not ReportTemplate.objects.exists()


def test_a_stored_template_that_no_longer_opens_falls_back_to_the_default(cast, filled):
    template = ReportTemplate(municipality=cast.municipality, original_name="gammal.docx")
    template.file.save("gammal.docx", ContentFile(b"PK\x03\x04 trasig"), save=True)
    report = build_report(cast.program, formats=("docx",))
    assert not report.used_template
    assert report.notes == ["Kommunens Word-mall gick inte att öppna; standardmallen användes."]
    assert report.docx_file


def test_removing_the_template_brings_back_the_default(cast, filled, django_capture_on_commit_callbacks):
    client = cast.client(cast.coordinator)
    upload_template(client, cast, "mall.docx", make_template(), django_capture_on_commit_callbacks)
    stored = ReportTemplate.objects.get().file.name
    response = client.post(url(cast, "template-delete"), follow=True)
    assert "Rapporten använder standardmallen" in response.content.decode()
    assert not ReportTemplate.objects.exists()
    assert not default_storage.exists(stored)
    assert not build_report(cast.program, formats=("docx",)).used_template


def test_only_the_coordinator_uploads_or_removes_a_template(cast, filled):
    for user in (cast.unit_editor, cast.viewer, cast.partner_user):
        client = cast.client(user)
        upload = SimpleUploadedFile("mall.docx", make_template())
        assert client.post(url(cast, "template-upload"), {"file": upload}).status_code == 403
        assert client.post(url(cast, "template-delete")).status_code == 403
    assert cast.client(cast.outsider).post(url(cast, "template-delete")).status_code == 404
    assert not ReportTemplate.objects.exists()


# Command and pages


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_the_command_writes_the_report_and_keeps_the_snapshot(cast, filled, tmp_path, fmt):
    out = tmp_path / f"rapport.{fmt}"
    stdout = StringIO()
    call_command(
        "build_report", "--municipality", cast.slug, "--format", fmt, "--out", str(out), stdout=stdout
    )
    data = out.read_bytes()
    assert data.startswith(b"%PDF-" if fmt == "pdf" else b"PK")
    report = Report.objects.get()
    assert bool(report.pdf_file) == (fmt == "pdf")
    assert "Uppföljning av Program om våldsförebyggande arbete 2025–2027" in stdout.getvalue()


def test_the_command_refuses_an_unknown_municipality(db, tmp_path):
    with pytest.raises(CommandError, match="Ingen kommun"):
        call_command(
            "build_report", "--municipality", "finns-inte", "--format", "pdf", "--out", str(tmp_path / "x")
        )


def test_the_button_builds_the_report_in_a_background_job(cast, filled):
    client = cast.client(cast.coordinator)
    response = client.post(url(cast, "report-build"))
    job = Job.objects.get()
    assert response.status_code == 302
    assert response["Location"] == job.get_absolute_url()
    assert job.status == Job.Status.DONE, job.message
    report = Report.objects.get()
    assert job.result_url == report.get_absolute_url()
    assert report.built_by == cast.coordinator
    page = client.get(job.get_absolute_url())
    assert report.get_absolute_url() in page.content.decode()


def test_only_the_coordinator_builds_reports(cast, filled):
    for user in (cast.unit_editor, cast.viewer, cast.partner_user):
        assert cast.client(user).post(url(cast, "report-build")).status_code == 403
    assert cast.client(cast.outsider).post(url(cast, "report-build")).status_code == 404
    assert not Job.objects.exists()


def test_every_role_reads_the_report_and_an_outsider_gets_404(cast, filled):
    report = build_report(cast.program, by=cast.coordinator)
    for user in (cast.coordinator, cast.unit_editor, cast.viewer, cast.partner_user):
        client = cast.client(user)
        page = client.get(url(cast, "report-detail", report.pk))
        assert page.status_code == 200
        assert "Kostnader och nedlagd tid" in page.content.decode()
        download = client.get(url(cast, "report-download", report.pk, "pdf"))
        assert download.status_code == 200
        assert b"".join(download.streaming_content).startswith(b"%PDF-")
        assert client.get(url(cast, "report-list")).status_code == 200
    outsider = cast.client(cast.outsider)
    assert outsider.get(url(cast, "report-detail", report.pk)).status_code == 404
    assert outsider.get(url(cast, "report-download", report.pk, "docx")).status_code == 404


def test_a_report_is_attached_to_the_decision_that_received_it(cast, filled):
    report = build_report(cast.program, by=cast.coordinator)
    decision = Decision.objects.get()
    client = cast.client(cast.coordinator)
    client.post(url(cast, "report-attach", report.pk), {"decision": decision.pk})
    report.refresh_from_db()
    assert report.decision == decision
    assert decision.follow_up_reports.get() == report
    assert (
        cast.client(cast.viewer).post(url(cast, "report-attach", report.pk), {"decision": ""}).status_code
        == 403
    )


def test_a_decision_of_another_municipality_cannot_be_attached(cast, filled):
    report = build_report(cast.program)
    elsewhere = MunicipalityFactory()
    case = Case.objects.create(municipality=elsewhere, dnr="KS 1", title="Annat")
    foreign = Decision.objects.create(
        municipality=elsewhere, case=case, body="KS", kind=Decision.Kind.DECISION
    )
    cast.client(cast.coordinator).post(url(cast, "report-attach", report.pk), {"decision": foreign.pk})
    report.refresh_from_db()
    assert report.decision is None


def test_a_report_is_compared_with_the_previous_one(cast, filled, measures):
    build_report(cast.program, formats=("docx",))
    CostEntryFactory(measure=measures[0], year=2027, hours=Decimal("100"))
    newer = build_report(cast.program, formats=("docx",))
    client = cast.client(cast.viewer)
    page = client.get(url(cast, "report-compare", newer.pk))
    assert page.status_code == 200
    body = page.content.decode()
    assert "Kostnader och nedlagd tid" in body
    assert "Kostnader per år" in body
    assert "2027" in body
    assert "Sammanfattning" in body


def test_the_report_list_runs_the_same_number_of_queries_for_ten_times_the_reports(cast, filled):
    report = build_report(cast.program, formats=("docx",))
    client = cast.client(cast.coordinator)
    once = count_queries(lambda: client.get(url(cast, "report-list")))
    for _ in range(9):
        Report.objects.create(
            municipality=cast.municipality, program=cast.program, title=report.title, content=report.content
        )
    assert count_queries(lambda: client.get(url(cast, "report-list"))) == once


def test_report_charts_are_drawn_once_per_format_and_data(monkeypatch):
    from django.core.cache import cache

    from varn.core.charts import Chart
    from varn.followup.rendering import chart_bytes

    cache.clear()
    drawn = []
    original_svg, original_png = Chart.svg, Chart.png
    monkeypatch.setattr(Chart, "svg", lambda self: drawn.append("svg") or original_svg(self))
    monkeypatch.setattr(Chart, "png", lambda self: drawn.append("png") or original_png(self))
    chart = Chart(kind="line", title="Täckning över tid", labels=["2025", "2026"], series={"A": [1.0, None]})
    svg = chart_bytes(chart, "svg")
    assert chart_bytes(chart, "svg") == svg and svg.lstrip().startswith(b"<svg")
    assert chart_bytes(chart, "png").startswith(b"\x89PNG")
    chart_bytes(chart, "png")
    assert drawn == ["svg", "png"]


def test_a_removed_municipality_leaves_no_report_files(cast, filled, django_capture_on_commit_callbacks):
    from django.db import transaction

    from varn.organisations.models import Municipality

    report = build_report(cast.program, by=cast.coordinator)
    names = [report.docx_file.name, report.pdf_file.name, report.costs_file.name]
    assert all(default_storage.exists(name) for name in names)
    # A deletion that is rolled back keeps the files.
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        Report.objects.filter(pk=report.pk).delete()
        raise RuntimeError("ångrat")
    assert all(default_storage.exists(name) for name in names)
    with django_capture_on_commit_callbacks(execute=True):
        Municipality.objects.filter(pk=cast.municipality.pk).delete()
    assert not any(default_storage.exists(name) for name in names)
