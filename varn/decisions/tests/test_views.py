"""The decision trail's pages per role, their query counts, the protocol import with its review
screen, and adoption with the amendments applied."""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from varn.core.models import Job
from varn.decisions.models import Amendment, Attachment, Case, Decision, ProtocolImport, ReferralRequirement
from varn.factories import MeasureFactory, ProgramVersionFactory
from varn.programs.demo import PROGRAM_TEXT
from varn.programs.models import Program, ProgramVersion, save_tree

from .factories import AmendmentFactory, AttachmentFactory, CaseFactory, DecisionFactory, RequirementFactory

SEED = Path(__file__).with_name("corpus") / "alingsas_ksau_2025_seed.txt"


def url(name, cast, *args):
    return reverse(f"decisions:{name}", args=[cast.slug, *args])


def make_trail(cast, n=1):
    """n cases, each with a referral back (two requirements), an amendment and an attachment."""
    cases = []
    for _ in range(n):
        case = CaseFactory(municipality=cast.municipality, program=cast.program)
        referral = DecisionFactory(case=case, kind=Decision.Kind.REFERRAL_BACK)
        RequirementFactory(decision=referral)
        RequirementFactory(decision=referral)
        proposal = DecisionFactory(case=case, kind=Decision.Kind.PROPOSAL)
        AmendmentFactory(decision=proposal)
        AttachmentFactory(decision=proposal)
        cases.append(case)
    return cases


# Reading


@pytest.mark.parametrize("role", ["coordinator", "unit_editor", "partner_user", "viewer"])
def test_every_member_reads_the_case_list_and_the_case(cast, role):
    (case,) = make_trail(cast)
    client = cast.client(getattr(cast, role))
    assert client.get(url("case-list", cast)).status_code == 200
    page = client.get(url("case-detail", cast, case.pk))
    assert page.status_code == 200
    assert "Krav vid återremiss" in page.content.decode()


def test_an_outsider_gets_404_for_the_pages_and_objects_of_another_municipality(cast):
    (case,) = make_trail(cast)
    requirement = ReferralRequirement.objects.filter(decision__case=case).first()
    client = cast.client(cast.outsider)
    assert client.get(url("case-list", cast)).status_code == 404
    assert client.get(url("case-detail", cast, case.pk)).status_code == 404
    # Through the outsider's own municipality, the object still is not found.
    other = reverse("decisions:case-detail", args=[cast.other.slug, case.pk])
    assert client.get(other).status_code == 404
    other = reverse("decisions:requirement-resolve", args=[cast.other.slug, requirement.pk])
    assert client.get(other).status_code == 404


def test_the_case_list_runs_the_same_queries_for_many_cases(cast, django_assert_num_queries):
    make_trail(cast, 1)
    client = cast.client(cast.viewer)
    client.get(url("case-list", cast))  # warm the session
    with django_assert_num_queries(3) as one:
        client.get(url("case-list", cast))
    make_trail(cast, 9)
    with django_assert_num_queries(len(one.captured_queries)):
        response = client.get(url("case-list", cast))
    assert response.content.decode().count("/arenden/") >= 10


def test_the_case_page_runs_the_same_queries_for_ten_times_the_trail(cast, django_assert_num_queries):
    case = CaseFactory(municipality=cast.municipality, program=cast.program)

    def add_events(k):
        for _ in range(k):
            referral = DecisionFactory(case=case, kind=Decision.Kind.REFERRAL_BACK)
            RequirementFactory(
                decision=referral,
                resolved_measure=MeasureFactory(program=cast.program, municipality=cast.municipality),
                status="resolved",
                resolution_kind="measure",
            )
            AmendmentFactory(decision=referral)
            AttachmentFactory(decision=referral)
            ProgramVersionFactory(
                program=cast.program, municipality=cast.municipality, created_by_decision=referral
            )

    add_events(1)
    client = cast.client(cast.viewer)
    client.get(url("case-detail", cast, case.pk))
    with django_assert_num_queries(8) as one:
        client.get(url("case-detail", cast, case.pk))
    add_events(9)
    with django_assert_num_queries(len(one.captured_queries)):
        response = client.get(url("case-detail", cast, case.pk))
    assert response.content.decode().count('class="timeline"') == 1


