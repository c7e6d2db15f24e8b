from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from varn.core.dashboard import Panel
from varn.core.markup import cell as e
from varn.core.markup import rows
from varn.core.prepared import count_of, sum_of

from .models import TrainingEffort, UnionTrainingOffer


def figures(municipality_id: int, program_id: int, **_values) -> list:
    """The panel's columns, read in the dashboard's one row (programs/dashboard_figures.py)."""
    efforts = TrainingEffort.objects.filter(municipality_id=municipality_id, program_id=program_id)
    offers = UnionTrainingOffer.objects.filter(municipality_id=municipality_id, program_id=program_id)
    return [
        sum_of(efforts.filter(unit__isnull=False), "participants"),
        sum_of(efforts.filter(Q(partner__kind="union")), "participants"),
        count_of(efforts),
        *(count_of(offers.filter(status=status)) for status in UnionTrainingOffer.Status),
    ]


def panel(membership, program, values) -> Panel | None:
    """Participants in training, for staff and for the unions, and the unions' offers."""
    staff, unions, efforts, *offers = values
    if not efforts and not any(offers):
        return None
    missing = _("saknas")
    staff, unions = (missing if n is None else e(n) for n in (staff, unions))
    # The markup training/_dashboard_panel.html had; each offer's words once per status.
    # (The words outside the f-strings: xgettext does not read calls inside one.)
    offers_in = _("Erbjudanden till facken, %(status)s")
    offer_items = "".join(
        f"<dt>{e(offers_in % {'status': s.label.lower()})}</dt><dd>{n}</dd>"
        for s, n in zip(UnionTrainingOffer.Status, offers, strict=True)
    )
    staff_word, unions_word = _("Deltagare, medarbetare"), _("Deltagare, fackliga parter")
    html = (
        '<dl class="facts">\n'
        f"  <dt>{staff_word}</dt><dd>{staff}</dd>\n"
        f"  <dt>{unions_word}</dt><dd>{unions}</dd>\n"
        f"  {offer_items}\n</dl>\n"
    )
    return Panel(
        title=_("Utbildning"),
        html=rows([html]),
        url=reverse("training:coverage", args=[membership.municipality.slug]),
    )
