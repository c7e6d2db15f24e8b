"""Applying amendments to a programme's block tree: the engine is `varn.reading.documents.amendments`
(pure, its reasons are codes); here each reason becomes the message in the user's language."""

from __future__ import annotations

import re
from typing import Any

from django.utils.translation import gettext

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


def explain(reason: Reason) -> str:
    """The translated message for a reason the engine gives."""
    p = dict(reason.params)
    where = _where(p.get("where"))
    p["where"] = where
    anywhere = where or gettext("i dokumentet")
    if "heading" in p:
        p["heading"] = _q(p["heading"])
    if "text" in p:
        p["text"] = _q(p["text"])
    texten = gettext("texten").capitalize()
    code = reason.code
    if code == "page_missing":
        return gettext("Sidan %(page)s finns inte i dokumentet (det har sidorna %(pages)s).") % p
    if code == "heading_on_other_page":
        return gettext("Rubriken %(heading)s finns inte på sidan %(page)s utan på sidan %(pages)s.") % p
    if code == "heading_not_on_page":
        if p["names"]:
            return gettext("Rubriken %(heading)s finns inte på sidan %(page)s (rubriker där: %(names)s).") % p
        return gettext("Rubriken %(heading)s finns inte på sidan %(page)s (sidan har ingen rubrik).") % p
    if code == "heading_missing":
        return gettext("Rubriken %(heading)s finns inte i dokumentet.") % p
    if code == "heading_ambiguous":
        return gettext("Rubriken %(heading)s förekommer %(n)s gånger (sidorna %(pages)s); ange sidan.") % p
    if code == "no_table":
        return gettext("Det finns ingen tabell %(where)s.") % {"where": anywhere}
    if code == "table_missing":
        return gettext("Tabell %(table)s finns inte %(where)s; där finns %(n)s.") % p
    if code == "tables_ambiguous":
        return gettext("Det finns %(n)s tabeller %(where)s; ange vilken tabell.") % p
    if code == "column_missing":
        return gettext("Tabellen %(where)s har %(n)s kolumner; kolumn %(column)s saknas.") % p
    if code == "text_without_words":
        return gettext("%(what)s %(text)s innehåller inga ord att söka efter.") % {**p, "what": texten}
    if code == "text_not_found":
        return gettext("%(what)s %(text)s hittades inte %(where)s.") % {
            **p,
            "what": texten,
            "where": anywhere,
        }
    if code == "text_ambiguous":
        return gettext(
            "%(what)s %(text)s förekommer på %(n)s ställen %(where)s (%(places)s); ange tydligare var."
        ) % {**p, "what": texten, "places": _places(p["places"])}
    if code == "unknown_operation":
        return gettext("Okänd åtgärd %(operation)s.") % {"operation": _q(p["operation"])}
    if code == "text_missing":
        return gettext("Ändringen saknar den text som ska föras in.")
    if code == "nothing_to_append_to":
        return gettext("Det finns ingen text att lägga till efter %(where)s.") % p
    if code == "nowhere_to_insert":
        return gettext("Det finns ingen plats att infoga texten %(where)s.") % p
    if code == "cells_ambiguous":
        return (
            gettext(
                "Kolumnen har %(n)s rader med punktlistor %(where)s; ange efter vilken text punkten ska stå."
            )
            % p
        )
    if code == "no_cell":
        return gettext("Det finns ingen cell %(where)s.") % p
    if code == "not_in_list":
        return gettext("Texten %(text)s står inte i en punktlista %(where)s.") % p
    if code == "no_list":
        return gettext("Det finns ingen punktlista %(where)s.") % {"where": anywhere}
    if code == "lists_ambiguous":
        return gettext("Det finns %(n)s punktlistor %(where)s; ange rubrik, kolumn eller text.") % p
    if code == "old_text_missing":
        if p["operation"] == "delete":
            return gettext("Ändringen anger inte vilken text som ska strykas.")
        return gettext("Ändringen anger inte vilken text som ska ersättas.")
    if code == "not_applied_with_others":
        return (
            gettext(
                "Inte införd: ändringarna förs in alla samtidigt eller inte alls, "
                "och %(names)s kunde inte föras in."
            )
            % p
        )
    return gettext("Ändringen kunde inte läsas (%(error)s).") % {"error": p.get("error", code)}


def apply_amendments(tree: list[dict], amendments: list[dict]) -> Outcome:
    """Apply the amendments in order to a copy of the tree, all or nothing (see the engine)."""
    return engine.apply_amendments(tree, amendments, explain=explain)
