from django.urls import reverse
from django.utils.translation import gettext as _

from varn.core.dashboard import Panel

from .models import KoladaSource
from .presentation import figures_for


def panel(membership, program) -> Panel | None:
    """Each chosen key figure with its trend and comparison: three queries."""
    figures = figures_for(membership.municipality)
    if not figures:
        return None
    source = KoladaSource.objects.filter(municipality=membership.municipality).first()
    return Panel(
        title=_("Nyckeltal från Kolada"),
        template="indicators/_dashboard_panel.html",
        context={"figures": figures, "source": source},
        url=reverse("indicators:list", args=[membership.municipality.slug]),
    )
