from django.db.models import Subquery
from django.urls import reverse
from django.utils.translation import gettext as _

from varn.core.dashboard import Panel
from varn.core.markup import cell as e
from varn.core.markup import rows
from varn.core.prepared import count_of

from .models import FollowUpResponse, FollowUpRound


def figures(municipality_id: int, program_id: int, **_values) -> list:
    """The latest follow-up round and its answers by status, as columns of the dashboard's one row
    (programs/dashboard_figures.py): NULL and zeros when the programme has no round."""
    latest = FollowUpRound.objects.filter(municipality_id=municipality_id, program_id=program_id).order_by(
        "-deadline", "-pk"
    )

    def column(name: str) -> Subquery:
        return Subquery(latest.values(name)[:1])

    answers = FollowUpResponse.objects.filter(municipality_id=municipality_id, round_id=column("pk"))
    return [
        column("pk"),
        column("title"),
        column("status"),
        column("deadline"),
        *(count_of(answers.filter(status=status)) for status in FollowUpResponse.Status),
    ]


def panel(membership, program, values) -> Panel | None:
    """The latest follow-up round and its answers by status."""
    pk, title, status, deadline, *counts = values
    if pk is None:
        return None
    total = sum(counts)
    of = _("av")
    # The markup followup/_dashboard_panel.html had.
    items = "".join(
        f"<dt>{e(s.label)}</dt><dd>{n} {of} {total}</dd>"
        for s, n in zip(FollowUpResponse.Status, counts, strict=True)
    )
    html = (
        f"<p>{e(title)} – {e(str(FollowUpRound.Status(status).label).lower())}, "
        f'{_("sista svarsdag")} <span class="date">{deadline.isoformat() if deadline else ""}</span></p>\n'
        f'<dl class="facts">\n  {items}\n</dl>\n'
    )
    return Panel(
        title=_("Uppföljning"),
        html=rows([html]),
        url=reverse("followup:round-detail", args=[membership.municipality.slug, pk]),
    )
