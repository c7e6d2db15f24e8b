"""The importer on the three real Alingsås programmes of corpus/programmes/: what a reader of the
imported text sees."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import pytest

from varn.reading.documents import DocumentReadError, import_document
from varn.reading.evaluate_documents import evaluate, headings_of

CORPUS = Path(__file__).resolve().parents[3] / "corpus" / "programmes"
SATT = "alingsas_program-idrott-rorelse-friluftsliv-2027-2030_forslag-2026-06-03"
BIBLIOTEK = "alingsas_biblioteksplan-2027-2030_forslag"
RIKTLINJER = "alingsas_riktlinjer-alkohollagen-tillstand-tillsyn_forslag-2026"


@cache
def tree(name: str) -> list[dict]:
    return import_document((CORPUS / f"{name}.pdf").read_bytes(), "pdf")


def walk(nodes):
    for node in nodes:
        yield node
        yield from walk(node["children"])


def headings(name):
    return [(h["text"], h["level"]) for h in headings_of(tree(name))]


def texts(name):
    return [n["text"] for n in walk(tree(name))]


def test_a_heading_that_wraps_is_one_heading():
    assert ("Idrott och fysisk aktivitet på egen hand", 1) in headings(SATT)
    assert not any(
        text in ("egen hand", "serveringstillstånd?", "rörelse")
        for text, _ in headings(SATT) + headings(RIKTLINJER)
    )
    assert (
        "4.4. Alkoholpolitisk bedömning - olägenheter på grund av serveringsställets belägenhet eller andra skäl",
        2,
    ) in headings(RIKTLINJER)


def test_the_cover_title_is_one_passage_and_not_a_heading():
    assert texts(SATT)[0] == "Sätt Alingsås i rörelse"
    assert tree(SATT)[0]["type"] == "paragraph"


def test_numbered_headings_keep_their_numbers_and_take_their_level_from_them():
    found = headings(RIKTLINJER)
    assert ("1. När behövs ett serveringstillstånd?", 1) in found
    assert ("3.1. Riktlinjer i Alingsås", 2) in found
    assert ("4.2.1 Riktlinjer i Alingsås", 3) in found


def test_levels_follow_the_sizes_of_the_documents_own_headings():
    found = headings(BIBLIOTEK)
    assert found[:5] == [
        ("Inledning", 1),
        ("Organisering av bibliotek i Alingsås kommun", 1),
        ("Bibliotekens uppdrag enligt lagstiftning och läroplaner", 1),
        ("Folkbibliotekets uppdrag", 2),
        ("Bibliotekslagen", 3),
    ]


def test_a_bold_sentence_in_the_body_is_a_paragraph_and_a_bold_label_a_heading():
    goal = "I Alingsås finns goda förutsättningar för ett starkt, hållbart och inkluderande föreningsliv"
    paragraph = next(n for n in walk(tree(SATT)) if n["text"].startswith(goal))
    assert paragraph["type"] == "paragraph"
    assert ("Mål", 3) in headings(SATT)
    assert ("Strategiska inriktningar", 3) in headings(SATT)


@pytest.mark.parametrize("name", [SATT, BIBLIOTEK, RIKTLINJER])
def test_no_table_of_contents_or_page_furniture_among_the_blocks(name):
    found = texts(name)
    assert "Innehåll" not in found
    assert not any("....." in t for t in found)
    assert not any("alingsas.se" in t for t in found)
    assert not any(t.strip().isdigit() for t in found)  # page numbers
    assert not any(
        t.startswith(("Sätt Alingsås i rörelse - Program", "Biblioteksplan 2027–2030 Alingsås kommun"))
        for t in found
    )


def test_lists_are_lists_also_over_a_page_break():
    items = [n for n in walk(tree(SATT)) if n["type"] == "list_item"]
    strategic = next(
        n
        for n in walk(tree(SATT))
        if n["type"] == "list" and n["children"][0]["text"].startswith("Säkerställa långsiktiga")
    )
    assert [i["page"] for i in strategic["children"]] == [5, 6, 6]
    assert strategic["children"][0]["text"] == (
        "Säkerställa långsiktiga, transparenta och ändamålsenliga stöd- och samverkansformer för föreningslivet."
    )
    assert "barn och unga" in [i["text"] for i in items]


def test_a_ruled_table_keeps_its_three_columns():
    (table,) = [n for n in walk(tree(BIBLIOTEK)) if n["type"] == "table"]
    assert table["page"] == 7
    rows = [[c["text"] for c in row["children"]] for row in table["children"]]
    assert rows[0] == ["Område", "Skolbibliotek", "Folkbibliotek"]
    assert rows[1] == ["Lagstiftning", "Skollagen", "Bibliotekslagen"]
    assert len(rows) == 9


def test_a_highlighted_passage_is_text_not_a_table():
    assert not [n for n in walk(tree(RIKTLINJER)) if n["type"] == "table"]
    assert any(t.startswith("Handläggaren gör en bedömning") for t in texts(RIKTLINJER))


def test_every_annotated_programme_scores_at_least_0_9():
    for score in evaluate(lambda data: import_document(data, "pdf")):
        assert score.headings.f1 >= 0.9, score.name


def test_a_damaged_or_unknown_document_gives_a_reason_code():
    with pytest.raises(DocumentReadError) as error:
        import_document(b"%PDF-1.4 not really", "pdf")
    assert error.value.code == "pdf_damaged"
    with pytest.raises(DocumentReadError) as error:
        import_document(b"", "odt")
    assert (error.value.code, error.value.params) == ("unknown_kind", {"kind": "odt"})


def test_the_annotations_are_the_documents_of_the_corpus():
    names = {p.stem for p in (CORPUS.parent / "annotations" / "programmes").glob("*.json")}
    assert names == {SATT, BIBLIOTEK, RIKTLINJER}
    for name in names:
        assert json.loads((CORPUS.parent / "annotations" / "programmes" / f"{name}.json").read_text())[
            "headings"
        ]
