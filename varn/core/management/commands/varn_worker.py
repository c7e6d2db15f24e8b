"""`manage.py varn_worker`: django-tasks-db's db_worker, plus recovery of tasks a dead worker left
running and a heartbeat that pages read (see varn/core/workers.py). Takes every option db_worker takes."""

from __future__ import annotations

from django.conf import settings
from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand

from varn.core.workers import MAX_ATTEMPTS, Heartbeat, Liveness, Recoverer, make_worker_id, recover_tasks


class Command(DbWorkerCommand):
    help = "Kör bakgrundsuppgifter. Uppgifter som en avbruten process lämnade halvfärdiga körs om."

    def add_arguments(self, parser) -> None:
        super().add_arguments(parser)
        parser.set_defaults(worker_id=None)
        parser.add_argument(
            "--recover-every",
            type=float,
            default=30.0,
            help="Sekunder mellan kontrollerna av uppgifter som en död process lämnat (standard 30).",
        )
        parser.add_argument(
            "--max-attempts",
            type=int,
            default=MAX_ATTEMPTS,
            help="Hur många avbrutna körningar en uppgift får innan den markeras som misslyckad.",
        )

    def handle(self, *args, **options) -> None:  # type: ignore[override]
        recover_every: float = options.pop("recover_every")
        max_attempts: int = options.pop("max_attempts")
        # One id per process: under --reload the child that runs the tasks makes its own.
        worker_id = options.pop("worker_id") or make_worker_id()
        liveness = Liveness(worker_id)
        recoverer = Recoverer(recover_every, max_attempts=max_attempts)
        heartbeat = Heartbeat(worker_id, settings.VARN_WORKER_HEARTBEAT_SECONDS)
        try:
            heartbeat.start()
            recovered = recover_tasks(max_attempts=max_attempts)
            if recovered.requeued or recovered.failed:
                self.stdout.write(
                    f"Återupptar {len(recovered.requeued)} avbrutna uppgifter; "
                    f"{len(recovered.failed)} avbröts för många gånger."
                )
            recoverer.start()
            super().handle(*args, worker_id=worker_id, **options)
        finally:
            recoverer.stopped.set()
            heartbeat.stop()
            liveness.close()