def test_the_timeline_is_in_date_order_with_undated_events_where_they_were_recorded(cast):
    case = CaseFactory(municipality=cast.municipality)
    late = DecisionFactory(case=case, meeting_date=datetime.date(2025, 10, 22), paragraph=170)
    early = DecisionFactory(case=case, meeting_date=datetime.date(2022, 2, 27), paragraph=100)
    pending = DecisionFactory(
        case=case, meeting_date=None, paragraph=None, kind="adoption", outcome="pending"
    )
    assert case.timeline() == [early, late, pending]


def test_the_case_page_shows_its_programme_and_its_decisions_in_date_order(cast):
    case = CaseFactory(municipality=cast.municipality, program=cast.program)
    DecisionFactory(case=case, meeting_date=datetime.date(2025, 10, 22), paragraph=170)
    DecisionFactory(case=case, meeting_date=None, paragraph=None, kind="adoption", outcome="pending")
    DecisionFactory(case=case, meeting_date=datetime.date(2022, 2, 27), paragraph=100)
    page = cast.client(cast.viewer).get(url("case-detail", cast, case.pk)).content.decode()
    assert cast.program.title in page
    order = [page.index(f'id="beslut-{d.pk}"') for d in case.timeline()]
    assert order == sorted(order) and len(order) == 3
    assert "2022-02-27 § 100" in page


# Writing: the coordinator may, others may not


def test_the_coordinator_resolves_a_requirement_with_a_measure(cast):
    (case,) = make_trail(cast)
    requirement = ReferralRequirement.objects.filter(decision__case=case).first()
    measure = MeasureFactory(program=cast.program, municipality=cast.municipality)
    response = cast.client(cast.coordinator).post(
        url("requirement-resolve", cast, requirement.pk),
        {"kind": "measure", "measure": measure.pk, "lock_version": requirement.lock_version},
    )
    assert response.status_code == 302
    requirement.refresh_from_db()
    assert requirement.is_resolved and requirement.resolved_measure == measure
    page = cast.client(cast.viewer).get(url("case-detail", cast, case.pk)).content.decode()
    assert str(measure) in page


def test_a_resolution_that_points_at_nothing_is_refused_and_not_saved(cast):
    (case,) = make_trail(cast)
    requirement = ReferralRequirement.objects.filter(decision__case=case).first()
    response = cast.client(cast.coordinator).post(
        url("requirement-resolve", cast, requirement.pk), {"kind": "report"}
    )
    assert response.status_code == 200
    assert "Ange vilken rapport eller vilket forum" in response.content.decode()
    requirement.refresh_from_db()
    assert not requirement.is_resolved


def test_a_measure_of_another_municipality_cannot_resolve_a_requirement(cast):
    (case,) = make_trail(cast)
    requirement = ReferralRequirement.objects.filter(decision__case=case).first()
    foreign = MeasureFactory()
    response = cast.client(cast.coordinator).post(
        url("requirement-resolve", cast, requirement.pk), {"kind": "measure", "measure": foreign.pk}
    )
    assert response.status_code == 200
    requirement.refresh_from_db()
    assert not requirement.is_resolved


@pytest.mark.parametrize("role", ["viewer", "unit_editor", "partner_user"])
def test_other_roles_get_403_on_every_write(cast, role):
    (case,) = make_trail(cast)
    requirement = ReferralRequirement.objects.filter(decision__case=case).first()
    client = cast.client(getattr(cast, role))
    assert client.get(url("requirement-resolve", cast, requirement.pk)).status_code == 403
    assert (
        client.post(
            url("requirement-resolve", cast, requirement.pk), {"kind": "explanation", "explanation": "x"}
        ).status_code
        == 403
    )
    assert client.get(url("import-start", cast)).status_code == 403
    assert client.post(url("attachment-list", cast, case.pk), {"title": "x"}).status_code == 403
    assert client.post(url("amendment-preview", cast, case.pk), {}).status_code == 403
    assert client.get(url("case-create", cast)).status_code == 403
    assert client.get(url("decision-create", cast, case.pk)).status_code == 403
    assert (
        client.get(reverse("documents:version-import", args=[cast.slug, cast.program.pk])).status_code == 403
    )
    requirement.refresh_from_db()
    assert not requirement.is_resolved


