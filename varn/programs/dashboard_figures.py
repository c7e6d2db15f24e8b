"""The figures of the start page's panels that are counts and sums, read in one row (issue 16).

Training, cooperation and the latest follow-up round each read a few scalar subqueries of their
own; on PostgreSQL each query is a round trip, so their columns are put side by side in one row
(`core.prepared.one_row`) and each panel is handed its own (docs/decisions/0195)."""

from __future__ import annotations

import datetime

from django.utils import timezone

from varn.cooperation import dashboard as cooperation
from varn.cooperation.models import follow_up_cutoff
from varn.core.prepared import PreparedQuery, one_row
from varn.followup import dashboard as followup
from varn.training import dashboard as training

# By the name core.dashboard.PANEL_PROVIDERS gives each panel.
_PANELS = {
    "varn.training.dashboard.panel": training,
    "varn.cooperation.dashboard.panel": cooperation,
    "varn.followup.dashboard.panel": followup,
}
# The number of columns of each panel, noted when the query is built.
_WIDTHS: dict[str, int] = {}


def _figures(municipality_id: int, program_id: int, cutoff: datetime.date, partner_id: int | None = None):
    columns: list = []
    for name, module in _PANELS.items():
        found = module.figures(
            municipality_id=municipality_id, program_id=program_id, cutoff=cutoff, partner_id=partner_id
        )
        _WIDTHS[name] = len(found)
        columns += found
    return one_row(municipality_id, *columns)


_FIGURES = {
    False: PreparedQuery(_figures, municipality_id=int, program_id=int, cutoff=datetime.date),
    True: PreparedQuery(_figures, municipality_id=int, program_id=int, cutoff=datetime.date, partner_id=int),
}


def panel_figures(membership, program) -> dict[str, tuple]:
    """Each panel's figures, by its provider's name: one query."""
    if program is None:
        return {}
    values = {
        "municipality_id": membership.municipality.pk,
        "program_id": program.pk,
        "cutoff": follow_up_cutoff(timezone.localdate()),
    }
    if membership.is_partner:
        values["partner_id"] = membership.partner_id or 0
    [row] = _FIGURES[membership.is_partner].rows(**values)
    figures, start = {}, 0
    for name in _PANELS:
        figures[name] = row[start : start + _WIDTHS[name]]
        start += _WIDTHS[name]
    return figures
