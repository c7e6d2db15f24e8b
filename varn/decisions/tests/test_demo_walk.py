"""The "Try it" walk of the README on `load_demo --stage proposal`, with the test client: the
coordinator reads the seed protocol, confirms the review, records the council's adoption, sees
what will be frozen and adopts the text with Tillägg 1 and 2 applied."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from varn.core.models import Job
from varn.decisions.models import Amendment, Case, Decision
from varn.programs.models import Program, ProgramVersion

from .test_views import SEED, review_post_data

User = get_user_model()


def test_the_proposal_stage_stands_before_ksau_170(db):
    call_command("load_demo", stage="proposal", verbosity=0)
    program = Program.objects.get(municipality__slug="alingsas", dnr="2025.202 KS")
    assert program.status == Program.Status.PROPOSED
    assert [v.status for v in program.versions.all()] == ["draft"]
    case = Case.objects.get(municipality=program.municipality, dnr="2025.202 KS")
    assert [d.reference for d in case.timeline()][-1] == "KLK 2025-10-15"
    assert not Amendment.objects.filter(decision__case=case).exists()
    assert all(r.status == "resolved" for d in case.decisions.all() for r in d.requirements.all())


def test_a_newcomer_walks_the_seed_workflow_on_the_proposal_stage(db):
    call_command("load_demo", stage="proposal", verbosity=0)
    client = Client()
    client.force_login(User.objects.get(username="samordnare"))
    base = "/kommun/alingsas/beslut/"
    response = client.post(base + "importera/", {"text": SEED.read_text(encoding="utf-8")})
    job = Job.objects.get(kind="protocol_import")
    assert response.url == job.get_absolute_url() and job.status == Job.Status.DONE
    response = client.post(job.result_url, review_post_data(client, job.result_url))
    assert response.status_code == 302
    case = Case.objects.get(municipality__slug="alingsas", dnr="2025.202 KS")
    assert response.url == reverse("decisions:case-detail", args=["alingsas", case.pk])
    # The protocol's earlier events were already in the trail: nothing is there twice.
    references = [d.reference for d in case.timeline()]
    assert len(references) == len(set(references)) and references[-1] == "KSAU 2025-10-22 § 170"
    assert sorted(Amendment.objects.filter(decision__case=case).values_list("label", flat=True)) == [
        "Tillägg 1",
        "Tillägg 2",
    ]

    # The council's adoption, recorded by hand.
    response = client.post(
        reverse("decisions:decision-create", args=["alingsas", case.pk]),
        {
            "body": "KF",
            "body_name": "Kommunfullmäktige",
            "meeting_date": "2025-11-26",
            "paragraph": "200",
            "kind": "adoption",
            "outcome": "adopted",
            "title": "Programmet antas med Tillägg 1 och 2",
        },
    )
    assert response.status_code == 302
    adoption = Decision.objects.get(case=case, body="KF", paragraph=200)

    preview = reverse("decisions:amendment-preview", args=["alingsas", case.pk])
    page = client.get(preview).content.decode()
    assert page.count('class="diff"') == 2
    confirmation = client.post(preview, {"decision": adoption.pk}).content.decode()
    assert "Bekräfta antagande av version 1" in confirmation and "KF 2025-11-26 § 200" in confirmation
    assert "samt med de fackliga parterna</ins>" in confirmation
    response = client.post(preview, {"decision": adoption.pk, "adopted_on": "2025-11-26", "confirm": "on"})
    assert response.status_code == 302
    adopted = ProgramVersion.objects.get(program=case.program, number=2)
    assert (adopted.status, adopted.created_by_decision, str(adopted.adopted_on)) == (
        "adopted",
        adoption,
        "2025-11-26",
    )
    text = client.get(response.url).content.decode()
    assert "Version 2 är antagen med ändringarna införda." in text
    assert "samt med de fackliga parterna" in text and "Fackliga parter erbjuds basutbildning" in text
    assert "Antagen genom KF 2025-11-26 § 200 den 2025-11-26." in text