def test_the_coordinator_uploads_an_attachment_and_a_viewer_downloads_it(cast):
    (case,) = make_trail(cast)
    decision = case.decisions.first()
    upload = SimpleUploadedFile("tjansteskrivelse.txt", "Tjänsteskrivelse om programmet.".encode())
    response = cast.client(cast.coordinator).post(
        url("attachment-list", cast, case.pk),
        {"decision": decision.pk, "title": "Tjänsteskrivelse", "upload": upload},
    )
    assert response.status_code == 302
    attachment = Attachment.objects.get(title="Tjänsteskrivelse")
    assert attachment.file_kind == "text" and attachment.file_name == "tjansteskrivelse.txt"
    download = cast.client(cast.viewer).get(url("attachment-file", cast, attachment.pk))
    assert download.status_code == 200
    assert b"".join(download.streaming_content).decode() == "Tjänsteskrivelse om programmet."


def test_an_attachment_of_the_wrong_type_is_refused_and_not_saved(cast):
    (case,) = make_trail(cast)
    before = Attachment.objects.count()
    upload = SimpleUploadedFile("bild.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 100)
    response = cast.client(cast.coordinator).post(
        url("attachment-list", cast, case.pk),
        {"decision": case.decisions.first().pk, "title": "Bild", "upload": upload},
    )
    assert response.status_code == 400
    assert "Filen är inte av rätt typ" in response.content.decode()
    assert Attachment.objects.count() == before


# Protocol import


def start_import(cast, **data):
    return cast.client(cast.coordinator).post(url("import-start", cast), data)


def review_post_data(client, review_url):
    """What the review form posts when the coordinator confirms without changes."""
    page = client.get(review_url)
    context = page.context
    data = {}
    for item in context["items"]:
        for form in [item["form"], *item["ref_formset"].forms, *item["amendment_formset"].forms]:
            for name, field in form.fields.items():
                value = form.initial.get(name, field.initial)
                if value is None or value is False:
                    continue
                data[form.add_prefix(name)] = "on" if value is True else value
        for formset in (item["ref_formset"], item["amendment_formset"]):
            for name, value in formset.management_form.initial.items():
                data[formset.management_form.add_prefix(name)] = value
    return data


def test_a_pasted_protocol_is_read_in_the_background_and_nothing_is_saved_before_confirmation(cast):
    response = start_import(cast, text=SEED.read_text(encoding="utf-8"))
    job = Job.objects.get(kind="protocol_import")
    assert response.url == job.get_absolute_url()
    assert job.status == Job.Status.DONE and job.progress == 100
    assert Decision.objects.count() == 0 and Case.objects.count() == 0 and ProtocolImport.objects.count() == 0
    review = cast.client(cast.coordinator).get(job.result_url)
    html = review.content.decode()
    assert "§ 170" in html and "mellan mellan olika" in html  # the item and its source lines
    assert 'value="2025.202 KS"' in html


def test_confirming_saves_the_trail_into_the_case_and_a_second_import_adds_nothing(cast):
    client = cast.client(cast.coordinator)
    for _ in range(2):
        start_import(cast, text=SEED.read_text(encoding="utf-8"))
        job = Job.objects.filter(kind="protocol_import").first()
        data = review_post_data(client, job.result_url)
        response = client.post(job.result_url, data)
        assert response.status_code == 302, response.content.decode()[:2000]
        counts = (
            Case.objects.count(),
            Decision.objects.count(),
            ReferralRequirement.objects.count(),
            Amendment.objects.count(),
            Attachment.objects.count(),
            ProtocolImport.objects.count(),
        )
        assert counts == (1, 6, 3, 2, 3, 1)
    case = Case.objects.get()
    assert case.dnr == "2025.202 KS"
    assert case.program == cast.program  # the programme has the same dnr
    proposal = Decision.objects.get(paragraph=170)
    assert (proposal.body, proposal.kind, proposal.outcome) == ("KSAU", "proposal", "proposed")
    referral = Decision.objects.get(paragraph=58)
    assert (
        next(r.text for r in referral.requirements.all())
        == "redovisning av kostnader kopplat till programmet"
    )
    assert set(Amendment.objects.values_list("label", flat=True)) == {"Tillägg 1", "Tillägg 2"}
    assert Amendment.objects.get(label="Tillägg 1").source_lines


def test_an_edit_on_the_review_screen_is_what_gets_saved(cast):
    client = cast.client(cast.coordinator)
    start_import(cast, text=SEED.read_text(encoding="utf-8"))
    job = Job.objects.get(kind="protocol_import")
    data = review_post_data(client, job.result_url)
    data["p0-title"] = "Program om våldsförebyggande arbete (rättad rubrik)"
    data["p0-am-1-include"] = ""
    client.post(job.result_url, data)
    assert Decision.objects.get(paragraph=170).title == "Program om våldsförebyggande arbete (rättad rubrik)"
    assert list(Amendment.objects.values_list("label", flat=True)) == ["Tillägg 1"]


def test_a_review_with_an_error_saves_nothing(cast):
    client = cast.client(cast.coordinator)
    start_import(cast, text=SEED.read_text(encoding="utf-8"))
    job = Job.objects.get(kind="protocol_import")
    data = review_post_data(client, job.result_url)
    data["p0-case_dnr"] = ""
    data["p0-am-0-text"] = ""
    response = client.post(job.result_url, data)
    assert response.status_code == 200
    assert "Ange ärendets diarienummer" in response.content.decode()
    assert Decision.objects.count() == 0 and ProtocolImport.objects.count() == 0


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Ladda upp protokollet eller klistra in dess text"),
        ({"file": SimpleUploadedFile("tom.txt", b"")}, "filen är tom"),
        ({"file": SimpleUploadedFile("x.bin", bytes(range(256)) * 10)}, "Filen är inte av rätt typ"),
    ],
)
def test_bad_uploads_are_refused_with_a_swedish_message_and_no_job(cast, data, message):
    response = start_import(cast, **data)
    assert response.status_code == 400
    assert message.lower() in response.content.decode().lower()
    assert Job.objects.count() == 0


