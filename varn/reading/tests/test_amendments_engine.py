"""The amendment engine on its own, without Django: a reason is a code with its parameters, and
the caller says how it reads."""

from __future__ import annotations

from varn.reading.documents.amendments import Reason, Where, apply_amendments

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


def test_it_applies_an_amendment_on_plain_data():
    outcome = apply_amendments(TREE, [T1])
    assert outcome.ok
    assert (
        outcome.tree[1]["text"]
        == "Vi samverkar mellan olika förvaltningar i kommunen samt med de fackliga parterna."
    )
    assert outcome.results[0].reason == ""


def test_a_reason_is_a_code_with_parameters_that_the_caller_explains():
    (result,) = apply_amendments(
        TREE, [{**T1, "page": 9}], explain=lambda r: f"saknas: {r.params['page']}"
    ).results
    assert result.why == Reason("page_missing", {"page": 9, "pages": "6–6"})
    assert result.reason == "saknas: 9"


def test_the_place_looked_in_is_part_of_the_reason():
    (result,) = apply_amendments(TREE, [{**T1, "anchor_text": "finns inte här"}]).results
    assert result.why == Reason(
        "text_not_found", {"text": "finns inte här", "where": Where(page=6, heading="Samverkan")}
    )


def test_all_or_nothing_says_which_amendment_held_the_others_back():
    results = apply_amendments(TREE, [T1, {**T1, "label": "Tillägg 2", "page": 9}]).results
    assert [(r.status, r.why.code if r.why else None) for r in results] == [
        ("failed", "not_applied_with_others"),
        ("failed", "page_missing"),
    ]
