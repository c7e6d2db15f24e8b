"""`make load`: Värn under load. For SQLite and (when a server answers on 127.0.0.1:5432) PostgreSQL:
a fresh database with the demo, gunicorn with 2 workers on 127.0.0.1 over HTTPS (a self-signed
certificate, so the production settings apply unchanged: secure cookies, HSTS, CSRF origin checks),
the background worker (`manage.py varn_worker`) beside it, and locust, headless, with 50 simulated
users for 60 seconds, a mix per role (bench/locustfile.py). Everyone signs in before the measured
period; the sign-ins are timed apart. Fails on any error, on any "database is locked" and on a page
whose 95th percentile is over the target (250 ms on PostgreSQL, 400 ms on SQLite). The last lines,
one per database: `load sqlite: N requests, E errors, p95 P ms`.

Options: --users N, --seconds S, --only sqlite|postgresql. Output in bench/out/; the summary in
bench/out/load.json, which `make bench` puts into bench/RESULTS.md."""

from __future__ import annotations

import argparse
import csv
import datetime
import json
import os
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
# The 95th percentile every page must stay under (ms).
TARGET_MS = {"sqlite": 400, "postgresql": 250}
WORKERS = 2


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
        env["DATABASE_URL"] = PG_URL.format(name="varn_load")
    return env


def prepare(backend: str, env: dict[str, str], directory: Path) -> None:
    if backend == "sqlite":
        for suffix in ("", "-wal", "-shm"):
            Path(str(directory / "load.sqlite3") + suffix).unlink(missing_ok=True)
    else:
        import psycopg

        with psycopg.connect(PG_URL.format(name="postgres"), autocommit=True) as conn:
            conn.execute("DROP DATABASE IF EXISTS varn_load WITH (FORCE)")
            conn.execute("CREATE DATABASE varn_load")
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
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(WORKERS),
            "--threads",
            "4",
            "--worker-class",
            "gthread",
            # Longer than the users' think time: otherwise gunicorn closes an idle connection just as
            # the client reuses it, and the request fails without ever reaching Värn.
            # The application is imported once, before the workers fork: no worker answers its first
            # requests only after importing Django and Värn (seconds on a busy machine).
            "--preload",
            "--keep-alive",
            "75",
            "--certfile",
            str(cert),
            "--keyfile",
            str(key),
            "--access-logfile",
            str(directory / "access.log"),
        ],
        cwd=ROOT,
        env=env,
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
    sign_ins = directory / "sign_ins.json"
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
        warm_up(host, WORKERS * 4)
        print(f"== {backend}: {users} users for {seconds} s against {host} …", flush=True)
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
                "--run-time",
                f"{seconds}s",
                "--host",
                host,
                "--csv",
                str(directory / "locust"),
                "--only-summary",
                "--loglevel",
                "WARNING",
                # Sign-ins happen while users are spawned; the measured period starts after them.
                "--reset-stats",
            ],
            cwd=ROOT,
            env={**os.environ, "PYTHONWARNINGS": "ignore", "VARN_LOAD_SIGN_INS": str(sign_ins)},
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
    return summarise(backend, directory, locust.returncode, sign_ins)


def warm_up(host: str, requests: int, timeout: float = 120) -> None:
    """Wait until the sign-in page answers, then open it a few times: the first request of a
    worker loads templates and translations, which is not what a user waits for under load."""
    import ssl
    import urllib.request

    context = ssl.create_default_context()
    context.check_hostname, context.verify_mode = False, ssl.CERT_NONE
    deadline = time.monotonic() + timeout
    answered = 0
    while answered < requests:
        try:
            with urllib.request.urlopen(host + "/logga-in/", context=context, timeout=30) as response:
                answered += response.status == 200
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else 0.0


def summarise(backend: str, directory: Path, returncode: int, sign_ins: Path) -> dict[str, str]:
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
    signed = json.loads(sign_ins.read_text()) if sign_ins.exists() else []
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
        "sign_ins": str(len(signed)),
        "sign_in_median_ms": f"{percentile(signed, 0.5):.0f}",
        "sign_in_p95_ms": f"{percentile(signed, 0.95):.0f}",
        "ok": "yes"
        if returncode == 0 and total["Failure Count"] == "0" and not locked and not over
        else "no",
        "per_page": "\n".join(
            f"    {r['Type']:5} {r['Name']:48} n={r['Request Count']:>5}  p95={r['95%']:>5} ms  "
            f"failures={r['Failure Count']}" + ("  OVER TARGET" if r["Name"] in over else "")
            for r in pages
        ),
    }


def write_summary(results: list[dict[str, str]], users: int, seconds: int) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    summary = {
        "measured": datetime.datetime.now().isoformat(timespec="minutes"),
        "setup": (
            f"gunicorn, {WORKERS} workers × 4 threads, and the background worker, {users} users "
            f"for {seconds} s on 127.0.0.1 ({os.cpu_count()} cores, load average "
            f"{' '.join(f'{x:.1f}' for x in os.getloadavg())} at the end); "
            "statistics from after every user signed in"
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
            f"{r['backend']} sign-in under load (before the measured period): {r['sign_ins']} sign-ins, "
            f"median {r['sign_in_median_ms']} ms, p95 {r['sign_in_p95_ms']} ms"
        )
    print(f"\nDetails: {OUT}/<backend>/ (locust CSV, gunicorn and worker logs, access log)")
    for r in results:
        print(f"load {r['backend']}: {r['requests']} requests, {r['failures']} errors, p95 {r['p95_ms']} ms")
    return 0 if all(r["ok"] == "yes" for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
