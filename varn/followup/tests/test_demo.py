from __future__ import annotations

from django.urls import reverse

from varn.core.demo import load_demo
from varn.followup.models import CostEntry, FollowUpResponse, FollowUpRound, Funding, Report


def test_the_demo_has_a_finished_round_costs_and_a_built_report(db, client):
    loaded, ctx = load_demo()
    assert loaded and ctx is not None
    measures = ctx.extra["measures"]
    round = ctx.extra["follow_up_round"]
    assert round.status == FollowUpRound.Status.CLOSED
    assert round.title == "Uppföljning inför revidering 2027"
    responses = list(round.responses.select_related("unit"))
    assert {r.measure_id for r in responses} == {m.pk for m in measures.values()}
    assert all(r.status == FollowUpResponse.Status.APPROVED and r.conclusion for r in responses)
    assert {r.unit_id for r in responses} == {m.responsible_unit_id for m in measures.values()}
    assert all(r.answers.count() == 6 for r in responses[:3])

    entries = CostEntry.objects.filter(municipality=ctx.municipality)
    assert set(entries.values_list("measure_id", flat=True)) == {m.pk for m in measures.values()}
    assert entries.filter(funding=Funding.STATE_GRANT).count() == 1
    assert entries.filter(funding=Funding.EXISTING_BUDGET).count() > 0.9 * entries.count()
    assert entries.filter(hours__gt=0).exists() and entries.filter(amount__gt=0).exists()

    report = ctx.extra["report"]
    assert isinstance(report, Report)
    assert report.docx_file and report.pdf_file
    titles = [s["title"] for s in report.content["sections"]]
    assert titles[0] == "Sammanfattning"
    assert titles[-2:] == ["Inför revidering", "Förslag till beslut"]
    assert dict(report.content["facts"])["Till"] == "Kommunstyrelsen"
    assert report.round == ctx.extra["follow_up_round"]

    # The neighbour sees none of it, and never the word "Alingsås".
    client.force_login(ctx.users["grannkommun"])
    for name in ("index", "report-list", "cost-list", "revision"):
        page = client.get(reverse(f"followup:{name}", args=[ctx.neighbour.slug]))
        assert page.status_code == 200, name
        assert "Alingsås" not in page.content.decode(), name
    assert (
        client.get(reverse("followup:report-detail", args=[ctx.neighbour.slug, report.pk])).status_code == 404
    )
