"""A job's task is enqueued only once the job's row is committed (issue 16): a worker, or the
immediate backend in another live-server thread, never looks for a job that is not there yet, and a
transaction that rolls back leaves no task behind."""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction

from varn.core.jobs import retry_job, start_job
from varn.core.models import Job
from varn.core.tests.retry_tasks import picky_job


def _start(cast, text: bytes) -> Job:
    path = default_storage.save("uppladdningar/ko.txt", ContentFile(text))
    return start_job(
        picky_job,
        municipality=cast.municipality,
        kind="test",
        title="Läsa filen",
        by=cast.coordinator,
        path=path,
    )


def test_a_job_started_in_a_transaction_runs_only_once_it_commits(cast, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks, transaction.atomic():
        job = _start(cast, b"ok")
        job.refresh_from_db()
        # Not yet run, not yet in the queue: the worker could not find the job's row.
        assert job.status == Job.Status.QUEUED and job.task_id == "" and job.progress == 0
    assert len(callbacks) == 1
    callbacks[0]()
    job.refresh_from_db()
    assert job.status == Job.Status.DONE and job.task_id


def test_a_job_whose_transaction_rolls_back_leaves_nothing_queued(cast, django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        _start(cast, b"ok")
        raise RuntimeError("the request failed")
    assert callbacks == [] and not Job.objects.exists()


def test_try_again_in_a_transaction_also_waits_for_the_commit(cast, django_capture_on_commit_callbacks):
    job = _start(cast, b"fel")
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    default_storage.save(job.result["input"]["kwargs"]["path"], ContentFile(b"fel"))  # a failure removed it
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        assert retry_job(job) == ""
        job.refresh_from_db()
        assert job.status == Job.Status.QUEUED
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED and job.message == "Filen gick inte att tolka."
