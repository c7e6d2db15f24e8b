import io
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from varn.core.backup import write_backup
from varn.core.backup_key import KeyError_, encrypt
from varn.core.backup_key import new_key as make_key


class Command(BaseCommand):
    help = (
        "Säkerhetskopierar hela installationen (alla kommuner, historik, inloggningar) till FILE "
        "(gzip-komprimerad JSON, krypterad med nyckeln från --key eller VARN_BACKUP_KEY). "
        "Återställ med `manage.py restore FILE`."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", help="Filen att skriva, t.ex. varn-2026-11-27.json.gz.enc")
        parser.add_argument("--database", default="default")
        parser.add_argument("--key", help="Nyckeln (annars miljövariabeln VARN_BACKUP_KEY)")
        parser.add_argument("--new-key", action="store_true", help="Skriv ut en ny nyckel och avsluta")

    def handle(self, *args, file: str | None, database: str, key: str | None, new_key: bool, **options):
        if new_key:
            self.stdout.write(make_key())
            return
        if not file:
            raise CommandError("Ange filen att skriva.")
        path = Path(file)
        if path.exists():
            raise CommandError(f"{path} finns redan; välj ett nytt filnamn så att ingen kopia skrivs över.")
        buffer = io.BytesIO()
        manifest = write_backup(buffer, using=database)
        try:
            data = encrypt(buffer.getvalue(), key)
        except KeyError_ as error:
            raise CommandError(str(error)) from error
        partial = path.with_name(path.name + ".part")
        try:
            partial.write_bytes(data)
            partial.rename(path)
        finally:
            partial.unlink(missing_ok=True)
        rows = sum(manifest.tables.values())
        self.stdout.write(f"Skrev {path} (krypterad): {rows} rader i {len(manifest.tables)} tabeller.")
