from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext as _

from varn.core.dashboard import Panel

from .models import FollowUpResponse, FollowUpRound


def panel(membership, program) -> Panel | None:
    """The latest follow-up round and its answers by status: two queries."""
    round = (
        FollowUpRound.objects.filter(municipality=membership.municipality, program=program)
        .order_by("-deadline")
        .first()
    )
    if round is None:
        return None
    counts = dict(
        FollowUpResponse.objects.filter(round=round).order_by().values_list("status").annotate(n=Count("id"))
    )
    return Panel(
        title=_("Uppföljning"),
        template="followup/_dashboard_panel.html",
        context={
            "round": round,
            "counts": [(s.label, counts.get(s.value, 0)) for s in FollowUpResponse.Status],
            "total": sum(counts.values()),
        },
        url=reverse("followup:round-detail", args=[membership.municipality.slug, round.pk]),
    )
