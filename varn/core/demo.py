"""Loading and removing the demo data. Each app that has demo data has a `demo` module with
`load(ctx)`; they run in the order of DEMO_APPS, each seeing what the earlier ones made."""

from __future__ import annotations

import importlib

from django.db import transaction

from varn.core.pagecache import mark_all_changed
from varn.organisations.demo import DemoContext
from varn.organisations.demo import load as load_organisations
from varn.organisations.models import Municipality

DEMO_APPS = ["programs", "decisions", "training", "cooperation", "followup", "indicators"]

# The stages the demo can be loaded at. "adopted": today, the programme adopted with Tillägg 1 and 2
# and carried out since. "proposal": the day before KSAU 2025-10-22 § 170, with the draft programme
# and the trail up to the statement of 2025-10-15, so that a newcomer can read the seed protocol,
# record the council's adoption and adopt the text with the amendments (README, "Try it").
# Training offers to the unions and the follow-up came after the adoption, so they are not loaded.
STAGES = {
    "adopted": DEMO_APPS,
    "proposal": ["programs", "decisions", "cooperation", "indicators"],
}


class RealDataError(Exception):
    pass


def remove_demo() -> None:
    """Delete the demo municipalities and everything that belongs to them.

    References inside a municipality are RESTRICT, not PROTECT: they stop deleting a unit that still
    owns measures, but not deleting the whole municipality at once."""
    Municipality.objects.filter(is_demo=True).delete()


@transaction.atomic
def load_demo(
    *, reset: bool = False, force: bool = False, stage: str = "adopted"
) -> tuple[bool, DemoContext | None]:
    """Load the Alingsås demo at `stage` (see STAGES). Returns (loaded, context); (False, None) when
    it was already there."""
    if stage not in STAGES:
        raise ValueError(f"unknown demo stage {stage!r}")
    if Municipality.objects.real().exists() and not force:
        raise RealDataError("Databasen innehåller riktiga kommuner. Demodata läses inte in där utan --force.")
    if Municipality.objects.filter(slug="alingsas", is_demo=True).exists():
        if not reset:
            return False, None
        remove_demo()
    ctx = load_organisations()
    ctx.extra["stage"] = stage
    for label in STAGES[stage]:
        try:
            module = importlib.import_module(f"varn.{label}.demo")
        except ModuleNotFoundError as error:
            if error.name is None or not f"varn.{label}.demo".startswith(error.name):
                raise
            continue
        module.load(ctx)
    mark_all_changed()  # some of the demo is inserted in bulk, without signals
    return True, ctx
