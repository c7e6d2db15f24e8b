from django.db.models import Count, Q, Sum
from django.urls import reverse
from django.utils.translation import gettext as _

from varn.core.dashboard import Panel

from .models import TrainingEffort, UnionTrainingOffer


def panel(membership, program) -> Panel | None:
    """Participants in training, for staff and for the unions, and the unions' offers: two queries."""
    totals = TrainingEffort.objects.filter(municipality=membership.municipality, program=program).aggregate(
        staff=Sum("participants", filter=Q(unit__isnull=False)),
        unions=Sum("participants", filter=Q(partner__kind="union")),
        efforts=Count("id"),
    )
    offers = dict(
        UnionTrainingOffer.objects.filter(municipality=membership.municipality, program=program)
        .order_by()
        .values_list("status")
        .annotate(n=Count("id"))
    )
    if not totals["efforts"] and not offers:
        return None
    return Panel(
        title=_("Utbildning"),
        template="training/_dashboard_panel.html",
        context={
            "totals": totals,
            "offers": [(s.label, offers.get(s.value, 0)) for s in UnionTrainingOffer.Status],
        },
        url=reverse("training:coverage", args=[membership.municipality.slug]),
    )
