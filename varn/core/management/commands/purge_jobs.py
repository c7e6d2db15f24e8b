import datetime

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from varn.core.jobs import discard_parked_upload, parked_uploads
from varn.core.models import Job


class Command(BaseCommand):
    help = (
        "Tar bort färdiga bakgrundsjobb som är äldre än --days dagar (standard 30): deras resultat "
        "(till exempel ett inläst protokoll som väntar på granskning), filer som misslyckade jobb sparat för "
        "ett nytt försök, och köns poster med deras "
        "argument (till exempel inklistrad protokolltext). Säker att köra varje dag."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=30, help="Hur gamla färdiga jobb som tas bort")

    def handle(self, *args, days: int, **options):
        if days < 1:
            raise CommandError("Ange minst 1 dag: ett jobb som just blivit klart kan granskas nu.")
        cutoff = timezone.now() - datetime.timedelta(days=days)
        finished = Job.objects.filter(status__in=[Job.Status.DONE, Job.Status.FAILED], finished_at__lt=cutoff)
        # A failed job kept its upload for "Försök igen": it goes with the job.
        kept = [
            path
            for job in finished.filter(status=Job.Status.FAILED).only("result")
            for path in parked_uploads(job)
        ]
        removed, _ = finished.delete()
        for path in kept:
            discard_parked_upload(path)
        call_command("prune_db_task_results", min_age_days=days, queue_name="*", verbosity=0)
        self.stdout.write(f"Tog bort {removed} färdiga jobb äldre än {days} dagar, och köns poster för dem.")
