"""Nothing lost when a background worker dies: tasks left RUNNING by a dead worker are queued again.

django-tasks-db marks a task RUNNING when a worker claims it and records the worker's id. If the
worker is killed (out of memory, a deploy, a crash), the task stays RUNNING for ever. The worker
started by `manage.py varn_worker` therefore

- gives itself an id that says where it runs: "varn:<host>:<pid>:<process start time>";
- on PostgreSQL, holds an advisory lock named after that id, on a connection of its own, for as long
  as it lives (the server drops the lock the moment the process's connection goes);
- when it starts, and then every few seconds, re-queues RUNNING tasks whose worker is dead: on
  PostgreSQL, a worker is dead when its lock can be taken; on SQLite (one machine only), when no
  process with that pid and start time exists. Workers it cannot judge (another host on SQLite, or an
  id it did not make) are left alone.

A re-queued task runs again from the start, so task bodies must be safe to run again (Värn's jobs
are: they build their result and save it at the end). After MAX_ATTEMPTS interrupted runs the task
is marked failed instead, so that a task that kills its worker cannot loop for ever."""

from __future__ import annotations

import hashlib
import logging
import os
import socket
import threading
from dataclasses import dataclass
from functools import partial
from typing import Any

from django.db import close_old_connections, connections, transaction
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from varn.core.jobs import discard_parked_upload
from varn.core.models import Job, WorkerHeartbeat

log = logging.getLogger(__name__)

PREFIX = "varn"
MAX_ATTEMPTS = 3
LOCK_NAMESPACE = 0x56524E  # the first key of pg_advisory_lock(int, int): "VRN"


