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


class RealDataError(Exception):
    pass


def remove_demo() -> None:
    """Delete the demo municipalities and everything that belongs to them.

    References inside a municipality are RESTRICT, not PROTECT: they stop deleting a unit that still
    owns measures, but not deleting the whole municipality at once."""
    Municipality.objects.filter(is_demo=True).delete()


@transaction.atomic
def load_demo(*, reset: bool = False, force: bool = False) -> tuple[bool, DemoContext | None]:
    """Load the Alingsås demo. Returns (loaded, context); (False, None) when it was already there."""
    if Municipality.objects.real().exists() and not force:
        raise RealDataError("Databasen innehåller riktiga kommuner. Demodata läses inte in där utan --force.")
    if Municipality.objects.filter(slug="alingsas", is_demo=True).exists():
        if not reset:
            return False, None
        remove_demo()
    ctx = load_organisations()
    for label in DEMO_APPS:
        try:
            module = importlib.import_module(f"varn.{label}.demo")
        except ModuleNotFoundError as error:
            if error.name is None or not f"varn.{label}.demo".startswith(error.name):
                raise
            continue
        module.load(ctx)
    mark_all_changed()  # some of the demo is inserted in bulk, without signals
    return True, ctx
