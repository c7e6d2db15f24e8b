"""Write the training coverage workbook to a file: the same workbook as the page's download button,
for scheduled exports."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from varn.organisations.models import Municipality
from varn.programs.models import Program
from varn.training.excel import coverage_export
from varn.training.services import current_program


class Command(BaseCommand):
    help = "Exporterar utbildningstäckningen för en kommun till en Excel-fil."

    def add_arguments(self, parser):
        parser.add_argument(
            "--municipality", required=True, help="Kommunens kortnamn (slug), t.ex. alingsas."
        )
        parser.add_argument("--out", required=True, help="Filen som skrivs, t.ex. utbildning.xlsx.")
        parser.add_argument("--program", type=int, help="Programmets id (standard: programmet som gäller).")

    def handle(self, *args, municipality: str, out: str, program: int | None = None, **options):
        found = Municipality.objects.filter(slug=municipality).first()
        if found is None:
            raise CommandError(f"Ingen kommun med kortnamnet ”{municipality}”.")
        if program is not None:
            chosen = Program.objects.for_municipality(found).filter(pk=program).first()
            if chosen is None:
                raise CommandError(f"Kommunen har inget program med id {program}.")
        else:
            chosen = current_program(found)
            if chosen is None:
                raise CommandError("Kommunen har inget program ännu.")
        path = Path(out)
        if not path.parent.exists():
            raise CommandError(f"Mappen {path.parent} finns inte.")
        path.write_bytes(coverage_export(chosen))
        self.stdout.write(f"Skrev {path} ({chosen.title}, {chosen.period_label}).")