def _process_start(pid: int) -> str | None:
    """When the process started (clock ticks since boot), or None when there is no such process."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as f:
            stat = f.read()
    except FileNotFoundError:
        return None
    except OSError:
        return "0"
    # The command name (field 2) may hold spaces; the fields after its closing parenthesis do not.
    return stat.rsplit(")", 1)[1].split()[19]


def make_worker_id() -> str:
    host = socket.gethostname().split(".")[0][:24]
    pid = os.getpid()
    return f"{PREFIX}:{host}:{pid}:{_process_start(pid) or '0'}"[:64]


@dataclass(frozen=True)
class WorkerName:
    host: str
    pid: int
    start: str


def parse_worker_id(worker_id: str | None) -> WorkerName | None:
    parts = (worker_id or "").split(":")
    if len(parts) != 4 or parts[0] != PREFIX or not parts[2].isdigit():
        return None
    return WorkerName(parts[1], int(parts[2]), parts[3])


def _lock_key(worker_id: str) -> int:
    return int.from_bytes(hashlib.blake2b(worker_id.encode(), digest_size=4).digest(), "big", signed=True)


class Liveness:
    """Proof that a worker lives, held from start to exit (on PostgreSQL: an advisory lock)."""

    def __init__(self, worker_id: str, *, using: str = "default") -> None:
        self.worker_id = worker_id
        self._connection: Any = None
        wrapper = connections[using]
        if wrapper.vendor == "postgresql":
            self._connection = wrapper.get_new_connection(wrapper.get_connection_params())
            self._connection.autocommit = True
            with self._connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_lock(%s, %s)", (LOCK_NAMESPACE, _lock_key(worker_id)))

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None


def is_alive(worker_id: str | None, *, using: str = "default") -> bool | None:
    """True or False when Värn can tell, None when it cannot (then the task is left alone)."""
    name = parse_worker_id(worker_id)
    if name is None or worker_id is None:
        return None
    connection = connections[using]
    if connection.vendor == "postgresql":
        with transaction.atomic(using=using), connection.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_xact_lock(%s, %s)", (LOCK_NAMESPACE, _lock_key(worker_id)))
            taken = cursor.fetchone()[0]
        return not taken
    if name.host != socket.gethostname().split(".")[0][:24]:
        return None
    return _process_start(name.pid) == name.start


@dataclass
class Recovered:
    requeued: list[str]
    failed: list[str]


def recover_tasks(*, using: str = "default", max_attempts: int = MAX_ATTEMPTS) -> Recovered:
    """Queue again the tasks whose worker died while running them; fail those interrupted too often."""
    recovered = Recovered([], [])
    running = DBTaskResult.objects.using(using).filter(status=TaskResultStatus.RUNNING)
    for result in running.only("id", "worker_ids"):
        last = result.worker_ids[-1] if result.worker_ids else None
        if is_alive(last, using=using) is not False:
            continue
        with transaction.atomic(using=using):
            task = (
                DBTaskResult.objects.using(using)
                .select_for_update()
                .filter(pk=result.pk, status=TaskResultStatus.RUNNING)
                .first()
            )
            if task is None or task.worker_ids != result.worker_ids:
                continue  # finished, or claimed again, since we looked
            jobs = Job.objects.using(using).filter(task_id=str(task.pk))
            if len(task.worker_ids) >= max_attempts:
                task.status = TaskResultStatus.FAILED
                task.finished_at = timezone.now()
                task.exception_class_path = "varn.core.workers.WorkerLost"
                task.traceback = (
                    f"The worker running this task died {len(task.worker_ids)} times: {task.worker_ids}"
                )
                task.save(update_fields=["status", "finished_at", "exception_class_path", "traceback"])
                jobs.exclude(status=Job.Status.DONE).update(
                    status=Job.Status.FAILED,
                    message="Uppgiften avbröts flera gånger och har stoppats. Kontakta supporten.",
                    finished_at=timezone.now(),
                )
                recovered.failed.append(str(task.pk))
                # Failed for good: the upload it was given is not needed any more.
                transaction.on_commit(
                    partial(discard_parked_upload, (task.args_kwargs or {}).get("kwargs", {}).get("path")),
                    using=using,
                )
                log.error("Task %s failed: its worker died %s times.", task.pk, len(task.worker_ids))
            else:
                task.status = TaskResultStatus.READY
                task.started_at = None
                task.save(update_fields=["status", "started_at"])
                jobs.exclude(status=Job.Status.DONE).update(
                    status=Job.Status.QUEUED, message="Avbröts när bakgrundsprocessen stoppades; körs igen."
                )
                recovered.requeued.append(str(task.pk))
                log.warning("Task %s re-queued: worker %s is gone.", task.pk, last)
    return recovered


class Recoverer(threading.Thread):
    """Runs recover_tasks every `every` seconds beside the worker's own loop."""

    def __init__(self, every: float, *, using: str = "default", max_attempts: int = MAX_ATTEMPTS) -> None:
        super().__init__(name="varn-recover-tasks", daemon=True)
        self.every, self.using, self.max_attempts = every, using, max_attempts
        self.stopped = threading.Event()

    def run(self) -> None:
        try:
            while not self.stopped.wait(self.every):
                try:
                    recover_tasks(using=self.using, max_attempts=self.max_attempts)
                except Exception:  # a failed round is retried at the next; the worker must go on
                    log.exception("Recovering tasks failed")
                finally:
                    close_old_connections()
        finally:
            connections.close_all()  # see Heartbeat.run


class Heartbeat(threading.Thread):
    """Writes the worker's heartbeat every `every` seconds, so that pages can tell whether a worker
    is alive (a queued job says when none is; /healthz shows it). The row goes when it stops."""

    def __init__(self, worker_id: str, every: float) -> None:
        super().__init__(name="varn-heartbeat", daemon=True)
        self.worker_id, self.every = worker_id, every
        self.stopped = threading.Event()

    def run(self) -> None:
        try:
            while True:
                try:
                    WorkerHeartbeat.beat(self.worker_id)
                except Exception:  # a missed beat is retried at the next; the worker must go on
                    log.exception("Writing the worker's heartbeat failed")
                finally:
                    close_old_connections()
                if self.stopped.wait(self.every):
                    break
        finally:
            # close_old_connections keeps a connection younger than CONN_MAX_AGE; a thread that
            # ends must not leave its session open on the server (it kept DROP DATABASE from
            # running after the test suite, "being accessed by other users").
            connections.close_all()

    def stop(self) -> None:
        self.stopped.set()
        self.join(timeout=self.every + 5)
        try:
            WorkerHeartbeat.objects.filter(worker_id=self.worker_id).delete()
        finally:
            close_old_connections()