def test_an_oversize_upload_is_refused(cast, settings):
    settings.VARN_UPLOAD_MAX_BYTES = 100
    response = start_import(cast, file=SimpleUploadedFile("stor.txt", b"x" * 500))
    assert "Filen är för stor" in response.content.decode()


def test_a_protocol_without_paragraphs_fails_the_job_with_a_clear_message(cast):
    start_import(cast, text="Det här är ett brev, inget protokoll.")
    job = Job.objects.get(kind="protocol_import")
    assert job.status == Job.Status.FAILED
    assert "ingen paragraf som Värn känner igen" in job.message
    # What was looked for, and the first lines read, so a wrong file is plain to see.
    assert "”KS § 45”" in job.message and "”FHR 29”" in job.message
    assert "”Det här är ett brev, inget protokoll.”" in job.message
    assert Decision.objects.count() == 0


def test_an_uploaded_protocol_file_is_read_and_not_kept(cast, settings):
    start_import(cast, file=SimpleUploadedFile("protokoll.txt", SEED.read_bytes()))
    job = Job.objects.get(kind="protocol_import")
    assert job.status == Job.Status.DONE
    assert not list((Path(settings.MEDIA_ROOT) / "imports").glob("*"))


@pytest.mark.slow
def test_a_scan_with_an_unreadable_page_is_read_and_the_review_names_the_page(cast):
    import pypdfium2

    from varn.documents.tests.scans import scanned_pdf

    scan = scanned_pdf(SEED.read_text(encoding="utf-8"), blank_pages=1)
    last_page = len(pypdfium2.PdfDocument(scan))
    start_import(cast, file=SimpleUploadedFile("protokoll.pdf", scan, content_type="application/pdf"))
    job = Job.objects.get(kind="protocol_import")
    assert job.status == Job.Status.DONE, job.message
    html = cast.client(cast.coordinator).get(job.result_url).content.decode()
    assert "§ 170" in html
    assert "Textigenkänningen kunde inte läsa alla sidor" in html
    assert f"Sida {last_page} gick inte att läsa med textigenkänning" in html


