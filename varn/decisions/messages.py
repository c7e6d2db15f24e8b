"""What the coordinator is told when a text holds no paragraph the reader recognises: what was looked
for and the first lines that were read, so that a wrong file or an unreadable scan is plain to see."""

from __future__ import annotations

from django.utils.translation import gettext as _

FIRST_LINES = 5
LINE_CHARS = 80


def no_paragraph_found(source_lines: list[str]) -> str:
    first = [" ".join(line.split()) for line in source_lines if line.strip()][:FIRST_LINES]
    shown = (
        " / ".join(f"”{line[:LINE_CHARS]}{'…' if len(line) > LINE_CHARS else ''}”" for line in first)
        if first
        else _("(texten är tom)")
    )
    return _(
        "Protokollet innehåller ingen paragraf som Värn känner igen. Värn letade efter rubriker "
        "som ”§ 12”, ”§ 12/2024”, ”KS § 45” eller ”FHR 29” i början av en rad. "
        "De första raderna som lästes: %(lines)s"
    ) % {"lines": shown}
