from __future__ import annotations

import pytest
from django.urls import reverse

from varn.factories import ProgramVersionFactory
from varn.followup.models import Conclusion, FollowUpError, FollowUpResponse, RevisionItem
from varn.followup.services import start_revision
from varn.programs.models import Program, ProgramVersion, save_tree

from .conftest import count_queries
from .factories import answer_all, fill_program, open_round


def url(cast, name, *args):
    return reverse(f"followup:{name}", args=[cast.slug, *args])


@pytest.fixture
def adopted(cast):
    version = ProgramVersionFactory(program=cast.program, number=1)
    save_tree(
        version, [{"id": "b1", "type": "heading", "level": 1, "page": 1, "text": "Program", "children": []}]
    )
    version.adopt(by=cast.coordinator)
    return version


def test_starting_the_revision_carries_each_measure_with_the_follow_ups_conclusion(cast, measures, adopted):
    round = open_round(cast.program)
    changed = round.responses.get(measure=measures[0])
    answer_all(changed, text="Gör om insatsen", conclusion=Conclusion.CHANGE)
    changed.status = FollowUpResponse.Status.APPROVED
    changed.save()
    draft = start_revision(cast.program, by=cast.coordinator)
    assert draft.status == ProgramVersion.Status.DRAFT
    assert draft.based_on == adopted
    assert draft.number == 2
    assert [b.uid for b in draft.blocks.all()] == ["b1"]
    items = {i.measure_id: i for i in RevisionItem.objects.filter(version=draft)}
    assert set(items) == {m.pk for m in measures}
    assert items[measures[0].pk].proposed == Conclusion.CHANGE
    assert items[measures[0].pk].conclusion == Conclusion.CHANGE
    assert items[measures[0].pk].follow_up_text == "Gör om insatsen"
    assert items[measures[1].pk].proposed == ""
    assert items[measures[1].pk].conclusion == Conclusion.KEEP
    cast.program.refresh_from_db()
    assert cast.program.status == Program.Status.IN_REVISION


def test_a_revision_needs_an_adopted_version_and_starts_only_once(cast, measures):
    with pytest.raises(FollowUpError, match="ingen antagen version"):
        start_revision(cast.program, by=cast.coordinator)
    version = ProgramVersionFactory(program=cast.program, number=1)
    version.adopt(by=cast.coordinator)
    start_revision(cast.program, by=cast.coordinator)
    with pytest.raises(FollowUpError, match="pågår redan"):
        start_revision(cast.program, by=cast.coordinator)
    assert ProgramVersion.objects.filter(program=cast.program).count() == 2


def test_the_coordinator_starts_the_revision_and_edits_an_item(cast, measures, adopted):
    client = cast.client(cast.coordinator)
    response = client.post(url(cast, "revision-start"), follow=True)
    assert "Revideringen är startad" in response.content.decode()
    item = RevisionItem.objects.get(measure=measures[1])
    result = client.post(
        url(cast, "revision-item-edit", item.pk),
        {
            "conclusion": "end",
            "title": "Insatsen avslutas",
            "note": "Ingår i ordinarie arbete.",
            "lock_version": item.lock_version,
        },
    )
    assert result.status_code == 302
    item.refresh_from_db()
    assert item.conclusion == Conclusion.END
    assert item.history.count() == 2
    page = client.get(url(cast, "revision")).content.decode()
    assert "Insatsen avslutas" in page


def test_revision_permissions(cast, measures, adopted):
    for user in (cast.unit_editor, cast.viewer, cast.partner_user):
        assert cast.client(user).post(url(cast, "revision-start")).status_code == 403
    assert not RevisionItem.objects.exists()
    start_revision(cast.program, by=cast.coordinator)
    item = RevisionItem.objects.first()
    assert item is not None
    for user in (cast.unit_editor, cast.viewer):
        client = cast.client(user)
        assert client.get(url(cast, "revision")).status_code == 200
        assert client.get(url(cast, "revision-item-edit", item.pk)).status_code == 403
    assert cast.client(cast.partner_user).get(url(cast, "revision")).status_code == 403
    outsider = cast.client(cast.outsider)
    assert outsider.get(url(cast, "revision")).status_code == 404
    assert outsider.get(url(cast, "revision-item-edit", item.pk)).status_code == 404


def test_the_revision_page_runs_the_same_number_of_queries_for_ten_times_the_measures(cast, adopted):
    fill_program(cast.program, n_measures=3, n_units=1, n_goals=1)
    start_revision(cast.program, by=cast.coordinator)
    client = cast.client(cast.coordinator)
    once = count_queries(lambda: client.get(url(cast, "revision")))
    RevisionItem.objects.all().delete()
    ProgramVersion.objects.filter(status=ProgramVersion.Status.DRAFT).delete()
    fill_program(cast.program, n_measures=27, n_units=5, n_goals=5)
    start_revision(cast.program, by=cast.coordinator)
    assert RevisionItem.objects.count() == 30
    assert count_queries(lambda: client.get(url(cast, "revision"))) == once
