"""What the benchmark measures: the pages (by URL, for one municipality) and the long tasks."""

from __future__ import annotations

import resource
import time
from collections.abc import Callable

from django.urls import reverse

from varn.organisations.models import Municipality
from varn.programs.models import Program


def current_program(m: Municipality) -> Program:
    return Program.objects.filter(municipality=m).order_by("-period_start").first()  # type: ignore[return-value]


PAGES: dict[str, Callable[[Municipality], str]] = {
    "dashboard": lambda m: reverse("programs:dashboard", args=[m.slug]),
    "measure list (filtered)": lambda m: reverse("programs:measure-list", args=[m.slug]) + "?status=ongoing",
    "programme page": lambda m: reverse("programs:program-detail", args=[m.slug, current_program(m).pk]),
}


def prepare(m: Municipality) -> None:
    """Anything a page needs that the synthetic data does not hold."""


def tasks(m: Municipality) -> dict[str, dict]:
    """Time the long tasks once each, with the peak memory of the process after each."""
    results: dict[str, dict] = {}

    def measure(name: str, func: Callable[[], object]) -> None:
        start = time.perf_counter()
        func()
        results[name] = {
            "ms": (time.perf_counter() - start) * 1000,
            "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        }

    return results
