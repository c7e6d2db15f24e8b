"""The coverage workbook's round trip: its editable sheet of efforts read back with a preview."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from varn.core import roundtrip_views

from .roundtrip import apply_efforts, check_for, parse_efforts
from .services import can_record_training


def _apply(outcomes, request) -> int:
    return apply_efforts(outcomes, municipality=request.municipality, by=request.user)


TRIP = roundtrip_views.RoundTrip(
    kind="coverage_roundtrip",
    path="varn.training.excel_views.TRIP",
    title=gettext_lazy("Läs in ändrad utbildningstäckning från Excel"),
    job_title=gettext_lazy("Läser ändrad utbildningstäckning från Excel"),
    parse=parse_efforts,
    check=check_for,
    apply=_apply,
    allowed=can_record_training,
    urls={
        "upload": "training:coverage-import",
        "preview": "training:coverage-import-preview",
        "cancel": "training:coverage-import-cancel",
        "done": "training:coverage",
        "export": "training:coverage-export",
    },
    saved=gettext_lazy("%(n)s utbildningsinsatser ändrades."),
)

coverage_import, coverage_import_preview, coverage_import_cancel = roundtrip_views.views_for(TRIP)
