from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from varn.followup.services import build_report, current_program
from varn.organisations.models import Municipality


class Command(BaseCommand):
    help = (
        "Skapar rapporten ”Uppföljning av …” för kommunens program som DOCX eller PDF, sparar den som "
        "en fryst rapport i Värn och skriver filen till --out."
    )

    def add_arguments(self, parser):
        parser.add_argument("--municipality", required=True, help="Kommunens kortnamn, t.ex. alingsas")
        parser.add_argument("--format", required=True, choices=["docx", "pdf"], dest="fmt")
        parser.add_argument("--out", required=True, help="Filen att skriva")
        parser.add_argument("--user", help="Användarnamn som står som den som skapade rapporten")

    def handle(self, *args, municipality, fmt, out, user=None, **options):
        place = Municipality.objects.filter(slug=municipality).first()
        if place is None:
            raise CommandError(f"Ingen kommun med kortnamnet {municipality!r}.")
        program = current_program(place)
        if program is None:
            raise CommandError(f"{place} har inget program.")
        by = None
        if user:
            by = get_user_model().objects.filter(username=user).first()
            if by is None:
                raise CommandError(f"Ingen användare {user!r}.")
        report = build_report(program, by=by, formats=(fmt,))
        file = report.docx_file if fmt == "docx" else report.pdf_file
        with file.open("rb") as handle:
            Path(out).write_bytes(handle.read())
        self.stdout.write(f"{report.title}: {out} (rapport {report.pk})")
