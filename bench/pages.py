"""What the benchmark measures: the pages (by URL, for one municipality) and the long tasks."""

from __future__ import annotations

import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from django.urls import reverse

from varn.decisions.models import Case
from varn.followup.models import FollowUpRound
from varn.organisations.models import Municipality
from varn.programs.models import Program


def current_program(m: Municipality) -> Program:
    return Program.objects.filter(municipality=m).order_by("-period_start").first()  # type: ignore[return-value]


def current_case(m: Municipality) -> Case:
    return Case.objects.get(municipality=m, program=current_program(m))


def current_round(m: Municipality) -> FollowUpRound:
    return FollowUpRound.objects.filter(municipality=m).order_by("-pk")[0]


PAGES: dict[str, Callable[[Municipality], str]] = {
    "dashboard": lambda m: reverse("programs:dashboard", args=[m.slug]),
    "measure list (filtered)": lambda m: reverse("programs:measure-list", args=[m.slug]) + "?status=ongoing",
    "programme page": lambda m: reverse("programs:program-detail", args=[m.slug, current_program(m).pk]),
    "case timeline": lambda m: reverse("decisions:case-detail", args=[m.slug, current_case(m).pk]),
    "training coverage": lambda m: reverse("training:coverage", args=[m.slug]),
    "follow-up board": lambda m: reverse("followup:round-detail", args=[m.slug, current_round(m).pk]),
}


def prepare(m: Municipality) -> None:
    """Anything a page needs that the synthetic data does not hold."""


def _median_ms(func: Callable[[], object], repeats: int = 3) -> float:
    func()  # warm: imports, regular expressions compiled on first use
    samples = []
    for _ in range(repeats):
        start = time.perf_counter()
        func()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def read_protocol() -> Callable[[], object]:
    from varn.decisions.bench import protocol_text
    from varn.reading.protocol import parse_protocol

    text = protocol_text(300)

    def parse() -> object:
        parsed = parse_protocol(text)
        assert len(parsed.paragraphs) > 150, len(parsed.paragraphs)
        return parsed

    return parse


def apply_hundred_amendments() -> Callable[[], object]:
    from varn.decisions.bench import amendments, programme_tree
    from varn.documents.amendments import apply_amendments

    tree, instructions = programme_tree(200), amendments(100, 200)

    def apply() -> object:
        outcome = apply_amendments(tree, instructions)
        assert outcome.ok and len(outcome.results) == 100
        return outcome

    return apply


def ocr_ten_pages() -> float:
    """Milliseconds to read a 10-page scan (200 dpi JPEG with noise) through OCR, text to reader's
    input, measured once: it takes tens of seconds."""
    from varn.decisions.bench import protocol_text
    from varn.documents.extract import pdf_text
    from varn.documents.tests.scans import scanned_pdf

    data = scanned_pdf(protocol_text(10), max_pages=10)
    start = time.perf_counter()
    text = pdf_text(data)
    elapsed = (time.perf_counter() - start) * 1000
    assert text.count("\f") == 9, text.count("\f")
    return elapsed


def report_in_subprocess(m: Municipality) -> dict[str, dict]:
    """Build the follow-up report in a process of its own (bench/report_run.py), so that its peak
    memory is the report's and not the page runs'."""
    with tempfile.TemporaryDirectory(prefix="varn-report-") as tmp:
        out = Path(tmp) / "report.json"
        env = dict(os.environ, VARN_MEDIA_ROOT=str(Path(tmp) / "media"))
        subprocess.run(
            [sys.executable, "-m", "bench.report_run", m.slug, str(out)],
            env=env,
            check=True,
            cwd=Path(__file__).parent.parent,
        )
        return json.loads(out.read_text())


def tasks(m: Municipality) -> dict[str, dict]:
    """Time the long tasks, with the peak memory of the process that ran each."""
    results: dict[str, dict] = {}
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    results["reading a 300-page protocol"] = {
        "ms": _median_ms(read_protocol()),
        "peak_mb": peak,
        "target_ms": 1000,
    }
    results["applying 100 amendments to a 200-page programme"] = {
        "ms": _median_ms(apply_hundred_amendments()),
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "target_ms": 1000,
    }
    results["OCR of a 10-page scan"] = {
        "ms": ocr_ten_pages(),
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "target_ms": 60000,
    }
    results.update(report_in_subprocess(m))
    return results
