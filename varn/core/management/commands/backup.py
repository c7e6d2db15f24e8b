from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from varn.core.backup import write_backup


class Command(BaseCommand):
    help = (
        "Säkerhetskopierar hela installationen (alla kommuner, historik, inloggningar) till FILE "
        "(gzip-komprimerad JSON). Återställ med `manage.py restore FILE`."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Filen att skriva, t.ex. varn-2026-11-27.json.gz")
        parser.add_argument("--database", default="default")

    def handle(self, *args, file: str, database: str, **options):
        path = Path(file)
        if path.exists():
            raise CommandError(f"{path} finns redan; välj ett nytt filnamn så att ingen kopia skrivs över.")
        partial = path.with_name(path.name + ".part")
        try:
            with partial.open("wb") as stream:
                manifest = write_backup(stream, using=database)
            partial.rename(path)
        finally:
            partial.unlink(missing_ok=True)
        rows = sum(manifest.tables.values())
        self.stdout.write(f"Skrev {path}: {rows} rader i {len(manifest.tables)} tabeller.")
