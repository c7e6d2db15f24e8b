from django.core.management.base import BaseCommand, CommandError

from varn.core.demo import RealDataError, load_demo
from varn.organisations.demo import DEMO_PASSWORD

USERS = [
    ("samordnare", "samordnare (folkhälsostrateg), Alingsås kommun"),
    ("forvaltning", "förvaltningskontakt, socialförvaltningen i Alingsås"),
    ("facket", "samverkanspart, fackförbundet Vision i Alingsås"),
    ("politiker", "läsare (förtroendevald), Alingsås kommun"),
    ("grannkommun", "samordnare i Lerums kommun (ser inte Alingsås)"),
]


class Command(BaseCommand):
    help = "Läser in demodata för Alingsås kommun (och en grannkommun). Kan köras flera gånger."

    def add_arguments(self, parser):
        parser.add_argument("--reset", action="store_true", help="Ta bort demodata och läs in den på nytt.")
        parser.add_argument(
            "--force", action="store_true", help="Läs in även om databasen har riktiga kommuner."
        )

    def handle(self, *args, reset: bool, force: bool, **options):
        try:
            loaded, _ = load_demo(reset=reset, force=force)
        except RealDataError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            "Demodata inläst." if loaded else "Demodata finns redan (--reset läser in den på nytt)."
        )
        self.stdout.write(f"Demoinloggningar (lösenord: {DEMO_PASSWORD}):")
        for username, what in USERS:
            self.stdout.write(f"  {username:12} {what}")
