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


def start_job(
    task: Task, *, municipality, kind: str, title: str, by, after_commit: bool = False, **kwargs: Any
) -> Job:
    """Create the Job and enqueue `task(job_id, **kwargs)`. The task and its input are kept with
    the job, so that a failed job can be tried again with the same input (`retry_job`).

    `after_commit`: enqueue only once the transaction that created the Job has committed
    (`transaction.on_commit`), so that a worker never picks up a task whose Job, or whose data,
    it cannot see yet; a rolled-back request queues nothing."""
    job = Job.objects.create(
        municipality=municipality,
        kind=kind,
        title=title,
        created_by=by,
        result={"input": {"task": task.module_path, "kwargs": kwargs}},
    )

    def enqueue() -> None:
        result = task.enqueue(job.pk, **kwargs)
        Job.objects.filter(pk=job.pk).update(task_id=str(result.id)[:64])

    if after_commit:
        transaction.on_commit(enqueue)
        return job
    enqueue()
    job.refresh_from_db()
    return job


def discard_parked_upload(path: str | None) -> None:
    """Remove an upload a view parked for a task (the `path` argument), once the task no longer
    needs it: finished, or failed for good. A worker killed mid-task leaves it for the next."""
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
        finally:
            # Finished or failed for good (a retry starts from a new upload); a killed worker never
            # gets here, so the next attempt still finds the upload.
            discard_parked_upload(kwargs.get("path"))
            # A job may change data in bulk, without signals: its municipality's pages are rebuilt.
            mark_changed([job.municipality_id])

    return wrapper


# Input kwargs that name a parked upload in storage: a retry needs the file to be there still.
FILE_INPUTS = ("path",)


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
    result = task.enqueue(job.pk, **kwargs)
    Job.objects.filter(pk=job.pk).update(task_id=str(result.id)[:64])
    return ""
