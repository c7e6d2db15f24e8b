"""E-mail to the administrations about a follow-up round: when it opens, before the deadline and
when the deadline has passed. Each (round, kind, address) is recorded in SentReminder under a
unique constraint before the message goes out, so no one gets the same reminder twice, however
often `send_reminders` runs and even if two runs overlap."""

from __future__ import annotations

import datetime
import logging
from collections import Counter, defaultdict

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from varn.organisations.models import Membership, Role, Unit

from .models import FollowUpResponse, FollowUpRound, SentReminder

log = logging.getLogger(__name__)
Kind = SentReminder.Kind


def default_base_url() -> str:
    """The site's address for links in e-mail (no trailing slash); empty gives relative links."""
    return str(getattr(settings, "VARN_BASE_URL", "")).rstrip("/")


def unit_recipients(unit_ids: set[int]) -> dict[str, set[int]]:
    """E-mail address → the units it answers for: each unit's functional mailbox and the
    active unit editors of the unit. Two queries whatever the number of units."""
    found: dict[str, set[int]] = defaultdict(set)
    for unit_id, email in Unit.objects.filter(pk__in=unit_ids, is_active=True).values_list("pk", "email"):
        if email:
            found[email.strip().lower()].add(unit_id)
    editors = Membership.objects.active().filter(
        role=Role.UNIT_EDITOR, unit_id__in=unit_ids, user__is_active=True
    )
    for unit_id, email in editors.values_list("unit_id", "user__email"):
        if email:
            found[email.strip().lower()].add(unit_id)
    return found


def _link(base_url: str, round: FollowUpRound) -> str:
    return base_url + reverse("followup:round-detail", args=[round.municipality.slug, round.pk])


def _message(
    round: FollowUpRound, kind: str, responses: list[FollowUpResponse], link: str
) -> tuple[str, str]:
    deadline = round.deadline.isoformat()
    units = sorted({r.unit.name for r in responses})
    lines = [f"- {r.measure} ({r.unit.short_name or r.unit.name})" for r in responses]
    if kind == Kind.OPENED:
        subject = _("Uppföljning: %(title)s – svara senast %(date)s") % {
            "title": round.title,
            "date": deadline,
        }
        intro = _(
            "Samordnaren har öppnat uppföljningen ”%(title)s” av %(program)s. %(units)s ombeds svara om "
            "följande insatser senast %(date)s:"
        ) % {
            "title": round.title,
            "program": round.program.title,
            "units": ", ".join(units),
            "date": deadline,
        }
    elif kind == Kind.DUE_SOON:
        subject = _("Påminnelse: %(title)s – sista svarsdag %(date)s") % {
            "title": round.title,
            "date": deadline,
        }
        intro = _("Sista svarsdag för uppföljningen ”%(title)s” är %(date)s. Svar saknas fortfarande om:") % {
            "title": round.title,
            "date": deadline,
        }
    else:
        subject = _("Sista svarsdagen har passerat: %(title)s") % {"title": round.title}
        intro = _(
            "Sista svarsdagen för uppföljningen ”%(title)s” var %(date)s. Svar saknas fortfarande om "
            "följande insatser. Skicka in dem så snart som möjligt:"
        ) % {"title": round.title, "date": deadline}
    body = "\n".join(
        [
            _("Hej!"),
            "",
            intro,
            "",
            *lines,
            "",
            _("Svara i Värn: %(link)s") % {"link": link},
            "",
            _(
                "Svaren är förifyllda från förra uppföljningen där sådana finns; granska och uppdatera dem. "
                "Skriv inga uppgifter om enskilda personer."
            ),
        ]
    )
    return subject, body


def send_round_notice(round: FollowUpRound, kind: str, *, base_url: str | None = None) -> int:
    """Send one kind of notice for a round to every address that has not had it. Returns how many
    were sent. The opening notice covers all the round's answers; reminders only the outstanding."""
    base_url = default_base_url() if base_url is None else base_url.rstrip("/")
    responses = FollowUpResponse.objects.filter(round=round).select_related("measure", "unit")
    if kind != Kind.OPENED:
        responses = responses.outstanding()
    by_unit: dict[int, list[FollowUpResponse]] = defaultdict(list)
    for response in responses.order_by("measure__code", "pk"):
        by_unit[response.unit_id].append(response)
    if not by_unit:
        return 0
    recipients = unit_recipients(set(by_unit))
    already = set(SentReminder.objects.filter(round=round, kind=kind).values_list("recipient", flat=True))
    link = _link(base_url, round)
    sent = 0
    for address, unit_ids in sorted(recipients.items()):
        if address in already:
            continue
        mine = [r for unit_id in sorted(unit_ids) for r in by_unit[unit_id]]
        with translation.override(settings.LANGUAGE_CODE):  # the recipients read Värn's own language
            subject, body = _message(round, kind, mine, link)
        try:
            with transaction.atomic():
                SentReminder.objects.create(
                    municipality_id=round.municipality_id,
                    round=round,
                    kind=kind,
                    recipient=address,
                    units=", ".join(sorted({r.unit.name for r in mine}))[:500],
                )
                EmailMessage(subject, body, to=[address]).send()
        except IntegrityError:
            continue  # another run recorded it first: that run sends it
        except Exception:  # a failed delivery is not recorded, so the next run tries again
            log.exception("Could not send %s reminder for round %s to %s", kind, round.pk, address)
            continue
        sent += 1
    return sent


def send_due_reminders(*, today: datetime.date | None = None, base_url: str | None = None) -> Counter:
    """What `manage.py send_reminders` does once a day for every open round."""
    today = today or timezone.localdate()
    counts: Counter = Counter()
    rounds = FollowUpRound.objects.open().select_related("municipality", "program")
    for round in rounds:
        counts[Kind.OPENED] += send_round_notice(round, Kind.OPENED, base_url=base_url)
        if today > round.deadline:
            counts[Kind.OVERDUE] += send_round_notice(round, Kind.OVERDUE, base_url=base_url)
        elif (
            round.deadline - datetime.timedelta(days=round.reminder_days) <= today
            and round.opened_at is not None
            and timezone.localdate(round.opened_at) < today
        ):
            counts[Kind.DUE_SOON] += send_round_notice(round, Kind.DUE_SOON, base_url=base_url)
    return counts


def notify_returned(response: FollowUpResponse, *, base_url: str | None = None) -> int:
    """Tell the unit (only that unit) that one of its answers came back with a comment."""
    base_url = default_base_url() if base_url is None else base_url.rstrip("/")
    addresses = sorted(unit_recipients({response.unit_id}))
    if not addresses:
        return 0
    link = base_url + reverse("followup:response-detail", args=[response.municipality.slug, response.pk])
    with translation.override(settings.LANGUAGE_CODE):  # the unit reads Värn's own language
        subject = _("Uppföljningssvar återsänt: %(measure)s") % {"measure": response.measure}
        body = "\n".join(
            [
                _("Hej!"),
                "",
                _(
                    "Samordnaren har återsänt ert svar om ”%(measure)s” i uppföljningen ”%(title)s” "
                    "med kommentaren:"
                )
                % {"measure": response.measure, "title": response.round.title},
                "",
                response.return_comment,
                "",
                _("Komplettera och skicka in svaret igen: %(link)s") % {"link": link},
            ]
        )
    try:
        EmailMessage(subject, body, to=addresses).send()
    except Exception:
        log.exception("Could not send the return notice for response %s", response.pk)
        return 0
    return len(addresses)
