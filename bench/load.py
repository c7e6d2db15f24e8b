"""`make load`: Värn under load. For SQLite and (when a server answers on 127.0.0.1:5432) PostgreSQL:
a fresh database with the demo, gunicorn as deployed (config/gunicorn.conf.py: 2 workers × 4
threads, preloaded) on 127.0.0.1 over HTTPS (a self-signed certificate, so the production settings
apply unchanged: secure cookies, HSTS, CSRF origin checks), the background worker
(`manage.py varn_worker`) beside it, and locust, headless, with 50 simulated users, a mix per role
(bench/locustfile.py). Before the measured period every user signs in and every page of the mix is
built by every gunicorn worker (checked in the access log); the statistics are reset after that,
and the measured period then lasts 60 seconds. Sign-ins are timed apart, before and during the
period, never in a page's figures. Fails on any error, on any "database is locked", on a warm-up
that did not reach every page on every worker, and on a page whose 95th percentile is over the
target (250 ms on PostgreSQL, 400 ms on SQLite). The last lines, one per database:
`load sqlite: N requests, E errors, p95 P ms`.

Options: --users N, --seconds S, --only sqlite|postgresql. Output in bench/out/; the summary in
bench/out/load.json, which `make bench` puts into bench/RESULTS.md."""

from __future__ import annotations

import argparse
import csv
import datetime
import json
import os
import re
import runpy
import secrets
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
PG_URL = "postgres://postgres@127.0.0.1:5432/{name}"
# One database per checkout (varn_load_main, varn_load_<worktree>): a load run dropping and creating
# its database never ends another checkout's run on the same server.
PG_NAME = "varn_load_" + re.sub(r"\W", "_", ROOT.name).lower()
# The 95th percentile every page must stay under (ms).
TARGET_MS = {"sqlite": 400, "postgresql": 250}
GUNICORN_CONF = ROOT / "config" / "gunicorn.conf.py"
# The access log names the worker (process id, last) that served each request: the warm-up reads it.
ACCESS_FORMAT = '%(h)s %(t)s "%(r)s" %(s)s %(b)s %(M)sms %(p)s'
# The longest the sign-ins and the warm-up may take before the measured period (seconds).
WARM_UP_LIMIT = 300


def serving() -> tuple[int, int]:
    """Workers and threads as config/gunicorn.conf.py sets them by default."""
    conf = runpy.run_path(str(GUNICORN_CONF))
    return int(conf["workers"]), int(conf["threads"])


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def postgres_answers() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 5432), 1).close()
        return True
    except OSError:
        return False


def certificate(directory: Path) -> tuple[Path, Path]:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = directory / "cert.pem", directory / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    return cert_path, key_path


def environment(backend: str, directory: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "VARN_", "DATABASE_URL"))}
    env.update(
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(48),
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        VARN_LOG_LEVEL="WARNING",
    )
    if backend == "sqlite":
        env["VARN_SQLITE_PATH"] = str(directory / "load.sqlite3")
    else:
        env["DATABASE_URL"] = PG_URL.format(name=PG_NAME)
    return env


