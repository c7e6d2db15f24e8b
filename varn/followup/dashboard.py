from django.db.models import OuterRef
from django.urls import reverse
from django.utils.translation import gettext as _

from varn.core.dashboard import Panel
from varn.core.prepared import PreparedQuery, count_of

from .models import FollowUpResponse, FollowUpRound


def _latest_round(municipality_id: int, program_id: int):
    answers = FollowUpResponse.objects.filter(round_id=OuterRef("pk"))
    return (
        FollowUpRound.objects.filter(municipality_id=municipality_id, program_id=program_id)
        .order_by("-deadline")
        .values_list(
            "pk",
            "title",
            "status",
            "deadline",
            *(count_of(answers.filter(status=status)) for status in FollowUpResponse.Status),
        )[:1]
    )


_LATEST_ROUND = PreparedQuery(_latest_round, municipality_id=int, program_id=int)


def panel(membership, program) -> Panel | None:
    """The latest follow-up round and its answers by status: one query."""
    found = _LATEST_ROUND.rows(municipality_id=membership.municipality.pk, program_id=program.pk)
    if not found:
        return None
    [(pk, title, status, deadline, *counts)] = found
    return Panel(
        title=_("Uppföljning"),
        template="followup/_dashboard_panel.html",
        context={
            "round": {"title": title, "status": FollowUpRound.Status(status).label, "deadline": deadline},
            "counts": [(s.label, n) for s, n in zip(FollowUpResponse.Status, counts, strict=True)],
            "total": sum(counts),
        },
        url=reverse("followup:round-detail", args=[membership.municipality.slug, pk]),
    )
