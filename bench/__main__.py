"""`make bench`: benchmark Värn on SQLite, and on PostgreSQL when one answers; print the table and
write bench/RESULTS.md. The last two lines are `worst page ratio X` (the worst first view after a
change, built from the database, against the floor, over all pages and both databases) and
`worst cached page ratio Y` (the same for repeated views served from the page cache)."""

from __future__ import annotations

import datetime
import json
import os
import platform
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).parent
PG_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/varn_bench")


def postgres_answers() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 5432), 1).close()
        return True
    except OSError:
        return False


def fresh_postgres() -> None:
    import psycopg

    name = PG_URL.rsplit("/", 1)[1]
    with psycopg.connect(PG_URL.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')


def run(backend: str, workdir: Path) -> dict:
    env = dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="bench.settings",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="bench-only-secret-key-not-for-production-use-0123456789",
        DJANGO_SECURE_SSL_REDIRECT="0",
        VARN_LOCKOUT="0",
    )
    env.pop("DATABASE_URL", None)
    if backend == "sqlite":
        env["VARN_SQLITE_PATH"] = str(workdir / "bench.sqlite3")
    else:
        fresh_postgres()
        env["DATABASE_URL"] = PG_URL
    out = workdir / f"{backend}.json"
    subprocess.run(
        [sys.executable, "-m", "bench.run", backend, str(out)], env=env, check=True, cwd=HERE.parent
    )
    return json.loads(out.read_text())


# RESULTS.md keeps what people wrote below the measured table (profiling notes) from this heading on.
KEEP_FROM = "## Profiling and fixes"


def load() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


def machine() -> str:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    mem = next(
        (
            line.split()[1]
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal")
        ),
        "0",
    )
    return (
        f"{cpu}, {os.cpu_count()} cores, {int(mem) // 1024 // 1024} GiB, Python {platform.python_version()}"
    )


PAGE_RATIO = 3.0  # every page within 3x the floor when served from the page cache
BUILT_RATIO = 8.0  # and within 8x when built from the database (first view after a change, issue 16)
WEB_MB, REPORT_MB = 300, 500
GROWTH = 1.5  # the last municipality's page may not take 1.5x the first's


def verdict(ok: bool) -> str:
    return "yes" if ok else "**no**"


BREAKDOWN_NOTE = (
    "Where the time goes when a page is built (first view after a change; medians of separate, "
    "instrumented requests, so the totals differ a little from the table above): SQL is executing "
    "the queries; template is rendering, less the SQL run from templates; the rest is middleware, "
    "session and user, the view's own Python and the ORM building queries and objects."
)


