import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from varn.core.backup import BackupError, restore_backup
from varn.core.backup_key import KeyError_, decrypt


class Command(BaseCommand):
    help = (
        "Återställer en säkerhetskopia från `manage.py backup` till en tom databas "
        "(kör `manage.py migrate` först, med samma version av Värn). Nyckeln med --key eller "
        "i VARN_BACKUP_KEY; en fil som inte kan dekrypteras återställs inte."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--database", default="default")
        parser.add_argument("--key", help="Nyckeln (annars miljövariabeln VARN_BACKUP_KEY)")

    def handle(self, *args, file: str, database: str, key: str | None, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"Hittar inte {path}.")
        try:
            data = decrypt(path.read_bytes(), key)
        except KeyError_ as error:
            raise CommandError(str(error)) from error
        with tempfile.TemporaryDirectory() as folder:
            plain = Path(folder) / "kopia.json.gz"
            plain.write_bytes(data)
            try:
                manifest = restore_backup(plain, using=database)
            except BackupError as error:
                raise CommandError(str(error)) from error
        rows = sum(manifest.tables.values())
        self.stdout.write(
            f"Återställde {rows} rader i {len(manifest.tables)} tabeller (kopia från {manifest.created_at})."
        )
