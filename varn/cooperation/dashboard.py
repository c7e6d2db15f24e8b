import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from varn.core.dashboard import Panel
from varn.core.prepared import PreparedQuery, count_of, one_row

from .models import ActionPoint, Forum, follow_up_cutoff


def _counts(municipality_id: int, cutoff: datetime.date, partner_id: int | None = None):
    forums = Forum.objects.filter(municipality_id=municipality_id, is_active=True)
    actions = ActionPoint.objects.filter(municipality_id=municipality_id).open()
    if partner_id is not None:  # as Forum.visible_to and ActionPoint.visible_to
        forums = forums.filter(member_partners=partner_id)
        actions = actions.filter(meeting__forum__member_partners=partner_id)
    return one_row(
        municipality_id,
        count_of(forums),
        count_of(forums.including_unions()),
        count_of(forums.agreement_not_followed_up_since(cutoff)),
        count_of(actions),
    )


_COUNTS = {
    False: PreparedQuery(_counts, municipality_id=int, cutoff=datetime.date),
    True: PreparedQuery(_counts, municipality_id=int, cutoff=datetime.date, partner_id=int),
}


def panel(membership, program) -> Panel | None:
    """Forums, those with the unions, agreements due for follow-up, open action points: one query."""
    values = {"municipality_id": membership.municipality.pk, "cutoff": follow_up_cutoff(timezone.localdate())}
    if membership.is_partner:
        values["partner_id"] = membership.partner_id or 0
    [(total, with_unions, due, open_actions)] = _COUNTS[membership.is_partner].rows(**values)
    if not total:
        return None
    return Panel(
        title=_("Samverkan"),
        template="cooperation/_dashboard_panel.html",
        context={
            "counts": {"total": total, "with_unions": with_unions, "due": due},
            "open_actions": open_actions,
        },
        url=reverse("cooperation:overview", args=[membership.municipality.slug]),
    )
