from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from varn.core.dashboard import Panel

from .models import ActionPoint, Forum


def panel(membership, program) -> Panel | None:
    """Forums, those with the unions, agreements due for follow-up, open action points: two queries."""
    forums = Forum.objects.visible_to(membership).filter(is_active=True)
    due = forums.due_for_follow_up().values("pk")
    counts = forums.with_union_flag().aggregate(
        total=Count("id"),
        with_unions=Count("id", filter=Q(has_union_members=True)),
        due=Count("id", filter=Q(pk__in=due)),
    )
    if not counts["total"]:
        return None
    open_actions = ActionPoint.objects.visible_to(membership).open().count()
    return Panel(
        title=_("Samverkan"),
        template="cooperation/_dashboard_panel.html",
        context={"counts": counts, "open_actions": open_actions},
        url=reverse("cooperation:overview", args=[membership.municipality.slug]),
    )
