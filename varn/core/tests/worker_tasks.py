"""A task for the worker-recovery test: it records each attempt, waits until the test lets it go
on (the first attempt is killed while it waits), and records when it finished."""

from __future__ import annotations

import os
import time
from pathlib import Path

from django.tasks import task

from varn.core.jobs import job_body


@task()
@job_body
def careful_job(job, *, marker_dir: str, path: str = "") -> None:
    from varn.decisions.tasks import take_stored_upload

    markers = Path(marker_dir)
    with (markers / "attempts").open("a") as f:
        f.write(f"{os.getpid()}\n")
    # Like the OCR and document-import tasks: the upload the view parked is read first.
    upload = take_stored_upload(path, "text", "protokoll.txt").data.decode() if path else ""
    job.report(50, "Halvvägs")
    while not (markers / "go").exists():
        time.sleep(0.05)
    job.finish(result={"klart": True, "upload": upload}, message="Klart")
    with (markers / "finished").open("a") as f:
        f.write(f"{os.getpid()}\n")


def enqueue(marker_dir: str, upload: bytes = b"") -> str:
    """Start the job for the test (run in a subprocess, against the database the workers use),
    with an upload parked in storage as the views park one."""
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    from varn.core.jobs import start_job
    from varn.organisations.models import Municipality

    municipality, _ = Municipality.objects.get_or_create(
        slug="alingsas", defaults={"name": "Alingsås", "code": "1489"}
    )
    path = default_storage.save("uploads/parkerad.txt", ContentFile(upload)) if upload else ""
    job = start_job(
        careful_job,
        municipality=municipality,
        kind="test",
        title="Test",
        by=None,
        marker_dir=marker_dir,
        path=path,
    )
    return job.task_id
