"""Adopting a version: the decision chosen explicitly, a confirmation page with what will be
frozen, a version without amendments adopted as it is, and bad input refused with nothing saved."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from varn.decisions.models import Decision
from varn.programs.models import Program, ProgramVersion, save_tree

from .factories import AmendmentFactory, CaseFactory, DecisionFactory


@pytest.fixture
def draft(cast):
    version = ProgramVersion.objects.create(municipality=cast.municipality, program=cast.program, number=1)
    save_tree(version, [{"id": "p1", "type": "paragraph", "page": 1, "text": "Programmet gäller alla."}])
    return version


@pytest.fixture
def case(cast):
    return CaseFactory(municipality=cast.municipality, program=cast.program, dnr="KS 2026/7")


def adopting(case, **fields):
    values = {
        "body": "KF",
        "meeting_date": datetime.date(2026, 3, 30),
        "paragraph": 40,
        "kind": Decision.Kind.ADOPTION,
        "outcome": Decision.Outcome.ADOPTED,
        **fields,
    }
    return DecisionFactory(case=case, **values)


def adopt_url(cast, version):
    return reverse("decisions:version-adopt", args=[cast.slug, version.program_id, version.number])


def test_nothing_is_pre_selected(cast, draft, case):
    DecisionFactory(case=case, kind=Decision.Kind.MOTION, meeting_date=datetime.date(2022, 2, 27))
    adopting(case)
    page = cast.client(cast.coordinator).get(adopt_url(cast, draft)).content.decode()
    options = page.split('name="decision"')[1].split("</select>")[0]
    assert '<option value="" selected>– Välj beslut –</option>' in options
    assert options.count(" selected") == 1


def test_a_version_without_amendments_is_adopted_after_confirmation(cast, draft, case):
    decision = adopting(case)
    client = cast.client(cast.coordinator)
    confirmation = client.post(adopt_url(cast, draft), {"decision": decision.pk})
    page = confirmation.content.decode()
    assert "Bekräfta antagande av version 1" in page
    assert "KF 2026-03-30 § 40" in page and "2026-03-30" in page
    assert "Inga tillägg eller ändringar: version 1 antas som den är och låses." in page
    draft.refresh_from_db()
    assert draft.status == "draft"  # nothing saved before confirming
    response = client.post(
        adopt_url(cast, draft), {"decision": decision.pk, "adopted_on": "2026-03-30", "confirm": "on"}
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert (draft.status, draft.created_by_decision, draft.adopted_on) == (
        "adopted",
        decision,
        datetime.date(2026, 3, 30),
    )
    assert Program.objects.get(pk=cast.program.pk).status == Program.Status.ADOPTED
    programme = client.get(response.url).content.decode()
    assert "Version 1 är antagen." in programme and "Antagen genom KF 2026-03-30 § 40" in programme


def test_the_confirmation_shows_the_amendments_and_their_diff(cast, draft, case):
    proposal = DecisionFactory(case=case, kind=Decision.Kind.PROPOSAL, body="KSAU")
    AmendmentFactory(
        decision=proposal,
        label="Tillägg 1",
        page=1,
        anchor_text="gäller alla",
        operation="append",
        text="förvaltningar",
    )
    decision = adopting(case)
    page = (
        cast.client(cast.coordinator).post(adopt_url(cast, draft), {"decision": decision.pk}).content.decode()
    )
    assert "Tillägg 1" in page and "<ins>förvaltningar</ins>" in page.replace("<ins> ", "<ins>")
    assert ProgramVersion.objects.filter(program=cast.program).count() == 1


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        (
            {"kind": Decision.Kind.MOTION, "outcome": Decision.Outcome.SUBMITTED},
            "Ett beslut av typen motion kan inte anta",
        ),
        (
            {"kind": Decision.Kind.PROPOSAL, "outcome": Decision.Outcome.PROPOSED},
            "förslag till beslut kan inte anta",
        ),
        ({"meeting_date": None, "paragraph": None}, "Beslutet saknar datum."),
        ({"outcome": Decision.Outcome.REJECTED}, "Beslutet har utfallet avslag"),
    ],
)
def test_a_decision_that_cannot_adopt_is_refused_next_to_the_field(cast, draft, case, fields, message):
    decision = adopting(case, **fields)
    response = cast.client(cast.coordinator).post(
        adopt_url(cast, draft), {"decision": decision.pk, "confirm": "on"}
    )
    assert message in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == "draft"


def test_adopting_without_a_decision_says_so(cast, draft, case):
    adopting(case)
    response = cast.client(cast.coordinator).post(adopt_url(cast, draft), {"confirm": "on"})
    assert "Välj det beslut som antar versionen." in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == "draft"


def test_an_adopted_version_without_amendments_cannot_be_adopted_again(cast, draft, case):
    decision = adopting(case)
    draft.adopt(by=cast.coordinator, decision=decision)
    response = cast.client(cast.coordinator).post(adopt_url(cast, draft), {"decision": decision.pk})
    assert "Version 1 är redan antagen" in response.content.decode()


@pytest.mark.parametrize("role", ["unit_editor", "partner_user", "viewer"])
def test_only_the_coordinator_adopts(cast, draft, case, role):
    decision = adopting(case)
    client = cast.client(getattr(cast, role))
    assert client.get(adopt_url(cast, draft)).status_code == 403
    assert client.post(adopt_url(cast, draft), {"decision": decision.pk, "confirm": "on"}).status_code == 403
    draft.refresh_from_db()
    assert draft.status == "draft"


def test_an_outsider_cannot_adopt_with_a_decision_of_their_own(cast, draft, case):
    adopting(case)
    other_case = CaseFactory(municipality=cast.other)
    theirs = DecisionFactory(
        case=other_case, kind=Decision.Kind.ADOPTION, meeting_date=datetime.date(2026, 1, 1)
    )
    client = cast.client(cast.outsider)
    assert client.post(adopt_url(cast, draft), {"decision": theirs.pk, "confirm": "on"}).status_code == 404
    # Nor can the coordinator choose another municipality's decision.
    response = cast.client(cast.coordinator).post(
        adopt_url(cast, draft), {"decision": theirs.pk, "confirm": "on"}
    )
    assert "Välj ett av programmets beslut i listan." in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == "draft"


def test_the_public_page_shows_the_adopting_decision(cast, draft, case):
    decision = adopting(case)
    client = cast.client(cast.coordinator)
    client.post(adopt_url(cast, draft), {"decision": decision.pk, "confirm": "on"})
    Program.objects.filter(pk=cast.program.pk).update(is_public=True)
    page = client.get(reverse("public:program", args=[cast.slug, cast.program.pk])).content.decode()
    assert "Antagen genom KF 2026-03-30 § 40 den 2026-03-30" in page


def test_a_revision_is_edited_compared_and_adopted_as_the_next_version(cast, draft, case):
    from varn.followup.services import start_revision

    client = cast.client(cast.coordinator)
    first = adopting(case, paragraph=40)
    client.post(adopt_url(cast, draft), {"decision": first.pk, "confirm": "on"})
    revision = start_revision(cast.program, by=cast.coordinator)
    assert (revision.number, revision.based_on) == (2, draft)
    block = revision.blocks.get(uid="p1")
    edit = reverse("programs:block-edit", args=[cast.slug, cast.program.pk, 2, "p1"])
    client.post(
        edit, {"lock_version": revision.lock_version, "text": "Programmet gäller alla förvaltningar."}
    )
    compare = reverse("programs:version-compare", args=[cast.slug, cast.program.pk, 2])
    page = client.get(compare).content.decode()
    assert "1 block skiljer sig från version 1." in page and "förvaltningar</ins>" in page
    second = adopting(case, paragraph=90, meeting_date=datetime.date(2027, 11, 29))
    client.post(adopt_url(cast, revision), {"decision": second.pk, "confirm": "on"})
    draft.refresh_from_db()
    revision.refresh_from_db()
    assert (draft.status, revision.status, revision.created_by_decision) == ("superseded", "adopted", second)
    assert Program.objects.get(pk=cast.program.pk).status == Program.Status.ADOPTED
    assert revision.blocks.get(pk=block.pk).text == "Programmet gäller alla förvaltningar."
