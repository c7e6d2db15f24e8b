import datetime

from django.core.management.base import BaseCommand, CommandError

from varn.followup.models import SentReminder
from varn.followup.notifications import send_due_reminders


class Command(BaseCommand):
    help = (
        "Skickar e-post om öppna uppföljningsomgångar: meddelande om öppnad omgång, påminnelse före sista "
        "svarsdag och när den har passerat. Säker att köra dagligen: ingen får samma påminnelse två gånger."
    )

    def add_arguments(self, parser):
        parser.add_argument("--date", help="Kör som om dagens datum vore detta (ÅÅÅÅ-MM-DD).")
        parser.add_argument(
            "--base-url", help="Webbplatsens adress för länkar, t.ex. https://varn.example.se"
        )

    def handle(self, *args, date=None, base_url=None, **options):
        try:
            today = datetime.date.fromisoformat(date) if date else None
        except ValueError as error:
            raise CommandError("Ange datumet som ÅÅÅÅ-MM-DD.") from error
        counts = send_due_reminders(today=today, base_url=base_url)
        for kind, label in SentReminder.Kind.choices:
            self.stdout.write(f"{label}: {counts.get(kind, 0)}")
