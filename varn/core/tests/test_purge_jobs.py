import datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from varn.core.jobs import start_job
from varn.core.models import Job
from varn.core.tests.worker_tasks import careful_job  # only queued here, never run


def finished_job(cast, *, days_ago: int, status=Job.Status.DONE) -> Job:
    job = start_job(
        careful_job,
        municipality=cast.municipality,
        kind="test",
        title="Prov",
        by=cast.coordinator,
        marker_dir="-",
    )
    Job.objects.filter(pk=job.pk).update(
        status=status,
        result={"text": "Protokolltext som väntar på granskning"},
        finished_at=timezone.now() - datetime.timedelta(days=days_ago),
    )
    DBTaskResult.objects.filter(id=job.task_id).update(
        status="SUCCESSFUL", finished_at=timezone.now() - datetime.timedelta(days=days_ago)
    )
    return job


@pytest.fixture
def queued(settings):
    """Tasks go to the database queue (the tests otherwise run them at once)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def test_old_finished_jobs_and_their_queue_entries_are_removed(cast, queued):
    old = finished_job(cast, days_ago=40)
    failed = finished_job(cast, days_ago=35, status=Job.Status.FAILED)
    recent = finished_job(cast, days_ago=3)
    running = start_job(
        careful_job, municipality=cast.municipality, kind="test", title="Pågår", by=None, marker_dir="-"
    )
    out = StringIO()
    call_command("purge_jobs", stdout=out)
    left = set(Job.objects.values_list("pk", flat=True))
    assert old.pk not in left and failed.pk not in left
    assert {recent.pk, running.pk} <= left
    assert not DBTaskResult.objects.filter(id=old.task_id).exists()
    assert DBTaskResult.objects.filter(id=recent.task_id).exists()
    assert "Tog bort 2 färdiga jobb" in out.getvalue()


def test_zero_days_is_refused(db):
    with pytest.raises(CommandError, match="minst 1 dag"):
        call_command("purge_jobs", days=0)
