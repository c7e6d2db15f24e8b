"""`manage.py create_municipality --code 1489 --coordinator EMAIL`: a municipality from the official
list and an invitation (by e-mail) for its first coordinator."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email

from varn.accounts.invitations import set_up_municipality


class Command(BaseCommand):
    help = "Lägger upp en kommun ur listan över Sveriges kommuner och bjuder in dess första samordnare."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--code", required=True, help="Kommunkoden, fyra siffror (t.ex. 1489).")
        parser.add_argument("--coordinator", required=True, help="Samordnarens e-postadress.")

    def handle(self, *args, code: str, coordinator: str, **options) -> None:
        try:
            validate_email(coordinator)
            municipality, invitation = set_up_municipality(
                code.strip(), coordinator_email=coordinator, by=None
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(
            f"{municipality.name} ({municipality.code}) är upplagd. "
            f"En inbjudan har skickats till {invitation.email}."
        )