def table(results: list[dict]) -> list[str]:
    lines = [
        "Repeated view: the same person opens the page again while the municipality's data is unchanged "
        "(served from the page cache, varn/core/pagecache.py). First view after a change: the "
        "municipality's data was marked changed just before the request, so the page is built from "
        "the database; this is what every page costs at least once after each change. Queries are "
        "counted for both, at 5 and at 50 municipalities.",
        "",
        "| backend | page | repeated view ms | ratio to floor | last municipality ms | last / first "
        "| after a change ms | ratio to floor | last municipality ms | last / first "
        "| queries after a change at 5 / 50 | queries repeated at 5 / 50 |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---|",
    ]
    for r in results:
        floor = r["floor_ms"]
        lines.append(
            f"| {r['backend']} | floor: bare view, same middleware | {floor:.2f} | 1.00 | | | | | | | | |"
        )
        lines.append(
            f"| {r['backend']} | shell: membership + base template, empty page | | | | "
            f"| {r['shell_ms']:.2f} | {r['shell_ms'] / floor:.2f} | | | | |"
        )
        for name, p in r["pages"].items():
            last, built, built_last = (
                p["ms_last_municipality"],
                p["ms_built"],
                p["ms_built_last_municipality"],
            )
            lines.append(
                f"| {r['backend']} | {name} | {p['ms']:.2f} | {p['ratio']:.2f} | {last:.2f} "
                f"| {last / p['ms']:.2f} | {built:.2f} | {p['ratio_built']:.2f} | {built_last:.2f} "
                f"| {built_last / built:.2f} | {p['queries_small']} / {p['queries_large']} "
                f"| {p['queries_cached_small']} / {p['queries_cached_large']} |"
            )
    lines += [
        "",
        BREAKDOWN_NOTE,
        "",
        "| backend | page | total ms | SQL ms | template ms | rest ms |",
        "|---|---|---:|---:|---:|---:|",
    ]
    for r in results:
        for name, b in r["breakdown"].items():
            lines.append(
                f"| {r['backend']} | {name} | {b['total']:.2f} | {b['sql']:.2f} | {b['template']:.2f} "
                f"| {b['rest']:.2f} |"
            )
    lines += [
        "",
        "| backend | task | ms | peak MB of the process | target | met |",
        "|---|---|---:|---:|---|---|",
    ]
    for r in results:
        lines.append(
            f"| {r['backend']} | web process after the page runs | | {r['web_peak_mb']:.0f} | < {WEB_MB} MB "
            f"| {verdict(r['web_peak_mb'] < WEB_MB)} |"
        )
        for name, t in r["tasks"].items():
            ms = f"{t['ms']:.0f}" if t.get("ms") is not None else ""
            peak = f"{t['peak_mb']:.0f}" if t.get("peak_mb") else ""
            target, met = "", ""
            if t.get("target_ms"):
                target, met = f"< {t['target_ms'] / 1000:g} s", verdict(t["ms"] < t["target_ms"])
            elif t.get("target_mb"):
                target, met = f"< {t['target_mb']} MB", verdict(t["peak_mb"] < t["target_mb"])
            lines.append(f"| {r['backend']} | {name} | {ms} | {peak} | {target} | {met} |")
        lines.append(
            f"| {r['backend']} | building the database: {r['municipalities']} municipalities "
            f"| {r['build_seconds'] * 1000:.0f} | | | |"
        )
    return lines


def checks(results: list[dict]) -> list[str]:
    out = []
    for r in results:
        pages = r["pages"]
        slow = [n for n, p in pages.items() if p["ratio"] > PAGE_RATIO]
        slow_built = [n for n, p in pages.items() if p["ratio_built"] > BUILT_RATIO]
        grew = [
            n
            for n, p in pages.items()
            if p["queries_small"] != p["queries_large"]
            or p["queries_cached_small"] != p["queries_cached_large"]
        ]
        growing = [
            n
            for n, p in pages.items()
            if p["ms_last_municipality"] / p["ms"] > GROWTH
            or p["ms_built_last_municipality"] / p["ms_built"] > GROWTH
        ]
        out += [
            f"- {r['backend']}: pages within {PAGE_RATIO:g}x the floor (repeated view): "
            + (
                verdict(not slow)
                + (f" ({len(slow)} of {len(pages)} are not: {', '.join(slow)})" if slow else "")
            ),
            f"- {r['backend']}: pages within {BUILT_RATIO:g}x the floor when built after a change: "
            + (
                verdict(not slow_built)
                + (
                    f" ({len(slow_built)} of {len(pages)} are not; worst "
                    + max(
                        (f"{pages[n]['ratio_built']:.1f}x {n}" for n in slow_built),
                        key=lambda x: float(x.split("x")[0]),
                    )
                    + ")"
                    if slow_built
                    else ""
                )
            ),
            f"- {r['backend']}: query counts equal at 5 and {r['municipalities']} municipalities: "
            + (verdict(not grew) + (f" (grew: {', '.join(grew)})" if grew else "")),
            f"- {r['backend']}: no page slower for the last municipality than for the first "
            f"(within {GROWTH:g}x, repeated and after a change): "
            + (verdict(not growing) + (f" ({', '.join(growing)})" if growing else "")),
        ]
    return out


