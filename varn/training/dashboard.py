from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from varn.core.dashboard import Panel
from varn.core.prepared import PreparedQuery, count_of, one_row, sum_of

from .models import TrainingEffort, UnionTrainingOffer


def _totals(municipality_id: int, program_id: int):
    efforts = TrainingEffort.objects.filter(municipality_id=municipality_id, program_id=program_id)
    offers = UnionTrainingOffer.objects.filter(municipality_id=municipality_id, program_id=program_id)
    return one_row(
        municipality_id,
        sum_of(efforts.filter(unit__isnull=False), "participants"),
        sum_of(efforts.filter(Q(partner__kind="union")), "participants"),
        count_of(efforts),
        *(count_of(offers.filter(status=status)) for status in UnionTrainingOffer.Status),
    )


_TOTALS = PreparedQuery(_totals, municipality_id=int, program_id=int)


def panel(membership, program) -> Panel | None:
    """Participants in training, for staff and for the unions, and the unions' offers: one query."""
    [(staff, unions, efforts, *offers)] = _TOTALS.rows(
        municipality_id=membership.municipality.pk, program_id=program.pk
    )
    if not efforts and not any(offers):
        return None
    return Panel(
        title=_("Utbildning"),
        template="training/_dashboard_panel.html",
        context={
            "totals": {"staff": staff, "unions": unions, "efforts": efforts},
            # The blocktranslate of the template, once per status here instead of once per row there.
            "offers": [
                (_("Erbjudanden till facken, %(status)s") % {"status": s.label.lower()}, n)
                for s, n in zip(UnionTrainingOffer.Status, offers, strict=True)
            ],
        },
        url=reverse("training:coverage", args=[membership.municipality.slug]),
    )
