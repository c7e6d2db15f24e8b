"""`manage.py import_document FILE --json`: read a programme document (PDF or DOCX) into a block tree."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError

from varn.documents.extract import DOCUMENT_KINDS, DocumentError, read_path
from varn.documents.importer import import_document


class Command(BaseCommand):
    help = "Läser ett programdokument (PDF eller Word) och skriver ut dess blockträd."

    def add_arguments(self, parser):
        parser.add_argument("file", help="Dokumentet: PDF med text eller Word (DOCX).")
        parser.add_argument("--json", action="store_true", help="Skriv ut blockträdet som JSON.")

    def handle(self, *args, **options):
        try:
            checked = read_path(options["file"], DOCUMENT_KINDS)
            tree = import_document(checked.data, checked.kind)
        except DocumentError as error:
            raise CommandError(str(error)) from error
        if options["json"]:
            self.stdout.write(json.dumps(tree, ensure_ascii=False, indent=2))
            return

        def show(nodes, depth=0):
            for node in nodes:
                page = f"s. {node['page']}" if node["page"] else ""
                self.stdout.write(f"{'  ' * depth}{node['type']} {page} {node['text'][:80]}")
                show(node["children"], depth + 1)

        show(tree)
