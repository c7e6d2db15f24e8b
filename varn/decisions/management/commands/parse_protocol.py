"""`manage.py parse_protocol FILE --json`: read a protocol (text, PDF, scanned PDF) and print what it says."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError

from varn.decisions.messages import no_paragraph_found
from varn.documents.extract import PROTOCOL_KINDS, DocumentError, protocol_text, read_path
from varn.reading.protocol import parse_protocol


class Command(BaseCommand):
    help = "Läser ett protokoll (text, PDF eller inskannad PDF) och skriver ut dess paragrafer."

    def add_arguments(self, parser):
        parser.add_argument("file", help="Protokollet: en textfil, en PDF eller en Word-fil.")
        parser.add_argument("--json", action="store_true", help="Skriv ut resultatet som JSON.")

    def handle(self, *args, **options):
        try:
            checked = read_path(options["file"], PROTOCOL_KINDS)
            text = protocol_text(checked)
        except DocumentError as error:
            raise CommandError(str(error)) from error
        parsed = parse_protocol(text)
        if not parsed.paragraphs:
            raise CommandError(no_paragraph_found(parsed.source_lines))
        data = parsed.as_json()
        if options["json"]:
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
            return
        self.stdout.write(
            f"{data['body'] or '–'} {data['meeting_date'] or '–'} ({data['municipality'] or '–'})"
        )
        for p in data["paragraphs"]:
            self.stdout.write(f"§ {p['number']} {p['case_number'] or ''} {p['title']}")
            for r in p["referenced_decisions"]:
                par = f" § {r['paragraph']}" if r["paragraph"] else ""
                self.stdout.write(f"  – {r['body'] or '?'} {r['date'] or '?'}{par}: {r['outcome'] or ''}")
            for a in p["amendments"]:
                self.stdout.write(
                    f"  + {a['label'] or 'Ändring'}: {a['operation']} {a['text'] or a['old_text']}"
                )
