"""The background worker's heartbeat: a job that waits with no worker alive says so, /healthz shows
the worker as a separate check, and `make run` (the Procfile under honcho) starts web and worker."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import urllib.request
from datetime import timedelta
from pathlib import Path

import pytest
from django.db import connections
from django.utils import timezone

from varn.core.models import Job, WorkerHeartbeat
from varn.core.workers import Heartbeat

from .test_worker_recovery import ROOT, TIMEOUT, SharedDatabase, wait_for

NO_WORKER = "Ingen bakgrundsprocess körs"


def queued_job(cast, *, waited_seconds: int) -> Job:
    job = Job.objects.create(
        municipality=cast.municipality, kind="t", title="Läser protokoll", created_by=cast.coordinator
    )
    Job.objects.filter(pk=job.pk).update(created_at=timezone.now() - timedelta(seconds=waited_seconds))
    return job


def job_page(cast, job: Job, user=None) -> str:
    response = cast.client(user or cast.coordinator).get(job.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def test_a_job_waiting_with_no_worker_says_to_start_one(cast):
    job = queued_job(cast, waited_seconds=60)
    page = job_page(cast, job)
    assert NO_WORKER in page and "make worker" in page


def test_a_job_waiting_with_only_an_old_heartbeat_says_so_too(cast):
    WorkerHeartbeat.objects.create(worker_id="varn:old", last_seen_at=timezone.now() - timedelta(minutes=5))
    assert NO_WORKER in job_page(cast, queued_job(cast, waited_seconds=60))


def test_a_job_waiting_with_a_fresh_heartbeat_does_not(cast):
    WorkerHeartbeat.beat("varn:alive")
    assert NO_WORKER not in job_page(cast, queued_job(cast, waited_seconds=60))


def test_a_job_just_queued_gives_the_worker_time_before_saying_anything(cast):
    assert NO_WORKER not in job_page(cast, queued_job(cast, waited_seconds=2))


def test_a_job_waiting_is_shown_only_to_who_may_see_it(cast):
    job = queued_job(cast, waited_seconds=60)
    assert cast.client(cast.viewer).get(job.get_absolute_url()).status_code == 403
    assert cast.client(cast.outsider).get(job.get_absolute_url()).status_code == 404


def test_healthz_shows_no_worker_without_failing(client, db):
    body = client.get("/healthz").json()
    assert body == {"status": "ok", "database": "ok", "worker": "none", "worker_heartbeat_age_s": None}


def test_healthz_shows_a_live_worker(client, db):
    WorkerHeartbeat.beat("varn:alive")
    response = client.get("/healthz?require=worker")
    assert response.status_code == 200
    assert response.json()["worker"] == "ok"


def test_healthz_fails_for_a_monitor_that_requires_the_worker_when_none_lives(client, db):
    WorkerHeartbeat.objects.create(worker_id="varn:old", last_seen_at=timezone.now() - timedelta(minutes=5))
    response = client.get("/healthz?require=worker")
    assert response.status_code == 503
    assert response.json()["worker"] == "none" and response.json()["worker_heartbeat_age_s"] >= 300


def test_the_heartbeat_thread_beats_and_removes_its_row_when_stopped(transactional_db):
    heartbeat = Heartbeat("varn:test:1:1", every=0.05)
    heartbeat.start()
    wait_for(lambda: WorkerHeartbeat.objects.alive().filter(worker_id="varn:test:1:1").exists(), "a beat")
    heartbeat.stop()
    assert not WorkerHeartbeat.objects.filter(worker_id="varn:test:1:1").exists()


def test_a_stopped_heartbeat_thread_leaves_no_database_session_open(transactional_db):
    """A session left open by the thread keeps the database from being dropped or migrated."""
    left_open: list[object] = []

    class Recorded(Heartbeat):
        def run(self) -> None:
            super().run()
            own = connections["default"]  # this thread's own connection
            # (Django keeps an in-memory SQLite test database open: closing it would lose it.)
            in_memory = own.vendor == "sqlite" and own.is_in_memory_db()  # type: ignore[attr-defined]
            left_open.append(None if in_memory else own.connection)

    heartbeat = Recorded("varn:test:1:2", every=0.05)
    heartbeat.start()
    wait_for(lambda: WorkerHeartbeat.objects.alive().filter(worker_id="varn:test:1:2").exists(), "a beat")
    heartbeat.stop()
    assert not heartbeat.is_alive()
    assert left_open == [None]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def health(port: int) -> dict | None:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as response:
            return json.loads(response.read())
    except OSError:
        return None


@pytest.mark.slow
def test_make_run_starts_the_web_server_and_the_worker_and_one_interrupt_stops_both(
    transactional_db, tmp_path: Path
):
    """The Procfile `make run` starts under honcho: the web process answers, the worker beats
    (seen through the web process's /healthz), and one SIGINT (Ctrl-C) stops both."""
    shared = SharedDatabase(tmp_path)
    port = free_port()
    env = {**shared.env, "VARN_PORT": str(port), "VARN_WORKER_HEARTBEAT_SECONDS": "0.5"}
    log = (tmp_path / "honcho.log").open("w")
    honcho = subprocess.Popen(
        [str(ROOT / ".venv" / "bin" / "honcho"), "start", "-f", str(ROOT / "Procfile")],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        wait_for(lambda: (health(port) or {}).get("worker") == "ok", "the web server to see a live worker")
        # The worker's own output is shown beside the server's.
        wait_for(lambda: "worker.1 |" in (tmp_path / "honcho.log").read_text(), "the worker's output")
        assert len(processes_with(f"VARN_PORT={port}")) >= 3  # honcho, the server, the worker
        os.killpg(honcho.pid, signal.SIGINT)
        honcho.wait(TIMEOUT)
    finally:
        if honcho.poll() is None:
            os.killpg(honcho.pid, signal.SIGKILL)
            honcho.wait(TIMEOUT)
        log.close()
    output = (tmp_path / "honcho.log").read_text()
    assert "web.1 started" in output and "worker.1 started" in output
    assert "web.1 stopped" in output and "worker.1 stopped" in output
    assert health(port) is None
    # Nothing is left behind: no process (the reloaders' children included) with this run's port.
    wait_for(lambda: not processes_with(f"VARN_PORT={port}"), "every process of the run to exit")


def processes_with(variable: str) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            environment = (entry / "environ").read_bytes().split(b"\0")
        except OSError:
            continue
        if variable.encode() in environment:
            found.append(int(entry.name))
    return found
