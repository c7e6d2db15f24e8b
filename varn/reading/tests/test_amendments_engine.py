"""The amendment engine on its own, without Django: reasons are the Swedish message ids, passed
through the caller's translation when one is given."""

from __future__ import annotations

from varn.reading.documents.amendments import apply_amendments

TREE = [
    {"id": "h", "type": "heading", "level": 1, "page": 6, "text": "Samverkan", "children": []},
    {
        "id": "p",
        "type": "paragraph",
        "page": 6,
        "text": "Vi samverkar mellan olika förvaltningar i kommunen.",
        "children": [],
    },
]
T1 = {
    "label": "Tillägg 1",
    "page": 6,
    "heading": "Samverkan",
    "anchor_text": "mellan mellan olika forvaltningar i kommunen",
    "operation": "append",
    "text": "samt med de fackliga parterna",
}


def test_it_applies_an_amendment_without_django():
    outcome = apply_amendments(TREE, [T1])
    assert outcome.ok
    assert (
        outcome.tree[1]["text"]
        == "Vi samverkar mellan olika förvaltningar i kommunen samt med de fackliga parterna."
    )


def test_a_reason_is_the_message_id_or_the_callers_translation():
    missing = {**T1, "page": 9}
    (result,) = apply_amendments(TREE, [missing]).results
    assert result.reason == "Sidan 9 finns inte i dokumentet (det har sidorna 6–6)."
    (result,) = apply_amendments(TREE, [missing], gettext=lambda m: m.replace("Sidan", "Page")).results
    assert result.reason.startswith("Page 9 finns inte")
