"""Starting long work as a Django task and following it as a Job."""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.files.storage import default_storage
from django.db import transaction
from django.tasks import Task
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from varn.core.models import Job
from varn.core.pagecache import mark_changed

log = logging.getLogger(__name__)


class JobError(Exception):
    """A failure to show the user as it is (a clear Swedish message), not as a crash."""


def after_commit(func: Callable[[], None]) -> None:
    """Run `func` once the current transaction commits (at once outside one). A job's task is
    enqueued here: a worker, or the immediate backend in another thread, never looks for a job whose
    row is not yet committed, and a rolled-back request enqueues nothing (issue 16). Tests replace
    this with a version that treats the test case's own transaction as autocommit (conftest.py)."""
    transaction.on_commit(func, robust=False)


def _enqueue(task: Task, job: Job, kwargs: dict[str, Any]) -> None:
    result = task.enqueue(job.pk, **kwargs)
    job.task_id = str(result.id)[:64]
    Job.objects.filter(pk=job.pk).update(task_id=job.task_id)


def start_job(task: Task, *, municipality, kind: str, title: str, by, **kwargs: Any) -> Job:
    """Create the Job and enqueue `task(job_id, **kwargs)` once the Job is committed. The task
    and its input are kept with the job, so that a failed job can be tried again with the same
    input (`retry_job`)."""
    job = Job.objects.create(
        municipality=municipality,
        kind=kind,
        title=title,
        created_by=by,
        result={"input": {"task": task.module_path, "kwargs": kwargs}},
    )
    after_commit(lambda: _enqueue(task, job, kwargs))
    return job


def discard_parked_upload(path: str | None) -> None:
    """Remove an upload a view parked for a task (the `path` argument), once the task no longer
    needs it: finished, or its failed job purged. A worker killed mid-task leaves it for the next."""
    if path and default_storage.exists(path):
        default_storage.delete(path)


def job_body(func: Callable[..., None]) -> Callable[..., None]:
    """Wrap a task body: load the Job, run, and record a failure instead of losing it. An upload
    passed as `path` is kept until the body has finished or failed (issue 14, finding 3)."""

    @wraps(func)
    def wrapper(job_id: int, **kwargs: Any) -> None:
        job = Job.objects.select_related("municipality").get(pk=job_id)
        job.report(1, _("Startar …"))
        try:
            func(job, **kwargs)
        except JobError as error:
            job.fail(str(error))
        except Exception:  # the user sees a message; the log keeps the details
            log.exception("Job %s failed", job_id)
            job.fail(_("Något gick fel. Försök igen eller kontakta supporten."), error=traceback.format_exc())
        else:
            # Finished: the upload is not needed any more. A failed job keeps it for "Försök igen"
            # (retry_job) until purge_jobs removes the job; a killed worker never gets here, so the
            # re-queued attempt still finds it.
            discard_parked_upload(kwargs.get("path"))
        finally:
            # A job may change data in bulk, without signals: its municipality's pages are rebuilt.
            mark_changed([job.municipality_id])

    return wrapper


# Input kwargs that name a parked upload in storage: a retry needs the file to be there still.
FILE_INPUTS = ("path",)


def parked_uploads(job: Job) -> list[str]:
    """The uploads a job's input names (kept while the job can be tried again)."""
    kwargs = ((job.result or {}).get("input") or {}).get("kwargs") or {}
    return [kwargs[name] for name in FILE_INPUTS if kwargs.get(name)]


def retry_job(job: Job) -> str:
    """Queue a failed job's task again with the same input. Returns "" when it is queued, else
    the Swedish reason it cannot be."""
    if job.status != Job.Status.FAILED:
        return _("Jobbet har inte misslyckats och behöver inte köras igen.")
    given = (job.result or {}).get("input")
    if not given:
        return _("Jobbet startades innan Värn sparade indata för nya försök. Starta det på nytt.")
    kwargs = given.get("kwargs") or {}
    for name in FILE_INPUTS:
        if kwargs.get(name) and not default_storage.exists(kwargs[name]):
            return _("Filen som jobbet läste finns inte kvar. Ladda upp den igen och starta på nytt.")
    try:
        task = import_string(given["task"])
    except ImportError:
        return _("Uppgiften finns inte längre i Värn. Starta jobbet på nytt.")
    job.restart()
    after_commit(lambda: _enqueue(task, job, kwargs))
    return ""
