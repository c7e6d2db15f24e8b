"""Build the follow-up report for one municipality in a process of its own, so that the peak
memory it reports is the report building's: `python -m bench.report_run SLUG OUT.json`.

For the municipality's current programme it times the first report a fresh worker builds (imports,
fonts and charts included); then, as medians of three, each format and both after the data changed
(the chart cache emptied first), and both again with unchanged data (charts from the cache)."""

from __future__ import annotations

import contextlib
import json
import os
import resource
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

import django

django.setup()

from django.core.cache import cache  # noqa: E402

from varn.followup.rendering import render_docx, render_pdf  # noqa: E402
from varn.followup.report import build_content  # noqa: E402
from varn.followup.services import build_report, current_program  # noqa: E402
from varn.organisations.models import Municipality  # noqa: E402

REPEATS = 3


def reset_peak() -> None:
    """Forget the peak this process inherited: Linux carries the forking parent's resident size over
    into the child's high-water mark (and ru_maxrss) across exec, so after the parent ran OCR the
    report would seem to take what OCR took. Writing 5 to clear_refs resets the mark (Linux 4.0+)."""
    with contextlib.suppress(OSError):
        Path("/proc/self/clear_refs").write_text("5")


def peak_mb() -> float:
    """This process's peak resident memory since reset_peak, in MB."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def ms(func: Callable[[], object], *, changed: bool) -> float:
    """Median milliseconds of REPEATS runs; `changed` empties the chart cache before each, as a
    change in the data would make every chart new."""
    samples = []
    for _ in range(REPEATS):
        if changed:
            cache.clear()
        start = time.perf_counter()
        func()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def main(slug: str, out: str) -> None:
    reset_peak()
    municipality = Municipality.objects.get(slug=slug)
    program = current_program(municipality)
    assert program is not None
    results: dict[str, dict] = {}
    start = time.perf_counter()
    build_report(program)
    results["report, DOCX and PDF: first in a fresh worker"] = {
        "ms": (time.perf_counter() - start) * 1000,
        "peak_mb": peak_mb(),
    }
    results["report, content + DOCX"] = {
        "ms": ms(lambda: render_docx(build_content(program)), changed=True),
        "target_ms": 3000,
    }
    results["report, content + PDF"] = {
        "ms": ms(lambda: render_pdf(build_content(program)), changed=True),
        "target_ms": 3000,
    }
    results["report, DOCX and PDF (build_report)"] = {"ms": ms(lambda: build_report(program), changed=True)}
    results["report, DOCX and PDF, charts cached"] = {"ms": ms(lambda: build_report(program), changed=False)}
    results["report building, peak memory"] = {"ms": None, "peak_mb": peak_mb(), "target_mb": 500}
    with open(out, "w") as f:
        json.dump(results, f, indent=2)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
