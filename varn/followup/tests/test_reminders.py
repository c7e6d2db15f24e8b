from __future__ import annotations

import datetime
from io import StringIO
from unittest import mock

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.utils import timezone

from varn.factories import MembershipFactory, UserFactory
from varn.followup.models import FollowUpResponse, SentReminder
from varn.followup.notifications import send_due_reminders, unit_recipients
from varn.followup.services import open_round
from varn.organisations.models import Role

from .factories import RoundFactory, answer_all

TODAY = timezone.localdate()


def opened_round(cast, *, deadline_in_days=20, opened_days_ago=5):
    """A round opened as the UI opens it: the opening notice has gone out."""
    round = RoundFactory(program=cast.program, deadline=TODAY + datetime.timedelta(days=deadline_in_days))
    open_round(round, by=cast.coordinator)
    round.opened_at = timezone.now() - datetime.timedelta(days=opened_days_ago)
    round.save(update_fields=["opened_at"])
    return round


def addresses(kind=None):
    return sorted(a for m in mail.outbox for a in m.to if kind is None or kind in m.subject)


def test_recipients_are_the_units_mailbox_and_its_active_unit_editors(cast, measures):
    second = UserFactory(username="editor2", email="Editor2@Example.se")
    MembershipFactory(user=second, municipality=cast.municipality, role=Role.UNIT_EDITOR, unit=cast.unit)
    gone = UserFactory(username="gone", email="gone@example.se")
    MembershipFactory(
        user=gone, municipality=cast.municipality, role=Role.UNIT_EDITOR, unit=cast.unit, is_active=False
    )
    found = unit_recipients({cast.unit.pk})
    assert set(found) == {"soc@example.se", "editor@example.se", "editor2@example.se"}


def test_the_daily_run_sends_the_opening_notice_only_once(cast, measures):
    round = opened_round(cast)
    mail.outbox.clear()
    SentReminder.objects.all().delete()
    send_due_reminders(today=TODAY)
    assert addresses() == ["editor@example.se", "soc@example.se"]
    send_due_reminders(today=TODAY)
    send_due_reminders(today=TODAY + datetime.timedelta(days=1))
    assert len(mail.outbox) == 2
    assert SentReminder.objects.filter(round=round, kind=SentReminder.Kind.OPENED).count() == 2


def test_it_reminds_n_days_before_the_deadline_only_units_that_have_not_submitted(cast, measures):
    round = opened_round(cast, deadline_in_days=5)
    round.reminder_days = 7
    round.save()
    cast.other_unit.email = "buf@example.se"
    cast.other_unit.save()
    done = round.responses.get(measure=measures[0])
    answer_all(done)
    done.status = FollowUpResponse.Status.SUBMITTED
    done.save()
    mail.outbox.clear()
    counts = send_due_reminders(today=TODAY)
    assert counts[SentReminder.Kind.DUE_SOON] == 1
    reminder = next(m for m in mail.outbox if "Påminnelse" in m.subject)
    assert reminder.to == ["buf@example.se"]
    assert str(measures[1]) in reminder.body
    mail.outbox.clear()
    send_due_reminders(today=TODAY + datetime.timedelta(days=1))
    assert not [m for m in mail.outbox if "Påminnelse" in m.subject]


def test_it_does_not_remind_before_the_reminder_window(cast, measures):
    opened_round(cast, deadline_in_days=20)
    mail.outbox.clear()
    counts = send_due_reminders(today=TODAY)
    assert counts[SentReminder.Kind.DUE_SOON] == 0
    assert counts[SentReminder.Kind.OVERDUE] == 0


def test_it_does_not_send_a_reminder_on_the_day_the_round_opened(cast, measures):
    opened_round(cast, deadline_in_days=3, opened_days_ago=0)
    mail.outbox.clear()
    counts = send_due_reminders(today=TODAY)
    assert counts[SentReminder.Kind.DUE_SOON] == 0


def test_it_tells_the_units_once_when_the_deadline_has_passed(cast, measures):
    round = opened_round(cast, deadline_in_days=3)
    mail.outbox.clear()
    later = TODAY + datetime.timedelta(days=4)
    counts = send_due_reminders(today=later)
    assert counts[SentReminder.Kind.OVERDUE] == 2
    assert all("har passerat" in m.subject for m in mail.outbox)
    send_due_reminders(today=later + datetime.timedelta(days=1))
    assert len(mail.outbox) == 2
    assert SentReminder.objects.filter(round=round, kind=SentReminder.Kind.OVERDUE).count() == 2


def test_closed_rounds_send_nothing(cast, measures):
    round = opened_round(cast, deadline_in_days=3)
    round.close(by=cast.coordinator)
    mail.outbox.clear()
    send_due_reminders(today=TODAY + datetime.timedelta(days=10))
    assert not mail.outbox


def test_a_failed_delivery_is_tried_again_the_next_day(cast, measures):
    opened_round(cast, deadline_in_days=3)
    mail.outbox.clear()
    later = TODAY + datetime.timedelta(days=4)
    with mock.patch("varn.followup.notifications.EmailMessage.send", side_effect=OSError("SMTP nere")):
        counts = send_due_reminders(today=later)
    assert counts[SentReminder.Kind.OVERDUE] == 0
    assert not SentReminder.objects.filter(kind=SentReminder.Kind.OVERDUE).exists()
    counts = send_due_reminders(today=later + datetime.timedelta(days=1))
    assert counts[SentReminder.Kind.OVERDUE] == 2


def test_the_database_refuses_the_same_reminder_twice(cast, measures):
    round = opened_round(cast)
    with pytest.raises(IntegrityError), transaction.atomic():
        SentReminder.objects.create(
            municipality=cast.municipality,
            round=round,
            kind=SentReminder.Kind.OPENED,
            recipient="soc@example.se",
        )


def test_the_command_is_safe_to_run_daily(cast, measures):
    opened_round(cast, deadline_in_days=2)
    mail.outbox.clear()
    out = StringIO()
    later = (TODAY + datetime.timedelta(days=3)).isoformat()
    call_command("send_reminders", f"--date={later}", "--base-url=https://varn.example.se", stdout=out)
    assert "Sista svarsdagen har passerat: 2" in out.getvalue()
    assert "https://varn.example.se/kommun/alingsas/uppfoljning/" in mail.outbox[0].body
    sent = len(mail.outbox)
    call_command("send_reminders", f"--date={later}", stdout=StringIO())
    assert len(mail.outbox) == sent
