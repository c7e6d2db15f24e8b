"""A task for the retry tests: it reads a parked file and fails on the text "fel"."""

from __future__ import annotations

from django.core.files.storage import default_storage
from django.tasks import task

from varn.core.jobs import JobError, job_body


@task()
@job_body
def picky_job(job, *, path: str) -> None:
    job.report(92, "Tolkar filen")
    with default_storage.open(path, "rb") as f:
        if f.read() == b"fel":
            raise JobError("Filen gick inte att tolka.")
    job.finish(message="Klart")
