"""The report to the politicians is put together from sections that each app provides.

An app that has something to report has `varn/<app>/reporting.py` with a function
`section(program) -> Section | None` (name listed in SECTION_PROVIDERS). The report builder asks
them in order and leaves out the apps that have nothing to say. Sections are plain data, so the
same content goes to the screen, to Word and to PDF."""

from __future__ import annotations

import importlib
import inspect
from collections.abc import Callable
from dataclasses import dataclass, field

from varn.core.charts import Chart

SECTION_PROVIDERS = [
    "varn.programs.reporting.section",
    "varn.training.reporting.section",
    "varn.cooperation.reporting.section",
    "varn.followup.reporting.costs_section",
    "varn.indicators.reporting.section",
    "varn.decisions.reporting.section",
    "varn.followup.reporting.revision_section",
]


@dataclass
class Table:
    caption: str
    headers: list[str]
    rows: list[list[str]]


@dataclass
class Section:
    title: str
    paragraphs: list[str] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)
    subsections: list[Section] = field(default_factory=list)


def providers() -> list[tuple[str, Callable]]:
    found = []
    for dotted in SECTION_PROVIDERS:
        module_name, _, attr = dotted.rpartition(".")
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as error:
            if error.name is None or not module_name.startswith(error.name):
                raise
            continue
        if hasattr(module, attr):
            found.append((dotted, getattr(module, attr)))
    return found


def provided_sections(program, **options) -> list[tuple[str, Section]]:
    """(provider's dotted name, its section) in order. Options (e.g. the report's scope: which
    follow-up round and which years) go to the providers that take them by keyword."""
    found = []
    for dotted, provider in providers():
        accepted = inspect.signature(provider).parameters
        kwargs = {k: v for k, v in options.items() if k in accepted}
        if (s := provider(program, **kwargs)) is not None:
            found.append((dotted, s))
    return found


def collect_sections(program, **options) -> list[Section]:
    return [s for _name, s in provided_sections(program, **options)]
