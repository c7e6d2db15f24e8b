"""The measure list's Excel round trip: export the filtered list, import an edited copy."""

from __future__ import annotations

from django.conf import settings
from django.db.models import Prefetch
from django.http import HttpResponse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy

from varn.core import roundtrip_views
from varn.core.roundtrip import XLSX
from varn.core.tenancy import tenant_view

from .forms import MeasureFilterForm
from .models import Measure, MeasureUpdate
from .roundtrip import apply_measures, check_for, measures_workbook, parse_measures


def _apply(outcomes, request) -> int:
    return apply_measures(
        outcomes, municipality=request.municipality, by=request.user, on=timezone.localdate()
    )


TRIP = roundtrip_views.RoundTrip(
    kind="measure_roundtrip",
    path="varn.programs.excel_views.TRIP",
    title=gettext_lazy("Läs in ändrade insatser från Excel"),
    job_title=gettext_lazy("Läser ändrade insatser från Excel"),
    parse=parse_measures,
    check=check_for,
    apply=_apply,
    allowed=lambda membership: membership.can_edit_some_measures,
    urls={
        "upload": "programs:measure-import",
        "preview": "programs:measure-import-preview",
        "cancel": "programs:measure-import-cancel",
        "done": "programs:measure-list",
        "export": "programs:measure-export",
    },
    saved=gettext_lazy("%(n)s insatser fick en ny lägesrapport."),
)


@tenant_view
def measure_export(request):
    """The measure list as filtered on the page, one row per measure, for editing in Excel."""
    form = MeasureFilterForm(request.GET or None, municipality=request.municipality)
    qs = Measure.objects.visible_to(request.membership)
    if request.GET:
        qs = form.filter(qs)
    measures = list(
        qs.joined_within(request.municipality, "responsible_unit")
        .select_related("responsible_unit")
        .prefetch_related(
            Prefetch("updates", queryset=MeasureUpdate.objects.filter(municipality=request.municipality))
        )
        .order_by("code", "title")
    )
    with translation.override(settings.LANGUAGE_CODE):  # the import reads the Swedish headers
        data = measures_workbook(measures)
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="insatser-{request.municipality.slug}.xlsx"'
    return response


measure_import, measure_import_preview, measure_import_cancel = roundtrip_views.views_for(TRIP)
