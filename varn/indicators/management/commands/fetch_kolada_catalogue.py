from django.core.management.base import BaseCommand, CommandError

from varn.indicators.kolada import KoladaError
from varn.indicators.services import fetch_catalogue


class Command(BaseCommand):
    help = "Hämtar Koladas katalog över nyckeltal och kommungrupper (körs dagligen, före fetch_indicators)."

    def handle(self, *args, **options):
        try:
            counts = fetch_catalogue()
        except KoladaError as error:
            raise CommandError(f"{error} Den senast hämtade katalogen finns kvar.") from error
        self.stdout.write(f"{counts.kpis} nyckeltal och {counts.groups} kommungrupper hämtade.")
