"""The dashboard is put together from panels that each app provides.

An app with something to show on the start page has `varn/<app>/dashboard.py` with
`panel(membership, program) -> Panel | None`. Each panel runs a small, fixed number of queries.

A panel whose figures the page has already read (the dashboard reads the columns of several panels
in one row: programs/dashboard_figures.py) is handed them: `panel(membership, program, figures)`,
and runs no query of its own. A panel writes its markup in Python (`html`) or names a template."""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from typing import Any

PANEL_PROVIDERS = [
    "varn.decisions.dashboard.panel",
    "varn.training.dashboard.panel",
    "varn.cooperation.dashboard.panel",
    "varn.followup.dashboard.panel",
    "varn.indicators.dashboard.panel",
]


@dataclass
class Panel:
    title: str
    template: str = ""
    context: dict[str, Any] = field(default_factory=dict)
    url: str = ""
    # The panel's markup, written in Python as its template wrote it; else `template` is included.
    html: str = ""


def collect_panels(membership, program, figures: dict[str, Any] | None = None) -> list[Panel]:
    """The panels in PANEL_PROVIDERS' order; `figures`, by provider, what the page already read."""
    if program is None:
        return []
    figures = figures or {}
    panels = []
    for dotted in PANEL_PROVIDERS:
        module_name, _, attr = dotted.rpartition(".")
        module = importlib.import_module(module_name)
        provider = getattr(module, attr)
        if dotted in figures:
            found = provider(membership, program, figures[dotted])
        else:
            found = provider(membership, program)
        if found is not None:
            panels.append(found)
    return panels
