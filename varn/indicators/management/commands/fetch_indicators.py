from django.core.management.base import BaseCommand, CommandError

from varn.indicators.kolada import KoladaError
from varn.indicators.models import Indicator
from varn.indicators.services import fetch_for_municipality
from varn.organisations.models import Municipality


class Command(BaseCommand):
    help = "Hämtar de valda nyckeltalen från Kolada för varje kommun (körs dagligen)."

    def add_arguments(self, parser):
        parser.add_argument("--municipality", help="bara den här kommunen (kortnamn)")

    def handle(self, *args, municipality=None, **options):
        municipalities = Municipality.objects.filter(
            pk__in=Indicator.objects.active().values("municipality_id")
        ).order_by("name")
        if municipality:
            municipalities = Municipality.objects.filter(slug=municipality)
            if not municipalities.exists():
                raise CommandError(f"Ingen kommun med kortnamnet {municipality}.")
        failures = 0
        for m in municipalities:
            try:
                stored = fetch_for_municipality(m)
            except KoladaError as error:
                failures += 1
                self.stderr.write(f"{m.name}: {error} De senast hämtade värdena finns kvar.")
            else:
                self.stdout.write(f"{m.name}: {stored} värden hämtade.")
        if failures:
            raise CommandError(f"Hämtningen misslyckades för {failures} kommuner.")
