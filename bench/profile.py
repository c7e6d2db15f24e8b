"""Profile one page as it is built after a change: `python -m bench.profile [PAGE ...]`.

Builds a small synthetic database (BENCH_MUNICIPALITIES, default 5) in a temporary SQLite file
unless DATABASE_URL names one, then for each page prints the median ms built after a change, the
query count and a pyinstrument profile of one such request (`--cprofile` for cProfile's top
functions instead). PAGE is a name of bench/pages.py's PAGES, or "shell" / "floor"."""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
_db = sys.argv[sys.argv.index("--db") + 1] if "--db" in sys.argv else None
REUSE = bool(_db and os.path.exists(_db))
if not os.environ.get("DATABASE_URL"):
    _db = _db or f"{tempfile.mkdtemp(prefix='varn-profile-')}/db.sqlite3"
    os.environ["DATABASE_URL"] = f"sqlite:///{os.path.abspath(_db)}"

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.urls import reverse  # noqa: E402

from bench import pages  # noqa: E402
from bench.run import client_for  # noqa: E402
from varn.core.pagecache import mark_changed  # noqa: E402
from varn.core.synthetic import generate  # noqa: E402
from varn.organisations.models import Municipality  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("pages", nargs="*")
    parser.add_argument("--cprofile", action="store_true")
    parser.add_argument("--quiet", action="store_true")
    parser.add_argument("--db")
    parser.add_argument("--repeats", type=int, default=30)
    args = parser.parse_args()
    if not REUSE:
        call_command("migrate", verbosity=0)
    if not Municipality.objects.exists():
        generate(int(os.environ.get("BENCH_MUNICIPALITIES", "5")), seed=1)
    first = Municipality.objects.order_by("pk").first()
    assert first is not None
    client = client_for(first)
    paths = {name: build(first) for name, build in pages.PAGES.items()}
    paths["shell"] = reverse("bench-shell", args=[first.slug])
    paths["floor"] = reverse("bench-floor")
    floor = built(client, paths["floor"], first, args.repeats)
    for name in args.pages or list(paths):
        path = paths[name]
        wall, cpu = built(client, path, first, args.repeats)
        mark_changed([first.pk])
        queries: list[str] = []

        def count(execute, sql, params, many, context, queries=queries):
            queries.append(sql)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(count):
            response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
        import cProfile
        import pstats

        counter = cProfile.Profile()
        mark_changed([first.pk])
        counter.enable()
        client.get(path)
        counter.disable()
        calls = pstats.Stats(counter).total_calls  # type: ignore[attr-defined]
        print(
            f"== {name}: {wall:.2f} ms ({wall / floor[0]:.1f}x the floor), CPU {cpu:.2f} ms "
            f"({cpu / floor[1]:.1f}x), {len(queries)} queries, {calls} calls ({path})"
        )
        mark_changed([first.pk])
        if args.quiet:
            continue
        if args.cprofile:
            profiler = cProfile.Profile()
            profiler.enable()
            for _ in range(10):
                mark_changed([first.pk])
                client.get(path)
            profiler.disable()
            pstats.Stats(profiler, stream=sys.stdout).sort_stats("cumulative").print_stats(45)
        else:
            from pyinstrument import Profiler

            sampler = Profiler(interval=0.0005)
            sampler.start()
            for _ in range(10):
                mark_changed([first.pk])
                client.get(path)
            sampler.stop()
            print(sampler.output_text(unicode=False, color=False, show_all=False))


def built(client, path: str, municipality: Municipality, repeats: int) -> tuple[float, float]:
    """Median wall and CPU ms of the page as first viewed after a change."""
    for _ in range(5):
        mark_changed([municipality.pk])
        client.get(path)
    wall, cpu = [], []
    for _ in range(repeats):
        mark_changed([municipality.pk])
        start, start_cpu = time.perf_counter(), time.process_time()
        client.get(path)
        wall.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    return statistics.median(wall), statistics.median(cpu)


if __name__ == "__main__":
    main()
