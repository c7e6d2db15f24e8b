"""The cost list's Excel round trip: export the filtered entries, import an edited copy."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpResponse
from django.utils import translation
from django.utils.translation import gettext_lazy

from varn.core import roundtrip_views
from varn.core.roundtrip import XLSX
from varn.core.tenancy import require, tenant_view

from .forms import CostFilterForm
from .models import CostEntry
from .roundtrip import apply_costs, check_for, costs_workbook, parse_costs
from .services import current_program


def _apply(outcomes, request) -> int:
    return apply_costs(outcomes, municipality=request.municipality, by=request.user)


TRIP = roundtrip_views.RoundTrip(
    kind="cost_roundtrip",
    path="varn.followup.excel_views.TRIP",
    title=gettext_lazy("Läs in ändrade kostnader från Excel"),
    job_title=gettext_lazy("Läser ändrade kostnader från Excel"),
    parse=parse_costs,
    check=check_for,
    apply=_apply,
    allowed=lambda membership: membership.can_edit_some_measures,
    urls={
        "upload": "followup:cost-import",
        "preview": "followup:cost-import-preview",
        "cancel": "followup:cost-import-cancel",
        "done": "followup:cost-list",
        "export": "followup:cost-roundtrip-export",
    },
    saved=gettext_lazy("%(n)s kostnadsposter ändrades eller lades till."),
)


@tenant_view
def cost_roundtrip_export(request):
    """The cost entries of the current programme, as filtered on the page, for editing in Excel."""
    require(not request.membership.is_partner)  # internal working material
    entries = CostEntry.objects.filter(municipality=request.municipality)
    program = current_program(request.municipality)
    entries = entries.for_program(program) if program else entries.none()
    if request.GET and program:
        entries = CostFilterForm(request.GET, program=program).filter(entries)
    selected = list(entries.select_related("measure", "unit").order_by("-year", "measure__code", "pk"))
    with translation.override(settings.LANGUAGE_CODE):  # the import reads the Swedish headers
        data = costs_workbook(selected)
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = (
        f'attachment; filename="kostnader-redigera-{request.municipality.slug}.xlsx"'
    )
    return response


cost_import, cost_import_preview, cost_import_cancel = roundtrip_views.views_for(TRIP)
