"""The dashboard is put together from panels that each app provides.

An app with something to show on the start page has `varn/<app>/dashboard.py` with
`panel(membership, program) -> Panel | None`. Each panel runs a small, fixed number of queries."""

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
    template: str
    context: dict[str, Any] = field(default_factory=dict)
    url: str = ""


def collect_panels(membership, program) -> list[Panel]:
    if program is None:
        return []
    panels = []
    for dotted in PANEL_PROVIDERS:
        module_name, _, attr = dotted.rpartition(".")
        module = importlib.import_module(module_name)
        found = getattr(module, attr)(membership, program)
        if found is not None:
            panels.append(found)
    return panels