# Amendments: preview and adoption


def program_with_draft(cast):
    cast.program.dnr = "2025.202 KS"
    cast.program.save()
    draft = ProgramVersion.objects.create(municipality=cast.municipality, program=cast.program, number=1)
    save_tree(draft, PROGRAM_TEXT)
    return draft


def seed_case(cast):
    case = Case.objects.create(
        municipality=cast.municipality, dnr="2025.202 KS", title="Program", program=cast.program
    )
    proposal = DecisionFactory(
        case=case, body="KSAU", meeting_date=datetime.date(2025, 10, 22), paragraph=170, kind="proposal"
    )
    AmendmentFactory(
        decision=proposal,
        label="Tillägg 1",
        page=6,
        heading="Samverkan",
        anchor_text="mellan mellan olika forvaltningar i kommunen",
        operation="append",
        text="samt med de fackliga parterna",
    )
    AmendmentFactory(
        decision=proposal,
        label="Tillägg 2",
        page=8,
        column=3,
        operation="add_bullet",
        text="Fackliga parter erbjuds basutbildning",
    )
    adoption = DecisionFactory(
        case=case,
        body="KF",
        meeting_date=datetime.date(2025, 11, 26),
        paragraph=200,
        kind="adoption",
        outcome="adopted",
    )
    return case, adoption


def test_everyone_sees_the_diff_of_each_amendment(cast):
    program_with_draft(cast)
    case, _adoption = seed_case(cast)
    page = cast.client(cast.viewer).get(url("amendment-preview", cast, case.pk)).content.decode()
    assert "<ins> samt med de fackliga parterna</ins>." in page
    assert "Fackliga parter erbjuds basutbildning</ins>" in page
    assert "Anta och för in ändringarna" not in page  # not for a viewer


def test_adopting_creates_a_frozen_version_that_marks_each_change_with_its_decision(cast):
    draft = program_with_draft(cast)
    case, adoption = seed_case(cast)
    client = cast.client(cast.coordinator)
    data = {"decision": adoption.pk, "adopted_on": "2025-11-26"}
    confirmation = client.post(url("amendment-preview", cast, case.pk), data)
    assert "Bekräfta antagande av version 1" in confirmation.content.decode()
    assert ProgramVersion.objects.filter(program=cast.program).count() == 1  # nothing saved yet
    response = client.post(url("amendment-preview", cast, case.pk), {**data, "confirm": "on"})
    assert response.status_code == 302
    adopted = ProgramVersion.objects.get(program=cast.program, number=2)
    assert adopted.is_frozen and adopted.based_on == draft and adopted.created_by_decision == adoption
    block = adopted.blocks.get(uid="b-samverkan-2")
    assert block.text.endswith("mellan olika förvaltningar i kommunen samt med de fackliga parterna.")
    assert block.changes == [
        {"label": "Tillägg 1", "decision": "KSAU 2025-10-22 § 170", "text": "samt med de fackliga parterna"}
    ]
    assert set(Amendment.objects.values_list("status", flat=True)) == {"applied"}
    assert Program.objects.get(pk=cast.program.pk).status == Program.Status.ADOPTED
    programme_page = cast.client(cast.viewer).get(
        reverse("programs:program-detail", args=[cast.slug, cast.program.pk])
    )
    assert "Tillägg 2, KSAU 2025-10-22 § 170" in programme_page.content.decode()


