"""A background task interrupted by a killed worker is picked up again when a worker starts, and
finishes once."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from varn.core.models import Job
from varn.core.workers import Liveness, is_alive, make_worker_id, parse_worker_id, recover_tasks
from varn.factories import MunicipalityFactory

ROOT = Path(settings.BASE_DIR)
TIMEOUT = 60


def dead_pid() -> int:
    process = subprocess.Popen(["true"])
    process.wait()
    return process.pid


def dead_worker_id() -> str:
    alive = parse_worker_id(make_worker_id())
    assert alive is not None
    return f"varn:{alive.host}:{dead_pid()}:{alive.start}"


def running_task(*worker_ids: str) -> DBTaskResult:
    return DBTaskResult.objects.create(
        id=uuid.uuid4(),
        status=TaskResultStatus.RUNNING,
        args_kwargs={"args": [], "kwargs": {}},
        task_path="varn.core.tests.worker_tasks.careful_job",
        backend_name="default",
        run_after=timezone.now(),
        started_at=timezone.now(),
        worker_ids=list(worker_ids),
    )


def test_a_worker_id_says_where_the_worker_runs():
    name = parse_worker_id(make_worker_id())
    assert name is not None and name.pid == os.getpid()
    assert parse_worker_id("kX9sdf0a8f7asdf") is None


def test_a_live_worker_is_alive_and_a_dead_one_is_not(db):
    mine = make_worker_id()
    liveness = Liveness(mine)
    try:
        assert is_alive(mine) is True
        assert is_alive(dead_worker_id()) is False
        assert is_alive("a-random-id-from-plain-db_worker") is None
    finally:
        liveness.close()


def test_a_task_left_running_by_a_dead_worker_is_queued_again(db):
    municipality = MunicipalityFactory()
    task = running_task(dead_worker_id())
    job = Job.objects.create(
        municipality=municipality, kind="t", title="t", status="running", task_id=str(task.pk)
    )
    recovered = recover_tasks()
    assert recovered.requeued == [str(task.pk)]
    task.refresh_from_db()
    job.refresh_from_db()
    assert task.status == TaskResultStatus.READY and task.started_at is None
    assert job.status == Job.Status.QUEUED and "körs igen" in job.message


def test_tasks_of_live_or_unknown_workers_are_left_alone(db):
    mine = make_worker_id()
    liveness = Liveness(mine)
    try:
        ours = running_task(mine)
        unknown = running_task("a-random-id-from-plain-db_worker")
        assert recover_tasks().requeued == []
        ours.refresh_from_db()
        unknown.refresh_from_db()
        assert ours.status == unknown.status == TaskResultStatus.RUNNING
    finally:
        liveness.close()


def test_a_task_that_keeps_killing_its_worker_is_failed_after_three_attempts(db):
    municipality = MunicipalityFactory()
    task = running_task(dead_worker_id(), dead_worker_id(), dead_worker_id())
    job = Job.objects.create(
        municipality=municipality, kind="t", title="t", status="running", task_id=str(task.pk)
    )
    assert recover_tasks().failed == [str(task.pk)]
    task.refresh_from_db()
    job.refresh_from_db()
    assert task.status == TaskResultStatus.FAILED and "died 3 times" in task.traceback
    assert job.status == Job.Status.FAILED and "avbröts flera gånger" in job.message


class SharedDatabase:
    """The test's database, opened by worker processes too (on SQLite: a copy in a file)."""

    def __init__(self, tmp_path: Path) -> None:
        self.env = {
            k: v for k, v in os.environ.items() if not k.startswith(("VARN_", "DJANGO_", "DATABASE_URL"))
        }
        self.env["DJANGO_SETTINGS_MODULE"] = "config.settings"
        self.sqlite_path: Path | None = None
        if connection.vendor == "sqlite":
            self.sqlite_path = tmp_path / "shared.sqlite3"
            connection.ensure_connection()
            target = sqlite3.connect(self.sqlite_path)
            connection.connection.backup(target)
            target.close()
            self.env["VARN_SQLITE_PATH"] = str(self.sqlite_path)
        else:
            s = connection.settings_dict
            self.env["DATABASE_URL"] = (
                f"postgres://{s['USER']}:{s['PASSWORD'] or ''}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"
            )

    def one(self, sql: str, param: str) -> tuple | None:
        if self.sqlite_path is not None:
            with sqlite3.connect(self.sqlite_path, timeout=20) as conn:
                return conn.execute(sql.replace("%s", "?"), (param,)).fetchone()
        with connection.cursor() as cursor:
            cursor.execute(sql, (param,))
            return cursor.fetchone()

    def task(self, task_id: str) -> tuple[str, list[str], object]:
        # SQLite keeps UUIDs as 32 hex digits, PostgreSQL as uuid.
        key = uuid.UUID(task_id).hex if self.sqlite_path is not None else task_id
        row = self.one(
            "SELECT status, worker_ids, return_value FROM django_tasks_database_dbtaskresult WHERE id = %s",
            key,
        )
        assert row is not None
        status, workers, value = row
        return status, json.loads(workers) if isinstance(workers, str) else workers, value

    def manage(self, *args: str, **kwargs) -> subprocess.Popen:
        return subprocess.Popen([sys.executable, "manage.py", *args], cwd=ROOT, env=self.env, **kwargs)


