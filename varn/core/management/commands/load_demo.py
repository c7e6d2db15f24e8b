from django.core.management.base import BaseCommand, CommandError

from varn.core.demo import STAGES, RealDataError, load_demo
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
        parser.add_argument(
            "--stage",
            choices=sorted(STAGES),
            default="adopted",
            help="adopted (standard): programmet antaget och genomfört sedan dess. proposal: dagen före "
            "KSAU 2025-10-22 § 170, med programförslaget och beslutsgången fram till yttrandet 2025-10-15.",
        )

    def handle(self, *args, reset: bool, force: bool, stage: str, **options):
        try:
            loaded, _ = load_demo(reset=reset, force=force, stage=stage)
        except RealDataError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            "Demodata inläst." if loaded else "Demodata finns redan (--reset läser in den på nytt)."
        )
        if loaded and stage == "proposal":
            self.stdout.write(
                "Läge: programförslaget före KSAU 2025-10-22 § 170. Läs in protokollet "
                "(../shared/seed/000_9117805203868d6b.txt) under Beslut → Läs in protokoll."
            )
        self.stdout.write(f"Demoinloggningar (lösenord: {DEMO_PASSWORD}):")
        for username, what in USERS:
            self.stdout.write(f"  {username:12} {what}")
