"""Applying amendments to a programme's block tree: the engine is `varn.reading.documents.amendments`
(pure, its reasons are codes); here each reason becomes the message in the user's language."""

from __future__ import annotations

import re
from typing import Any

from django.utils.translation import gettext, gettext_noop

from varn.reading.documents import amendments as engine
from varn.reading.documents.amendments import AmendmentError, Change, Outcome, Reason, Result, Where

__all__ = ["AmendmentError", "Change", "Outcome", "Result", "apply_amendments", "explain"]


def _q(text: str, limit: int = 60) -> str:
    text = re.sub(r"\s+", " ", text or "").strip()
    return "”" + (text if len(text) <= limit else text[: limit - 1] + "…") + "”"


def _where(where: Where | None) -> str:
    if where is None:
        return ""
    text = gettext("på sidan %(page)s") % {"page": where.page} if where.page else ""
    if where.heading:
        under = gettext("under rubriken %(heading)s") % {"heading": where.heading}
        text = f"{under} {text}".strip()
    if where.column:
        text = (
            gettext("i kolumn %(column)s i tabellen %(where)s") % {"column": where.column, "where": text}
        ).strip()
    return text


def _places(places: list[tuple[Any, Any]]) -> str:
    return ", ".join(
        gettext("block %(id)s sidan %(page)s") % {"id": id_, "page": page}
        if page
        else gettext("block %(id)s") % {"id": id_}
        for id_, page in places
    )


# The message of each reason code (a code with a variant after "/": see `explain`).
MESSAGES = {
    "page_missing": gettext_noop("Sidan %(page)s finns inte i dokumentet (det har sidorna %(pages)s)."),
    "heading_on_other_page": gettext_noop(
        "Rubriken %(heading)s finns inte på sidan %(page)s utan på sidan %(pages)s."
    ),
    "heading_not_on_page": gettext_noop(
        "Rubriken %(heading)s finns inte på sidan %(page)s (rubriker där: %(names)s)."
    ),
    "heading_not_on_page/none": gettext_noop(
        "Rubriken %(heading)s finns inte på sidan %(page)s (sidan har ingen rubrik)."
    ),
    "heading_missing": gettext_noop("Rubriken %(heading)s finns inte i dokumentet."),
    "heading_ambiguous": gettext_noop(
        "Rubriken %(heading)s förekommer %(n)s gånger (sidorna %(pages)s); ange sidan."
    ),
    "no_table": gettext_noop("Det finns ingen tabell %(where)s."),
    "table_missing": gettext_noop("Tabell %(table)s finns inte %(where)s; där finns %(n)s."),
    "tables_ambiguous": gettext_noop("Det finns %(n)s tabeller %(where)s; ange vilken tabell."),
    "column_missing": gettext_noop("Tabellen %(where)s har %(n)s kolumner; kolumn %(column)s saknas."),
    "text_without_words": gettext_noop("%(what)s %(text)s innehåller inga ord att söka efter."),
    "text_not_found": gettext_noop("%(what)s %(text)s hittades inte %(where)s."),
    "text_ambiguous": gettext_noop(
        "%(what)s %(text)s förekommer på %(n)s ställen %(where)s (%(places)s); ange tydligare var."
    ),
    "unknown_operation": gettext_noop("Okänd åtgärd %(operation)s."),
    "text_missing": gettext_noop("Ändringen saknar den text som ska föras in."),
    "nothing_to_append_to": gettext_noop("Det finns ingen text att lägga till efter %(where)s."),
    "nowhere_to_insert": gettext_noop("Det finns ingen plats att infoga texten %(where)s."),
    "cells_ambiguous": gettext_noop(
        "Kolumnen har %(n)s rader med punktlistor %(where)s; ange efter vilken text punkten ska stå."
    ),
    "no_cell": gettext_noop("Det finns ingen cell %(where)s."),
    "not_in_list": gettext_noop("Texten %(text)s står inte i en punktlista %(where)s."),
    "no_list": gettext_noop("Det finns ingen punktlista %(where)s."),
    "lists_ambiguous": gettext_noop("Det finns %(n)s punktlistor %(where)s; ange rubrik, kolumn eller text."),
    "old_text_missing/replace": gettext_noop("Ändringen anger inte vilken text som ska ersättas."),
    "old_text_missing/delete": gettext_noop("Ändringen anger inte vilken text som ska strykas."),
    "not_applied_with_others": gettext_noop(
        "Inte införd: ändringarna förs in alla samtidigt eller inte alls, och %(names)s kunde inte föras in."
    ),
    "malformed": gettext_noop("Ändringen kunde inte läsas (%(error)s)."),
}
# Where a message says "nowhere in particular", it says "in the document".
ANYWHERE = {"no_table", "text_not_found", "no_list"}


def explain(reason: Reason) -> str:
    """The translated message for a reason the engine gives."""
    p = dict(reason.params)
    p["where"] = _where(p.get("where")) or (gettext("i dokumentet") if reason.code in ANYWHERE else "")
    for key in ("heading", "text", "operation"):
        if key in p:
            p[key] = _q(str(p[key]))
    p["what"] = gettext("texten").capitalize()
    p["places"] = _places(p.get("places") or [])
    key = reason.code
    if key == "heading_not_on_page" and not p["names"]:
        key += "/none"
    elif key == "old_text_missing":
        key += "/" + str(reason.params.get("operation"))
    message = MESSAGES.get(key) or MESSAGES["malformed"]
    return gettext(message) % {"error": key, **p}


def apply_amendments(tree: list[dict], amendments: list[dict]) -> Outcome:
    """Apply the amendments in order to a copy of the tree, all or nothing (see the engine)."""
    return engine.apply_amendments(tree, amendments, explain=explain)
