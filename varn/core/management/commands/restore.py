from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from varn.core.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = (
        "Återställer en säkerhetskopia från `manage.py backup` till en tom databas "
        "(kör `manage.py migrate` först, med samma version av Värn)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--database", default="default")

    def handle(self, *args, file: str, database: str, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"Hittar inte {path}.")
        try:
            manifest = restore_backup(path, using=database)
        except BackupError as error:
            raise CommandError(str(error)) from error
        rows = sum(manifest.tables.values())
        self.stdout.write(
            f"Återställde {rows} rader i {len(manifest.tables)} tabeller (kopia från {manifest.created_at})."
        )
