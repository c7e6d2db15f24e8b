from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from varn.core.permissions_matrix import markdown_table

START, END = "<!-- matrix:start -->\n", "<!-- matrix:end -->"


class Command(BaseCommand):
    help = "Skriver behörighetsmatrisen som Markdown (med --write: in i docs/permissions.md)."

    def add_arguments(self, parser):
        parser.add_argument("--write", action="store_true", help="Uppdatera tabellen i docs/permissions.md.")

    def handle(self, *args, write: bool, **options):
        table = markdown_table()
        if not write:
            self.stdout.write(table, ending="")
            return
        path = Path(settings.BASE_DIR) / "docs" / "permissions.md"
        text = path.read_text(encoding="utf-8")
        before, rest = text.split(START, 1)
        _, after = rest.split(END, 1)
        path.write_text(before + START + table + END + after, encoding="utf-8")
        self.stdout.write(f"Skrev {path}")
