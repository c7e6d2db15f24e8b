from django.urls import reverse
from django.utils.translation import gettext as _

from varn.core.dashboard import Panel

from .models import ReferralRequirement


def panel(membership, program) -> Panel | None:
    """The requirements of referrals back, and where each was met: one query."""
    requirements = list(
        ReferralRequirement.objects.filter(
            municipality=membership.municipality, decision__case__program=program
        )
        .select_related("decision", "resolved_measure", "resolved_decision")
        .order_by("decision__meeting_date", "position")[:10]
    )
    if not requirements:
        return None
    case_id = requirements[0].decision.case_id
    return Panel(
        title=_("Krav vid återremiss"),
        template="decisions/_dashboard_panel.html",
        context={"requirements": requirements},
        url=reverse("decisions:case-detail", args=[membership.municipality.slug, case_id]),
    )
