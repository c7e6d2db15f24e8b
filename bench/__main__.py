"""`make bench`: benchmark Värn on SQLite, and on PostgreSQL when one answers; print the table and
write bench/RESULTS.md. The last line is `worst page ratio X.XX (PAGE)`."""

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


def table(results: list[dict]) -> list[str]:
    lines = [
        "| backend | page | median ms | ratio to floor | ms (last municipality) "
        "| queries at 5 | queries at 50 |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        lines.append(f"| {r['backend']} | floor (bare view) | {r['floor_ms']:.2f} | 1.00 | | | |")
        for name, p in r["pages"].items():
            last = f"{p['ms_last_municipality']:.2f}" if p["ms_last_municipality"] else ""
            lines.append(
                f"| {r['backend']} | {name} | {p['ms']:.2f} | {p['ratio']:.2f} | {last} | "
                f"{p['queries_small']} | {p['queries_large']} |"
            )
    lines += ["", "| backend | task | ms | peak MB of the process |", "|---|---|---:|---:|"]
    for r in results:
        lines.append(f"| {r['backend']} | web process, pages | | {r['web_peak_mb']:.0f} |")
        for name, t in r["tasks"].items():
            lines.append(f"| {r['backend']} | {name} | {t['ms']:.0f} | {t['peak_mb']:.0f} |")
        lines.append(
            f"| {r['backend']} | building the database (seconds) | {r['build_seconds'] * 1000:.0f} | |"
        )
    return lines


def main() -> None:
    backends = ["sqlite"] + (["postgres"] if postgres_answers() else [])
    with tempfile.TemporaryDirectory(prefix="varn-bench-") as tmp:
        results = [run(b, Path(tmp)) for b in backends]
    lines = table(results)
    worst = max(
        ((p["ratio"], f"{r['backend']}: {name}") for r in results for name, p in r["pages"].items()),
        default=(0.0, "none"),
    )
    grew = [
        f"{r['backend']}: {n}"
        for r in results
        for n, p in r["pages"].items()
        if p["queries_small"] != p["queries_large"]
    ]
    print("\n".join(lines))
    if grew:
        print("Query counts that grew with the data: " + ", ".join(grew))
    header = [
        "# Benchmark results",
        "",
        f"Measured {datetime.date.today().isoformat()} on {machine()}.",
        "Medians of repeated warm requests in one process (Django test client, full middleware).",
        "",
    ]
    (HERE / "RESULTS.md").write_text(
        "\n".join(header + lines + ["", f"worst page ratio {worst[0]:.2f} ({worst[1]})", ""])
    )
    print(f"worst page ratio {worst[0]:.2f} ({worst[1]})")


if __name__ == "__main__":
    main()
