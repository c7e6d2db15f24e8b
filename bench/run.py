"""One benchmark run on one database, in one process: `python -m bench.run BACKEND OUT.json`.

Builds a 5-municipality database, counts each page's SQL queries, grows it to 50 municipalities,
counts again, then times every page warm (median of repeated requests) against the floor view.

Each page is measured twice: as a repeated view, served from the page cache while the
municipality's data is unchanged (varn/core/pagecache.py), and as the first view after a change,
built from the database (the municipality's data is marked changed before each such request, outside
the timing)."""

from __future__ import annotations

import json
import os
import resource
import statistics
import sys
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import NoReverseMatch, reverse  # noqa: E402

from bench import pages  # noqa: E402
from varn.core.pagecache import mark_changed  # noqa: E402
from varn.core.synthetic import generate  # noqa: E402
from varn.organisations.models import Membership, Municipality  # noqa: E402

REPEATS = int(os.environ.get("BENCH_REPEATS", "30"))
SMALL, LARGE = 5, int(os.environ.get("BENCH_MUNICIPALITIES", "50"))


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def client_for(municipality: Municipality) -> Client:
    membership = Membership.objects.select_related("user").get(municipality=municipality, role="coordinator")
    client = Client()
    client.force_login(membership.user)
    return client


def page_paths(municipality: Municipality) -> dict[str, str]:
    found = {}
    for name, build in pages.PAGES.items():
        try:
            path = build(municipality)
        except (NoReverseMatch, LookupError) as error:
            print(f"  {name}: not measured ({error})", file=sys.stderr)
            continue
        if path:
            found[name] = path
    return found


def count_queries(
    client: Client, paths: dict[str, str], changed: Municipality | None = None
) -> dict[str, int]:
    """Queries of each page: repeated (from the cache), or, given the municipality, just after a
    change."""
    counts = {}
    for name, path in paths.items():
        client.get(path)
        client.get(path)
        if changed is not None:
            mark_changed([changed.pk])
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(path)
        assert response.status_code == 200, (name, path, response.status_code)
        counts[name] = len(ctx.captured_queries)
    return counts


def time_path(client: Client, path: str, changed: Municipality | None = None) -> float:
    """Median ms of a page viewed again and again; given the municipality, of the first view after
    each change (the change itself is not timed)."""
    for _ in range(5):
        client.get(path)
    samples = []
    for _ in range(REPEATS):
        if changed is not None:
            mark_changed([changed.pk])
        start = time.perf_counter()
        client.get(path)
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def breakdown(client: Client, path: str, changed: Municipality, repeats: int = 15) -> dict[str, float]:
    """Where a page's time goes when it is built (the first view after a change), as medians over
    `repeats` requests: SQL (executing the queries,
    with the driver), template rendering (outermost Template.render, less the SQL run inside it),
    and the rest (middleware, session, the view's Python and the ORM building queries and
    objects)."""
    from django.template import base

    original = base.Template.render
    state = {"depth": 0, "sql": 0.0, "sql_in_template": 0.0, "template": 0.0}

    def render(self, context):
        state["depth"] += 1
        start = time.perf_counter()
        try:
            return original(self, context)
        finally:
            state["depth"] -= 1
            if state["depth"] == 0:
                state["template"] += time.perf_counter() - start

    def timed_sql(execute, sql, params, many, context):
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            spent = time.perf_counter() - start
            state["sql"] += spent
            if state["depth"]:
                state["sql_in_template"] += spent

    samples: dict[str, list[float]] = {"total": [], "sql": [], "template": [], "rest": []}
    base.Template.render = render  # type: ignore[method-assign]
    try:
        with connection.execute_wrapper(timed_sql):
            for _ in range(repeats):
                mark_changed([changed.pk])
                state.update(sql=0.0, sql_in_template=0.0, template=0.0)
                start = time.perf_counter()
                client.get(path)
                total = (time.perf_counter() - start) * 1000
                sql, template = state["sql"] * 1000, (state["template"] - state["sql_in_template"]) * 1000
                samples["total"].append(total)
                samples["sql"].append(sql)
                samples["template"].append(template)
                samples["rest"].append(total - sql - template)
    finally:
        base.Template.render = original  # type: ignore[method-assign]
    return {name: statistics.median(values) for name, values in samples.items()}


def main(backend: str, out: str) -> None:
    call_command("migrate", verbosity=0)
    build_start = time.perf_counter()
    generate(SMALL, seed=1)
    first = Municipality.objects.order_by("pk").first()
    assert first is not None
    pages.prepare(first)
    client = client_for(first)
    paths = page_paths(first)
    small_counts = count_queries(client, paths, changed=first)
    small_cached = count_queries(client, paths)
    generate(LARGE - SMALL, seed=1)
    build_seconds = time.perf_counter() - build_start
    if connection.vendor == "postgresql":
        # Statistics, as autovacuum keeps them in a running installation: just after a bulk load
        # the planner knows nothing of the rows and may choose a plan no real database would.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    large_counts = count_queries(client, paths, changed=first)
    large_cached = count_queries(client, paths)
    last = Municipality.objects.order_by("-pk").first()
    assert last is not None
    pages.prepare(last)
    last_client = client_for(last)
    last_paths = page_paths(last)

    floor = time_path(client, reverse("bench-floor"))
    shell = time_path(client, reverse("bench-shell", args=[first.slug]))
    timings = {name: time_path(client, path) for name, path in paths.items()}
    timings_last = {name: time_path(last_client, path) for name, path in last_paths.items()}
    built = {name: time_path(client, path, changed=first) for name, path in paths.items()}
    built_last = {name: time_path(last_client, path, changed=last) for name, path in last_paths.items()}
    parts = {name: breakdown(client, path, first) for name, path in paths.items()}
    parts["shell"] = breakdown(client, reverse("bench-shell", args=[first.slug]), first)
    parts["floor"] = breakdown(client, reverse("bench-floor"), first)
    result = {
        "backend": backend,
        "build_seconds": round(build_seconds, 1),
        "floor_ms": floor,
        "shell_ms": shell,
        "breakdown": parts,
        "municipalities": LARGE,
        "pages": {
            name: {
                "ms": timings[name],
                "ms_last_municipality": timings_last.get(name),
                "ratio": timings[name] / floor,
                "ms_built": built[name],
                "ms_built_last_municipality": built_last.get(name),
                "ratio_built": built[name] / floor,
                "queries_small": small_counts[name],
                "queries_large": large_counts[name],
                "queries_cached_small": small_cached[name],
                "queries_cached_large": large_cached[name],
            }
            for name in paths
        },
        "web_peak_mb": peak_mb(),
        "tasks": pages.tasks(first),
    }
    with open(out, "w") as f:
        json.dump(result, f, indent=2)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