def prepare(backend: str, env: dict[str, str], directory: Path) -> None:
    if backend == "sqlite":
        for suffix in ("", "-wal", "-shm"):
            Path(str(directory / "load.sqlite3") + suffix).unlink(missing_ok=True)
    else:
        import psycopg

        with psycopg.connect(PG_URL.format(name="postgres"), autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {PG_NAME} WITH (FORCE)")
            conn.execute(f"CREATE DATABASE {PG_NAME}")
    py = sys.executable
    for args in (["migrate", "-v", "0"], ["load_demo"], ["collectstatic", "--noinput", "-v", "0"]):
        subprocess.run([py, "manage.py", *args], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)


def run(backend: str, users: int, seconds: int) -> dict[str, str]:
    directory = OUT / backend
    shutil.rmtree(directory, ignore_errors=True)
    directory.mkdir(parents=True)
    env = environment(backend, directory)
    print(f"== {backend}: preparing a database with the demo …", flush=True)
    prepare(backend, env, directory)
    cert, key = certificate(directory)
    port = free_port()
    host = f"https://127.0.0.1:{port}"
    server_log = (directory / "gunicorn.log").open("w")
    workers, threads = serving()
    access_log = directory / "access.log"
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi",
            # As deployed (workers, threads, preload, keep-alive), plus the load test's own address,
            # certificate, access log and control socket.
            "--config",
            str(GUNICORN_CONF),
            "--bind",
            f"127.0.0.1:{port}",
            "--certfile",
            str(cert),
            "--keyfile",
            str(key),
            "--access-logfile",
            str(access_log),
            "--access-logformat",
            ACCESS_FORMAT,
            # Its own control socket (gunicorn 27: ~/.gunicorn/gunicorn.ctl by default), so that
            # runs from two checkouts at once do not take each other's.
            "--control-socket",
            str(directory / "gunicorn.ctl"),
        ],
        cwd=ROOT,
        env={**env, "VARN_WEB_WORKERS": str(workers), "VARN_WEB_THREADS": str(threads)},
        stdout=server_log,
        stderr=subprocess.STDOUT,
    )
    worker_log = (directory / "worker.log").open("w")
    worker = subprocess.Popen(
        [sys.executable, "manage.py", "varn_worker"],
        cwd=ROOT,
        env=env,
        stdout=worker_log,
        stderr=subprocess.STDOUT,
    )
    phases = directory / "phases.json"
    try:
        deadline = time.monotonic() + 120  # --preload: the socket opens once Django is imported
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), 1).close()
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError((directory / "gunicorn.log").read_text()) from None
                time.sleep(0.2)
        wait_until_ready(host)
        print(
            f"== {backend}: {users} users sign in and warm up every page on each of {workers} workers, "
            f"then {seconds} s measured, against {host} …",
            flush=True,
        )
        locust = subprocess.run(
            [
                sys.executable,
                "-m",
                "locust",
                "-f",
                str(ROOT / "bench" / "locustfile.py"),
                "--headless",
                "--users",
                str(users),
                "--spawn-rate",
                str(max(1, users // 10)),
                # A cap only: the locustfile stops the run `seconds` after the warm-up has ended.
                "--run-time",
                f"{seconds + WARM_UP_LIMIT + 60}s",
                "--host",
                host,
                "--csv",
                str(directory / "locust"),
                "--only-summary",
                "--loglevel",
                "WARNING",
            ],
            cwd=ROOT,
            env={
                **os.environ,
                "PYTHONWARNINGS": "ignore",
                "VARN_LOAD_USERS": str(users),
                "VARN_LOAD_SECONDS": str(seconds),
                "VARN_LOAD_WORKERS": str(workers),
                "VARN_LOAD_ACCESS_LOG": str(access_log),
                "VARN_LOAD_REPORT": str(phases),
                "VARN_LOAD_WARM_UP_LIMIT": str(WARM_UP_LIMIT),
            },
            capture_output=True,
            text=True,
        )
        (directory / "locust.log").write_text(locust.stdout + locust.stderr)
    finally:
        for process in (server, worker):
            process.terminate()
        for process in (server, worker):
            process.wait(30)
        server_log.close()
        worker_log.close()
    return summarise(backend, directory, locust.returncode, phases)


def wait_until_ready(host: str, timeout: float = 120) -> None:
    """Wait until the sign-in page answers (the workers have forked and serve)."""
    import ssl
    import urllib.request

    context = ssl.create_default_context()
    context.check_hostname, context.verify_mode = False, ssl.CERT_NONE
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(host + "/logga-in/", context=context, timeout=30) as response:
                if response.status == 200:
                    return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else 0.0


def server_times(access_log: Path, from_line: int) -> list[float]:
    """The measured period as gunicorn timed it (the access log from the line where the period
    began, sign-ins left out): when the client's figures are far above these, the load generator
    itself was short of CPU."""
    lines = access_log.read_text().splitlines()[from_line:]
    return [
        float(match.group(1))
        for line in lines
        if "/logga-in/" not in line and (match := re.search(r" (\d+)ms ", line))
    ]


def summarise(backend: str, directory: Path, returncode: int, phases_file: Path) -> dict[str, str]:
    with (directory / "locust_stats.csv").open() as f:
        rows = list(csv.DictReader(f))
    total = next(r for r in rows if r["Name"] == "Aggregated")
    pages = [r for r in rows if r["Name"] != "Aggregated" and int(r["Request Count"])]
    failures_file = directory / "locust_failures.csv"
    failures = failures_file.read_text() if failures_file.exists() else ""
    logs = (directory / "gunicorn.log").read_text() + (directory / "worker.log").read_text()
    locked = "database is locked" in logs or "database table is locked" in logs or "is locked" in failures
    target = TARGET_MS[backend]
    worst = max(pages, key=lambda r: float(r["95%"]), default=None)
    over = [r["Name"] for r in pages if float(r["95%"]) >= target]
    phases = json.loads(phases_file.read_text()) if phases_file.exists() else {}
    server_ms = server_times(directory / "access.log", phases.get("access_log_from_line", 0))
    warm = phases.get("warm_up", {})
    before, during = phases.get("sign_ins_before", []), phases.get("sign_ins_during", [])
    sign_in_failures = phases.get("sign_in_failures_before", 0) + phases.get("sign_in_failures_during", 0)
    warmed = bool(warm.get("complete")) and warm.get("users_ready") == warm.get("users")
    if warm:
        missing = "; ".join(f"{page} on {n} worker(s) fewer" for page, n in warm.get("missing", {}).items())
        warm_up = (
            f"{warm['users_ready']} of {warm['users']} users signed in and opened every page of their mix "
            f"({len(warm.get('pages', []))} pages) until each of the {warm['workers']} workers had built "
            f"each one (access log): {'done' if warmed else 'NOT DONE'} in {warm['rounds']} round(s), "
            f"{warm['seconds']} s; statistics reset after it" + (f" (missing: {missing})" if missing else "")
        )
    else:
        warm_up = "NOT DONE: the measured period never started (see locust.log)"
    return {
        "backend": backend,
        "requests": total["Request Count"],
        "failures": total["Failure Count"],
        "rps": f"{float(total['Requests/s']):.1f}",
        "median_ms": total["50%"],
        "p95_ms": total["95%"],
        "p99_ms": total["99%"],
        "max_ms": f"{float(total['Max Response Time']):.0f}",
        "worst_page": f"{worst['Name']} {worst['95%']}" if worst else "",
        "target_ms": str(target),
        "over_target": ", ".join(over),
        "locked": "yes" if locked else "no",
        "server_median_ms": f"{percentile(server_ms, 0.5):.0f}",
        "server_p95_ms": f"{percentile(server_ms, 0.95):.0f}",
        "warm_up": warm_up,
        # Sign-in under load: one every few seconds during the measured period, on sessions of their
        # own, outside the page statistics.
        "sign_ins": str(len(during)),
        "sign_in_median_ms": f"{percentile(during, 0.5):.0f}",
        "sign_in_p95_ms": f"{percentile(during, 0.95):.0f}",
        # Everyone's own sign-in before the period, all at once while the users are started.
        "sign_ins_before": str(len(before)),
        "sign_in_before_median_ms": f"{percentile(before, 0.5):.0f}",
        "sign_in_before_p95_ms": f"{percentile(before, 0.95):.0f}",
        "sign_in_failures": str(sign_in_failures),
        "ok": "yes"
        if returncode == 0
        and total["Failure Count"] == "0"
        and not locked
        and not over
        and warmed
        and not sign_in_failures
        else "no",
        "per_page": "\n".join(
            f"    {r['Type']:5} {r['Name']:48} n={r['Request Count']:>5}  p95={r['95%']:>5} ms  "
            f"failures={r['Failure Count']}" + ("  OVER TARGET" if r["Name"] in over else "")
            for r in pages
        ),
    }


def write_summary(results: list[dict[str, str]], users: int, seconds: int) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    workers, threads = serving()
    summary = {
        "measured": datetime.datetime.now().isoformat(timespec="minutes"),
        "setup": (
            f"gunicorn as deployed (config/gunicorn.conf.py: {workers} workers × {threads} threads, "
            f"preloaded), and the background worker, {users} users on 127.0.0.1 "
            f"({os.cpu_count()} cores, load average {' '.join(f'{x:.1f}' for x in os.getloadavg())} at "
            f"the end); statistics reset after every user had signed in and every page of the mix had "
            f"been built by every worker, then {seconds} s measured; sign-ins timed apart (during the "
            f"period: one every few seconds on a session of its own)"
        ),
        "results": [{k: v for k, v in r.items() if k != "per_page"} for r in results],
    }
    (OUT / "load.json").write_text(json.dumps(summary, indent=2, ensure_ascii=False))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--only", choices=["sqlite", "postgresql"])
    args = parser.parse_args(argv)
    backends = [args.only] if args.only else ["sqlite", "postgresql"]
    if "postgresql" in backends and not postgres_answers():
        print("No PostgreSQL server answers on 127.0.0.1:5432: the PostgreSQL run is skipped.")
        backends.remove("postgresql")
    results = [run(backend, args.users, args.seconds) for backend in backends]
    write_summary(results, args.users, args.seconds)
    print()
    print(
        f"{'backend':11} {'requests':>8} {'failures':>8} {'req/s':>6} {'median':>7} {'p95':>6} {'p99':>6} "
        f"{'max':>6}  locked  ok"
    )
    for r in results:
        print(
            f"{r['backend']:11} {r['requests']:>8} {r['failures']:>8} {r['rps']:>6} {r['median_ms']:>5}ms "
            f"{r['p95_ms']:>4}ms {r['p99_ms']:>4}ms {r['max_ms']:>4}ms  {r['locked']:6}  {r['ok']}"
        )
    for r in results:
        print(f"\n{r['backend']} per page (target p95 < {r['target_ms']} ms):\n{r['per_page']}")
        print(
            f"{r['backend']} as gunicorn timed the same requests (access log): median "
            f"{r['server_median_ms']} ms, p95 {r['server_p95_ms']} ms"
        )
        print(f"{r['backend']} warm-up: {r['warm_up']}")
        print(
            f"{r['backend']} sign-in under load (during the measured period, not in the pages' figures): "
            f"{r['sign_ins']} sign-ins, median {r['sign_in_median_ms']} ms, p95 {r['sign_in_p95_ms']} ms; "
            f"before it, all users at once: {r['sign_ins_before']} sign-ins, median "
            f"{r['sign_in_before_median_ms']} ms, p95 {r['sign_in_before_p95_ms']} ms; "
            f"{r['sign_in_failures']} failed"
        )
    print(f"\nDetails: {OUT}/<backend>/ (locust CSV, gunicorn and worker logs, access log)")
    for r in results:
        print(f"load {r['backend']}: {r['requests']} requests, {r['failures']} errors, p95 {r['p95_ms']} ms")
    return 0 if all(r["ok"] == "yes" for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
