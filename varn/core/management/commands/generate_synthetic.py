import time

from django.core.management.base import BaseCommand, CommandError

from varn.core.synthetic import generate


class Command(BaseCommand):
    help = "Fyller databasen med realistiska, påhittade data för N kommuner (deterministiskt per --seed)."

    def add_arguments(self, parser):
        parser.add_argument("--municipalities", type=int, required=True)
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args, municipalities: int, seed: int, **options):
        if not 1 <= municipalities <= 290:
            raise CommandError("Ange mellan 1 och 290 kommuner.")
        start = time.perf_counter()

        def progress(i: int, name: str) -> None:
            if options["verbosity"] > 1 or i % 10 == 0 or i == municipalities:
                self.stdout.write(f"{i}/{municipalities} {name} ({time.perf_counter() - start:.0f} s)")

        created = generate(municipalities, seed=seed, progress=progress)
        self.stdout.write(f"{len(created)} kommuner skapade på {time.perf_counter() - start:.1f} s.")