def test_an_amendment_whose_target_is_missing_blocks_adoption_and_saves_nothing(cast):
    program_with_draft(cast)
    case, adoption = seed_case(cast)
    Amendment.objects.filter(label="Tillägg 2").update(page=30)
    response = cast.client(cast.coordinator).post(
        url("amendment-preview", cast, case.pk), {"decision": adoption.pk, "confirm": "on"}, follow=True
    )
    assert "Sidan 30 finns inte i dokumentet" in response.content.decode()
    assert ProgramVersion.objects.filter(program=cast.program).count() == 1
    assert not Amendment.objects.filter(status="applied").exists()


# Demo and report


def test_the_demo_trail_is_resolved_and_adopted(db):
    from varn.core.demo import load_demo
    from varn.decisions.reporting import section

    _loaded, ctx = load_demo()
    case = ctx.extra["case"]
    assert [d.reference for d in case.timeline()] == [
        "KF 2022-02-27 § 100",
        "KF 2022-05-25 § 294",
        "SOC",
        "SN 2025-03-18 § 12",
        "KSAU 2025-04-23 § 58",
        "KLK 2025-10-15",
        "KSAU 2025-10-22 § 170",
        "KS",
        "KF",
    ]
    requirements = ctx.extra["requirements"]
    # Each requirement points at where it was met: the cost report, the follow-up plan, the union forum.
    for key in requirements:
        requirements[key].refresh_from_db()
    assert requirements["costs"].resolution_kind == "report"
    assert requirements["costs"].resolution_label.startswith("Uppföljning av Program om våldsförebyggande")
    # The report is named by its day, never by the time it was built.
    assert not re.search(r"\d{1,2}:\d{2}", requirements["costs"].resolution_label)
    assert requirements["followup"].resolution_label == "Uppföljningsplan: Uppföljning inför revidering 2027"
    assert requirements["unions"].resolution_kind == "forum"
    assert requirements["unions"].resolution_label == "Central samverkansgrupp"
    assert all(r.status == "resolved" and r.resolution_url for r in requirements.values())
    adopted = ctx.extra["adopted_version"]
    adopted.refresh_from_db()
    assert adopted.number == 2 and adopted.status == "adopted"
    samverkan = adopted.blocks.get(uid="b-samverkan-2")
    assert samverkan.page == 6
    assert samverkan.text.endswith(
        "… mellan olika förvaltningar i kommunen samt med de fackliga parterna.".lstrip("… ")
    )
    bullet = adopted.blocks.get(text="Fackliga parter erbjuds basutbildning")
    assert bullet.page == 8 and bullet.parent.parent.uid == "b-tabell-r2-c3"
    report = section(ctx.extra["program"])
    assert len(report.tables[0].rows) == 3
    assert "Alla har tillgodosetts" in report.paragraphs[0]


EARLIER = """Alingsås kommun
Kommunstyrelsens arbetsutskott
Protokoll 2025-04-23

§ 58 2025.202 KS
Program om våldsförebyggande arbete för Alingsås kommun

Beslut
Ärendet återremitteras för ytterligare beredning kring redovisning av kostnader kopplat till programmet.
"""


def import_text(cast, client, text):
    start_import(cast, text=text)
    job = Job.objects.filter(kind="protocol_import").first()
    response = client.post(job.result_url, review_post_data(client, job.result_url))
    assert response.status_code == 302, response.content.decode()[:2000]


