"""A failed job says what went wrong in Swedish and where it stopped, is not shown as running,
and "Försök igen" runs the same task with the same input, or says why it cannot."""

from __future__ import annotations

import datetime
from io import StringIO

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from varn.core.jobs import start_job
from varn.core.models import Job
from varn.core.tests.retry_tasks import picky_job


def _failed_job(cast, by) -> Job:
    path = default_storage.save("uppladdningar/forsok.txt", ContentFile(b"fel"))
    job = start_job(
        picky_job, municipality=cast.municipality, kind="test", title="Läsa filen", by=by, path=path
    )
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    return job


def _page(cast, user, job) -> str:
    return cast.client(user).get(reverse("jobs:detail", args=[cast.slug, job.pk])).content.decode()


def test_a_failed_job_says_what_went_wrong_and_where_it_stopped(cast):
    job = _failed_job(cast, cast.coordinator)
    body = _page(cast, cast.coordinator, job)
    assert "Jobbet misslyckades" in body and "Filen gick inte att tolka." in body
    assert "Tolkar filen" in body and "92 % klart" in body
    assert "Försök igen" in body
    assert "<progress" not in body and "Pågår" not in body and "hx-trigger" not in body


def test_try_again_runs_the_same_task_with_the_same_input(cast):
    job = _failed_job(cast, cast.coordinator)
    default_storage.delete(job.result["input"]["kwargs"]["path"])
    default_storage.save(job.result["input"]["kwargs"]["path"], ContentFile(b"ok"))
    response = cast.client(cast.coordinator).post(
        reverse("jobs:retry", args=[cast.slug, job.pk]), follow=True
    )
    job.refresh_from_db()
    assert job.status == Job.Status.DONE and job.progress == 100
    assert "Jobbet körs igen." in response.content.decode()


def test_a_failed_job_keeps_its_upload_so_that_try_again_reads_the_same_file(cast):
    job = _failed_job(cast, cast.coordinator)
    path = job.result["input"]["kwargs"]["path"]
    assert default_storage.exists(path)
    with default_storage.open(path, "wb") as f:  # the cause is fixed (a disk, a service) meanwhile
        f.write(b"ok")
    cast.client(cast.coordinator).post(reverse("jobs:retry", args=[cast.slug, job.pk]))
    job.refresh_from_db()
    assert job.status == Job.Status.DONE
    assert not default_storage.exists(path)  # finished: the parked upload is gone


def test_purging_a_failed_job_removes_the_upload_it_kept(cast, settings):
    job = _failed_job(cast, cast.coordinator)
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}  # purge prunes its queue
    path = job.result["input"]["kwargs"]["path"]
    Job.objects.filter(pk=job.pk).update(finished_at=timezone.now() - datetime.timedelta(days=40))
    call_command("purge_jobs", "--days", "30", stdout=StringIO())
    assert not Job.objects.filter(pk=job.pk).exists()
    assert not default_storage.exists(path)


def test_try_again_says_why_when_the_file_is_gone(cast):
    job = _failed_job(cast, cast.coordinator)
    default_storage.delete(job.result["input"]["kwargs"]["path"])
    response = cast.client(cast.coordinator).post(
        reverse("jobs:retry", args=[cast.slug, job.pk]), follow=True
    )
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert "Filen som jobbet läste finns inte kvar" in response.content.decode()


def test_the_starter_may_try_again_a_reader_may_not_and_an_outsider_gets_404(cast):
    job = _failed_job(cast, cast.unit_editor)
    url = reverse("jobs:retry", args=[cast.slug, job.pk])
    assert cast.client(cast.viewer).post(url).status_code == 403
    assert cast.client(cast.outsider).post(url).status_code == 404
    assert cast.client(cast.unit_editor).post(url).status_code == 302
