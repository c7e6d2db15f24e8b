import datetime

import pytest

from varn.cooperation.models import ActionPoint, Forum, follow_up_cutoff
from varn.factories import PartnerFactory

from .factories import ActionPointFactory, ForumFactory

TODAY = datetime.date(2026, 11, 27)


def test_the_cutoff_is_24_months_back_even_from_a_leap_day():
    assert follow_up_cutoff(TODAY) == datetime.date(2024, 11, 27)
    assert follow_up_cutoff(datetime.date(2028, 2, 29)) == datetime.date(2026, 2, 28)


@pytest.mark.parametrize(
    ("agreement", "followed_up", "due"),
    [
        (True, None, True),  # never followed up
        (True, datetime.date(2024, 11, 26), True),  # more than 24 months ago
        (True, datetime.date(2024, 11, 27), False),  # exactly 24 months ago
        (True, datetime.date(2026, 6, 15), False),
        (False, None, False),  # no written agreement to follow up
    ],
)
def test_an_agreement_is_due_for_follow_up_after_24_months_or_when_never_followed_up(
    db, agreement, followed_up, due
):
    forum = ForumFactory(
        has_written_agreement=agreement, last_followed_up=followed_up, agreement_decided_by="KS"
    )
    assert forum.is_due_for_follow_up(TODAY) is due
    assert (forum in Forum.objects.due_for_follow_up(TODAY)) is due


def test_union_participation_is_derived_from_the_members(cast):
    police = PartnerFactory(municipality=cast.municipality, name="Polisen")
    with_union = ForumFactory(municipality=cast.municipality, partners=[police, cast.partner])
    without = ForumFactory(municipality=cast.municipality, partners=[police], units=[cast.unit])
    assert with_union.includes_unions and not without.includes_unions
    flagged = {f.pk: f.includes_unions for f in Forum.objects.with_union_flag()}
    assert flagged == {with_union.pk: True, without.pk: False}
    assert list(Forum.objects.including_unions()) == [with_union]
    with_union.member_partners.remove(cast.partner)
    assert not Forum.objects.get(pk=with_union.pk).includes_unions


def test_open_and_overdue_action_points(db):
    late = ActionPointFactory(due_date=datetime.date(2026, 1, 1))
    done = ActionPointFactory(due_date=datetime.date(2026, 1, 1), status="done")
    later = ActionPointFactory(due_date=datetime.date(2027, 1, 1))
    assert set(ActionPoint.objects.open()) == {late, later}
    assert list(ActionPoint.objects.overdue(TODAY)) == [late]
    assert not done.is_overdue


def test_forum_changes_are_audited_with_the_members(cast):
    forum = ForumFactory(municipality=cast.municipality, units=[cast.unit])
    forum.member_partners.add(cast.partner)
    forum.mark_followed_up(by=cast.coordinator, on=datetime.date(2026, 3, 1))
    record = forum.history.first()
    assert record.history_user == cast.coordinator
    assert record.last_followed_up == datetime.date(2026, 3, 1)