def readers() -> list[str]:
    """The summary of `make eval`: the protocol reader per field and the programme headings, as
    scored against the hand annotations of corpus/annotations/."""
    out = (
        subprocess.run(
            [sys.executable, "-m", "varn.reading.evaluate_documents"],
            capture_output=True,
            text=True,
            check=True,
            cwd=HERE.parent,
        )
        .stdout.strip()
        .splitlines()
    )
    protocols = (
        subprocess.run(
            [sys.executable, "-m", "varn.reading.evaluate"],
            capture_output=True,
            text=True,
            check=True,
            cwd=HERE.parent,
        )
        .stdout.strip()
        .splitlines()
    )
    summary = protocols[protocols.index("per field, real protocols:") :]
    return [
        "## Readers on the real corpus (`make eval`)",
        "",
        "```",
        *summary,
        *[line for line in out if line.startswith("headings F1")],
        "```",
    ]


def worst_ratio(results: list[dict], key: str) -> tuple[float, str]:
    return max(
        ((p[key], f"{r['backend']}: {name}") for r in results for name, p in r["pages"].items()),
        default=(0.0, "none"),
    )


LOAD_SUMMARY = HERE / "out" / "load.json"


def load_section() -> list[str]:
    """The figures of the last `make load` on this machine (bench/load.py writes them)."""
    if not LOAD_SUMMARY.exists():
        return [
            "## Load test (`make load`)",
            "",
            "Not run on this machine yet: `make load` writes its figures here.",
        ]
    data = json.loads(LOAD_SUMMARY.read_text())
    lines = [
        "## Load test (`make load`)",
        "",
        f"Measured {data['measured']}: {data['setup']}",
        "",
        "| backend | requests | errors | p95 ms | worst page p95 ms | target p95 ms "
        "| database is locked | sign-ins in the period | their p95 ms | sign-ins before | their p95 ms |",
        "|---|---:|---:|---:|---|---:|---|---:|---:|---:|---:|",
    ]
    for r in data["results"]:
        lines.append(
            f"| {r['backend']} | {r['requests']} | {r['failures']} | {r['p95_ms']} | {r['worst_page']} "
            f"| {r['target_ms']} | {r['locked']} | {r['sign_ins']} | {r['sign_in_p95_ms']} "
            f"| {r.get('sign_ins_before', '')} | {r.get('sign_in_before_p95_ms', '')} |"
        )
    lines += ["", *(f"- {r['backend']} warm-up: {r['warm_up']}" for r in data["results"] if r.get("warm_up"))]
    return lines


def main() -> None:
    backends = ["sqlite"] + (["postgres"] if postgres_answers() else [])
    with tempfile.TemporaryDirectory(prefix="varn-bench-") as tmp:
        results = [run(b, Path(tmp)) for b in backends]
    lines = table(results)
    worst = worst_ratio(results, "ratio_built")
    worst_cached = worst_ratio(results, "ratio")
    summary = checks(results)
    scored = readers()
    loaded = load_section()
    print("\n".join([*lines, "", *summary, "", *scored, "", *loaded]))
    header = [
        "# Benchmark results",
        "",
        f"Measured {datetime.datetime.now().isoformat(timespec='minutes')} on {machine()}, "
        f"load average {load()} at the end.",
        "Pages: medians of repeated warm requests in one process (Django test client, full middleware), "
        "for the first and the last municipality of the database, as a repeated view and as the first "
        "view after a change. Tasks: see bench/pages.py and "
        "bench/report_run.py. `make bench` writes this file; the sections after the table are kept.",
        "",
    ]
    kept = ""
    old = HERE / "RESULTS.md"
    if old.exists() and KEEP_FROM in old.read_text():
        kept = old.read_text()[old.read_text().index(KEEP_FROM) :]
    (HERE / "RESULTS.md").write_text(
        "\n".join(
            header
            + lines
            + [""]
            + summary
            + ["", *scored, "", *loaded, ""]
            + [
                f"Worst first view after a change: {worst[1]}; worst repeated view: {worst_cached[1]}.",
                "",
                f"worst page ratio {worst[0]:.2f}",
                f"worst cached page ratio {worst_cached[0]:.2f}",
                "",
            ]
        )
        + ("\n" + kept if kept else "")
    )
    print(f"Worst first view after a change: {worst[1]}; worst repeated view: {worst_cached[1]}.")
    print(f"worst page ratio {worst[0]:.2f}")
    print(f"worst cached page ratio {worst_cached[0]:.2f}")


if __name__ == "__main__":
    main()