def wait_for(condition: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + TIMEOUT
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"Timed out waiting for {what}")
        time.sleep(0.1)


@pytest.mark.slow
@pytest.mark.parametrize("upload", [b"", "§ 170 Protokoll".encode()], ids=["no upload", "parked upload"])
def test_a_job_whose_worker_is_killed_mid_task_is_finished_once_by_the_next_worker(
    transactional_db, tmp_path, upload
):
    shared = SharedDatabase(tmp_path)
    shared.env["VARN_MEDIA_ROOT"] = str(tmp_path / "media")
    markers = tmp_path / "markers"
    markers.mkdir()
    code = f"from varn.core.tests.worker_tasks import enqueue; print(enqueue({str(markers)!r}, {upload!r}))"
    enqueued = shared.manage("shell", "-c", code, stdout=subprocess.PIPE, text=True)
    out, _ = enqueued.communicate(timeout=TIMEOUT)
    task_id = out.strip().splitlines()[-1]
    worker_args = (
        "varn_worker",
        "--no-reload",
        "--no-startup-delay",
        "--interval",
        "0.1",
        "--recover-every",
        "0.5",
    )
    log_a = (tmp_path / "worker-a.log").open("w")
    first = shared.manage(*worker_args, stdout=log_a, stderr=subprocess.STDOUT)
    attempts = markers / "attempts"
    wait_for(lambda: attempts.exists() and len(attempts.read_text().split()) == 1, "the first attempt")
    os.kill(first.pid, signal.SIGKILL)
    first.wait(TIMEOUT)
    status, workers, _ = shared.task(task_id)
    assert status == "RUNNING" and len(workers) == 1  # left behind by the dead worker

    (markers / "go").touch()
    log_b = (tmp_path / "worker-b.log").open("w")
    second = shared.manage(*worker_args, stdout=log_b, stderr=subprocess.STDOUT)
    try:
        wait_for(lambda: shared.task(task_id)[0] == "SUCCESSFUL", "the task to finish")
    finally:
        second.send_signal(signal.SIGTERM)
        second.wait(TIMEOUT)
        log_a.close()
        log_b.close()
    status, workers, _ = shared.task(task_id)
    assert len(workers) == 2 and workers[0] != workers[1]
    attempt_pids = attempts.read_text().split()
    assert attempt_pids == [str(first.pid), str(second.pid)]
    assert (markers / "finished").read_text().split() == [str(second.pid)]
    assert shared.one("SELECT status, progress, message FROM core_job WHERE task_id = %s", task_id) == (
        "done",
        100,
        "Klart",
    )
    assert "Återupptar 1 avbrutna uppgifter" in (tmp_path / "worker-b.log").read_text()
    # The second attempt read the upload the first one had read before it was killed, and the
    # upload is gone once the job has finished.
    result = shared.one("SELECT result FROM core_job WHERE task_id = %s", task_id)
    assert result is not None
    assert (json.loads(result[0]) if isinstance(result[0], str) else result[0])["upload"] == upload.decode()
    assert not list((tmp_path / "media").rglob("*.txt"))
