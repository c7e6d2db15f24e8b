"""`manage.py apply_amendments DOCUMENT PROTOCOL --json`: apply a protocol's amendments to a document.

DOCUMENT is a PDF, a DOCX or a JSON block tree; PROTOCOL is anything parse_protocol reads. Prints
{"document": <block tree>, "results": [...]}; exits non-zero when an amendment could not be placed."""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from varn.decisions.messages import no_paragraph_found
from varn.documents.amendments import apply_amendments
from varn.documents.extract import DOCUMENT_KINDS, PROTOCOL_KINDS, DocumentError, protocol_text, read_path
from varn.documents.importer import import_document
from varn.reading.protocol import parse_protocol
from varn.reading.protocol.bodies import abbreviation_for


def load_tree(path: str) -> list[dict]:
    p = Path(path)
    if p.suffix.lower() == ".json":
        try:
            tree = json.loads(p.read_text(encoding="utf-8"))
        except FileNotFoundError as error:
            raise DocumentError(f"Filen {p} finns inte.") from error
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            raise DocumentError(f"JSON-filen kan inte läsas: {error}.") from error
        if not isinstance(tree, list) or not all(isinstance(n, dict) for n in tree):
            raise DocumentError("JSON-filen är inte ett blockträd ([{id, type, page, text, children}]).")
        return tree
    checked = read_path(p, DOCUMENT_KINDS)
    return import_document(checked.data, checked.kind)


class Command(BaseCommand):
    help = "För in ett protokolls tillägg och ändringar i ett programdokument."

    def add_arguments(self, parser):
        parser.add_argument("document", help="Programmet: PDF, Word (DOCX) eller ett blockträd i JSON.")
        parser.add_argument("protocol", help="Protokollet: text, PDF eller Word.")
        parser.add_argument("--json", action="store_true", help="Skriv ut resultatet som JSON.")

    def handle(self, *args, **options):
        try:
            tree = load_tree(options["document"])
            text = protocol_text(read_path(options["protocol"], PROTOCOL_KINDS))
        except DocumentError as error:
            raise CommandError(str(error)) from error
        parsed = parse_protocol(text)
        if not parsed.paragraphs:
            raise CommandError(no_paragraph_found(parsed.source_lines))
        amendments = []
        for p in parsed.paragraphs:
            reference = " ".join(
                x for x in (abbreviation_for(parsed.body), parsed.meeting_date, f"§ {p.number}") if x
            )
            for a in p.amendments:
                amendments.append(
                    {**a.as_json(), "table": a.table, "sentence": a.sentence, "decision": reference}
                )
        if not amendments:
            raise CommandError("Protokollet innehåller inga tillägg eller ändringar att föra in.")
        outcome = apply_amendments(tree, amendments)
        if options["json"]:
            self.stdout.write(json.dumps(outcome.as_json(), ensure_ascii=False, indent=2))
        else:
            for r in outcome.results:
                self.stdout.write(
                    f"{r.label}: {'införd' if r.status == 'applied' else 'inte införd'} {r.reason}"
                )
        if not outcome.ok:
            reasons = "; ".join(f"{r.label}: {r.reason}" for r in outcome.results if r.status == "failed")
            raise CommandError(f"Ändringarna fördes inte in. {reasons}")
