"""Applying amendments to a block tree: finding the target tolerantly, precise reasons, all or nothing."""

from __future__ import annotations

import copy

from hypothesis import given, settings
from hypothesis import strategies as st

from varn.decisions import bench
from varn.documents.amendments import apply_amendments
from varn.programs.demo import PROGRAM_TEXT

T1 = {
    "label": "Tillägg 1",
    "decision": "KSAU 2025-10-22 § 170",
    "page": 6,
    "heading": "Samverkan",
    "anchor_text": "mellan mellan olika\nforvaltningar i kommunen",
    "sentence": "last",
    "operation": "append",
    "text": "samt med de fackliga parterna",
}
T2 = {
    "label": "Tillägg 2",
    "decision": "KSAU 2025-10-22 § 170",
    "page": 8,
    "column": 3,
    "operation": "add_bullet",
    "text": "Fackliga parter erbjuds basutbildning",
}


def walk(tree):
    for node in tree:
        yield node
        yield from walk(node.get("children") or [])


def find(tree, block_id):
    for node in tree:
        if node["id"] == block_id:
            return node
        found = find(node.get("children") or [], block_id)
        if found:
            return found
    return None


def test_it_appends_after_an_anchor_with_a_duplicated_word_and_no_diacritics():
    outcome = apply_amendments(PROGRAM_TEXT, [T1])
    assert outcome.ok
    block = find(outcome.tree, "b-samverkan-2")
    assert block["text"].endswith("mellan olika förvaltningar i kommunen samt med de fackliga parterna.")
    assert block["changes"] == [
        {"label": "Tillägg 1", "decision": "KSAU 2025-10-22 § 170", "text": "samt med de fackliga parterna"}
    ]


def test_it_adds_a_bullet_to_the_list_in_the_third_column_of_the_table_on_the_page():
    outcome = apply_amendments(PROGRAM_TEXT, [T2])
    lst = find(outcome.tree, "b-tabell-r2-c3-lista")
    assert lst["children"][-1]["text"] == "Fackliga parter erbjuds basutbildning"
    assert lst["children"][-1]["changes"][0]["label"] == "Tillägg 2"
    assert outcome.results[0].block_id == lst["children"][-1]["id"]


def test_it_does_not_change_its_input():
    before = copy.deepcopy(PROGRAM_TEXT)
    apply_amendments(PROGRAM_TEXT, [T1, T2])
    assert before == PROGRAM_TEXT


def test_it_applies_nothing_when_one_amendment_cannot_be_placed():
    missing = {**T2, "label": "Tillägg 3", "page": 9, "column": None, "heading": "Finns inte"}
    outcome = apply_amendments(PROGRAM_TEXT, [T1, missing])
    assert not outcome.ok
    assert outcome.tree == PROGRAM_TEXT
    assert [r.status for r in outcome.results] == ["failed", "failed"]
    assert "Rubriken ”Finns inte” finns inte på sidan 9" in outcome.results[1].reason
    assert "Tillägg 3 kunde inte föras in" in outcome.results[0].reason


def test_it_says_which_page_exists_when_the_page_is_missing():
    outcome = apply_amendments(PROGRAM_TEXT, [{**T1, "page": 60}])
    assert outcome.results[0].reason == "Sidan 60 finns inte i dokumentet (det har sidorna 1–10)."


def test_it_says_where_a_heading_is_when_it_is_on_another_page():
    outcome = apply_amendments(PROGRAM_TEXT, [{**T1, "page": 2}])
    assert "finns inte på sidan 2 utan på sidan 6" in outcome.results[0].reason


def test_it_refuses_an_anchor_that_is_not_there():
    outcome = apply_amendments(PROGRAM_TEXT, [{**T1, "anchor_text": "mellan kommunerna i regionen"}])
    assert "hittades inte under rubriken Samverkan på sidan 6" in outcome.results[0].reason


def test_it_refuses_an_ambiguous_anchor():
    outcome = apply_amendments(
        PROGRAM_TEXT, [{"label": "X", "operation": "append", "anchor_text": "våld", "text": "y"}]
    )
    assert "förekommer på" in outcome.results[0].reason


def test_it_refuses_a_column_the_table_does_not_have():
    outcome = apply_amendments(PROGRAM_TEXT, [{**T2, "column": 5}])
    assert outcome.results[0].reason == "Tabellen på sidan 8 har 3 kolumner; kolumn 5 saknas."


def test_it_replaces_and_deletes_text_tolerating_hyphenation():
    replace = {
        "label": "Ändring 1",
        "page": 9,
        "operation": "replace",
        "old_text": "för-\nändringar",
        "text": "resultat",
    }
    delete = {
        "label": "Ändring 2",
        "page": 10,
        "operation": "delete",
        "old_text": "Nedlagd tid och kostnader per insats redovisas i uppföljningen.",
    }
    outcome = apply_amendments(PROGRAM_TEXT, [replace, delete])
    assert outcome.ok, [r.reason for r in outcome.results]
    assert "långsiktigt och resultat kan inte" in find(outcome.tree, "b-uppfoljning-1")["text"]
    assert find(outcome.tree, "b-kostnader-1")["text"] == "Programmet genomförs inom befintliga verksamheter."


def test_it_inserts_a_paragraph_at_the_end_of_a_section():
    outcome = apply_amendments(
        PROGRAM_TEXT,
        [
            {
                "label": "T",
                "page": 7,
                "heading": "Ansvar och organisation",
                "operation": "insert",
                "text": "Nytt.",
            }
        ],
    )
    ids = [n["id"] for n in outcome.tree]
    new = outcome.tree[ids.index("b-ansvar-1") + 1]
    assert (new["type"], new["text"], new["page"]) == ("paragraph", "Nytt.", 7)


def test_it_applies_a_hundred_amendments_to_a_two_hundred_page_programme():
    outcome = apply_amendments(bench.programme_tree(), bench.amendments())
    assert outcome.ok, [r.reason for r in outcome.results if r.status == "failed"][:3]
    assert len(outcome.results) == 100


@settings(max_examples=60, deadline=None)
@given(
    st.fixed_dictionaries(
        {
            "operation": st.sampled_from(["append", "insert", "add_bullet", "replace", "delete", "other"]),
            "page": st.one_of(st.none(), st.integers(-2, 12)),
            "column": st.one_of(st.none(), st.integers(-1, 5)),
            "heading": st.one_of(st.none(), st.text(max_size=12)),
            "anchor_text": st.one_of(st.none(), st.text(max_size=30)),
            "text": st.one_of(st.none(), st.text(max_size=20)),
            "old_text": st.one_of(st.none(), st.text(max_size=20)),
        }
    )
)
def test_applying_never_raises(amendment):
    outcome = apply_amendments(PROGRAM_TEXT, [amendment])
    assert len(outcome.results) == 1


def test_the_seed_amendments_apply_to_a_pdf_export_read_back():
    from varn.documents.export import to_pdf
    from varn.documents.importer import import_document

    tree = import_document(to_pdf(PROGRAM_TEXT, title="Program"), "pdf")
    outcome = apply_amendments(tree, [T1, T2])
    assert [r.status for r in outcome.results] == ["applied", "applied"]
    texts = [n["text"] for n in walk(outcome.tree)]
    assert any(
        t.endswith("mellan olika förvaltningar i kommunen samt med de fackliga parterna.") for t in texts
    )
    assert "Fackliga parter erbjuds basutbildning" in texts
