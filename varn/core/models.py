"""Background jobs as the user sees them: what is running, how far it has come, and the result."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from varn.organisations.models import Municipality, TenantQuerySet


class Job(models.Model):
    """One piece of long work (reading a protocol, building a report) run by a Django task.

    The task updates `progress`; the page polls it. `result` holds plain data for the review or
    download page at `result_url`."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("I kö")
        RUNNING = "running", _("Pågår")
        DONE = "done", _("Klart")
        FAILED = "failed", _("Misslyckades")

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=40)
    title = models.CharField(_("uppgift"), max_length=200)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(_("förlopp"), default=0)
    message = models.CharField(_("meddelande"), max_length=300, blank=True)
    result = models.JSONField(default=dict, blank=True)
    result_url = models.CharField(max_length=300, blank=True)
    error = models.TextField(blank=True)
    task_id = models.CharField(max_length=64, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = TenantQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["municipality", "created_at"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("jobs:detail", args=[self.municipality.slug, self.pk])

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    def report(self, progress: int, message: str = "") -> None:
        """Called by the task as it goes."""
        self.status = self.Status.RUNNING
        self.progress = max(0, min(100, progress))
        self.message = message[:300]
        self.save(update_fields=["status", "progress", "message"])

    def finish(self, *, result: dict | None = None, result_url: str = "", message: str = "") -> None:
        self.status = self.Status.DONE
        self.progress = 100
        self.result = result or {}
        self.result_url = result_url
        self.message = message[:300]
        self.finished_at = timezone.now()
        self.save(update_fields=["status", "progress", "result", "result_url", "message", "finished_at"])

    def fail(self, message: str, *, error: str = "") -> None:
        """Record the failure and the point the job had reached, which `message` replaces."""
        self.result = {
            **(self.result or {}),
            "reached": {"progress": self.progress, "step": self.message},
        }
        self.status = self.Status.FAILED
        self.message = message[:300]
        self.error = error
        self.finished_at = timezone.now()
        self.save(update_fields=["status", "message", "error", "finished_at", "result"])

    @property
    def reached(self) -> dict:
        """Where a failed job stopped: {"progress": 92, "step": "Tolkar protokollet"}."""
        return (self.result or {}).get("reached") or {}

    def restart(self) -> None:
        """Back in the queue from the start, for `core.jobs.retry_job`."""
        self.status = self.Status.QUEUED
        self.progress = 0
        self.message = ""
        self.error = ""
        self.finished_at = None
        self.result = {key: value for key, value in (self.result or {}).items() if key == "input"}
        self.save(update_fields=["status", "progress", "message", "error", "finished_at", "result"])

    @property
    def is_waiting_for_worker(self) -> bool:
        """Queued for longer than a worker takes to pick a job up, and no worker is alive."""
        if self.status != self.Status.QUEUED:
            return False
        waited = (timezone.now() - self.created_at).total_seconds()
        return waited > settings.VARN_WORKER_STALE_SECONDS and not WorkerHeartbeat.objects.alive().exists()


class WorkerHeartbeatQuerySet(models.QuerySet):
    def alive(self) -> WorkerHeartbeatQuerySet:
        since = timezone.now() - timedelta(seconds=settings.VARN_WORKER_STALE_SECONDS)
        return self.filter(last_seen_at__gte=since)


class WorkerHeartbeat(models.Model):
    """A background worker says every few seconds that it lives (`manage.py varn_worker`).

    Machinery, not the municipality's data: no tenant and no audit trail. The row goes when the
    worker stops; one left by a killed worker simply grows old."""

    worker_id = models.CharField(max_length=64, unique=True)
    started_at = models.DateTimeField(default=timezone.now)
    last_seen_at = models.DateTimeField(default=timezone.now, db_index=True)

    objects = WorkerHeartbeatQuerySet.as_manager()

    class Meta:
        ordering = ["-last_seen_at"]

    def __str__(self) -> str:
        return self.worker_id

    @classmethod
    def beat(cls, worker_id: str) -> None:
        cls.objects.update_or_create(worker_id=worker_id, defaults={"last_seen_at": timezone.now()})

    @classmethod
    def latest(cls) -> WorkerHeartbeat | None:
        return cls.objects.order_by("-last_seen_at").first()