def test_two_protocols_of_one_case_build_one_trail_and_the_case_page_says_where_each_event_came_from(cast):
    client = cast.client(cast.coordinator)
    import_text(cast, client, SEED.read_text(encoding="utf-8"))
    referred = Decision.objects.get(paragraph=58)
    assert referred.text == ""  # the seed only refers to § 58
    import_text(cast, client, EARLIER)
    # The same case number joins the case; the § 58 the seed referred to is the one recorded now.
    assert Case.objects.count() == 1 and ProtocolImport.objects.count() == 2
    assert Decision.objects.filter(paragraph=58).count() == 1
    referred.refresh_from_db()
    assert referred.text.startswith("Ärendet återremitteras")
    case = Case.objects.get()
    page = cast.client(cast.viewer).get(url("case-detail", cast, case.pk)).content.decode()
    # § 58 now comes from the protocol that records it; the seed's other five events from the seed.
    assert page.count("Inläst från protokollet Kommunstyrelsens arbetsutskott 2025-10-22") == 5
    assert page.count("Inläst från protokollet Kommunstyrelsens arbetsutskott 2025-04-23") == 1
    other = reverse("decisions:case-detail", args=[cast.other.slug, case.pk])
    assert cast.client(cast.outsider).get(other).status_code == 404


def test_a_paragraph_with_two_case_numbers_joins_the_case_of_the_first_known(cast):
    case = CaseFactory(municipality=cast.municipality, dnr="2025.202 KS")
    client = cast.client(cast.coordinator)
    start_import(cast, text=SEED.read_text(encoding="utf-8"))
    job = Job.objects.filter(kind="protocol_import").first()
    data = review_post_data(client, job.result_url)
    data["p0-case_dnr"] = "2025.999 KS, 2025.202 KS"
    assert client.post(job.result_url, data).status_code == 302
    assert Case.objects.count() == 1
    assert Decision.objects.get(paragraph=170).case == case


# Issue 14: errors that gave 500 give a message; links that lead elsewhere are refused.


def test_a_case_number_that_is_not_a_number_on_protocol_import_is_not_found(cast):
    response = cast.client(cast.coordinator).get(url("import-start", cast) + "?arende=abc")
    assert response.status_code == 404
    assert cast.client(cast.viewer).get(url("import-start", cast) + "?arende=abc").status_code == 403


def test_an_attachment_whose_file_is_missing_says_so(cast, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    case = CaseFactory(municipality=cast.municipality)
    attachment = AttachmentFactory(
        municipality=cast.municipality, decision=DecisionFactory(municipality=cast.municipality, case=case)
    )
    Attachment.objects.filter(pk=attachment.pk).update(file="underlag/finns-inte.pdf")
    response = cast.client(cast.viewer).get(url("attachment-file", cast, attachment.pk))
    assert response.status_code == 404
    assert cast.client(cast.outsider).get(url("attachment-file", cast, attachment.pk)).status_code == 404


@pytest.mark.parametrize(
    "link", ["//evil.example/x", "/\\evil.example/x", "javascript:alert(1)", "https://", "/ /evil"]
)
def test_a_requirement_link_to_another_site_dressed_as_a_path_is_refused(cast, link):
    requirement = RequirementFactory(municipality=cast.municipality, decision__municipality=cast.municipality)
    response = cast.client(cast.coordinator).post(
        url("requirement-resolve", cast, requirement.pk),
        {"kind": "report", "label": "Rapport", "url": link, "lock_version": requirement.lock_version},
    )
    assert "Länken ska vara en webbadress" in response.content.decode()
    requirement.refresh_from_db()
    assert not requirement.is_resolved and requirement.resolution_url == ""


@pytest.mark.parametrize("link", ["/kommun/alingsas/uppfoljning/", "https://www.alingsas.se/rapport.pdf"])
def test_a_requirement_link_to_a_page_or_a_web_address_is_kept(cast, link):
    requirement = RequirementFactory(municipality=cast.municipality, decision__municipality=cast.municipality)
    response = cast.client(cast.coordinator).post(
        url("requirement-resolve", cast, requirement.pk),
        {"kind": "report", "label": "Rapport", "url": link, "lock_version": requirement.lock_version},
    )
    assert response.status_code == 302
    requirement.refresh_from_db()
    assert requirement.resolution_url == link
