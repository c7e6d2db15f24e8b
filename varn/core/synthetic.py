"""Realistic data at any size, deterministically: `generate_synthetic --municipalities N --seed S`.

Each app that has data to add has `varn/<app>/synthetic.py` with `generate(ctx)`; they run in the
order of SYNTHETIC_APPS for one municipality at a time, in one transaction per municipality, with
bulk inserts (and bulk history rows, so the audit trail has realistic volume too)."""

from __future__ import annotations

import importlib
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.hashers import make_password
from django.db import transaction

from varn.organisations.models import Municipality
from varn.organisations.registry import all_municipalities, slugify_name

SYNTHETIC_APPS = ["organisations", "programs", "decisions", "training", "cooperation", "followup"]


@dataclass
class SynthContext:
    municipality: Municipality
    rng: random.Random
    password_hash: str
    extra: dict[str, Any] = field(default_factory=dict)


def generators() -> list[Callable[[SynthContext], None]]:
    found = []
    for label in SYNTHETIC_APPS:
        module_name = f"varn.{label}.synthetic"
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as error:
            if error.name is None or not module_name.startswith(error.name):
                raise
            continue
        found.append(module.generate)
    return found


def generate(
    count: int, seed: int = 1, progress: Callable[[int, str], None] | None = None
) -> list[Municipality]:
    """Create `count` synthetic municipalities (real names and codes, marked as demo data), skipping
    codes already in the database. The same seed gives the same data."""
    taken = set(Municipality.objects.values_list("code", flat=True))
    slugs = set(Municipality.objects.values_list("slug", flat=True))
    candidates = [m for m in all_municipalities() if m.code not in taken][:count]
    password_hash = make_password("demo", salt="synthetic")
    steps = generators()
    created = []
    for i, known in enumerate(candidates, 1):
        rng = random.Random(f"{seed}:{known.code}")
        with transaction.atomic():
            # Håbo and Habo fold to the same slug; the second one gets its code appended.
            slug = slugify_name(known.name)
            slug = f"{slug}-{known.code}" if slug in slugs else slug
            slugs.add(slug)
            municipality = Municipality.objects.create(
                name=known.official_name, slug=slug, code=known.code, is_demo=True
            )
            ctx = SynthContext(municipality=municipality, rng=rng, password_hash=password_hash)
            for step in steps:
                step(ctx)
        created.append(municipality)
        if progress:
            progress(i, municipality.name)
    return created
