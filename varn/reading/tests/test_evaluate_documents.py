"""The heading scorer of the programme importer, on its own (a fake importer, small annotations)."""

from __future__ import annotations

import json

import pytest

from varn.reading.evaluate_documents import Counts, count, evaluate, headings_of, report


def heading(text, level, page=1):
    return {"id": text, "type": "heading", "level": level, "page": page, "text": text, "children": []}


def test_headings_are_matched_on_normalised_text_and_level():
    predicted = [{"text": "4.2.1  samverkan", "level": 3}, {"text": "Mål", "level": 2}]
    expected = [{"text": "4.2.1 Samverkan", "level": 3}, {"text": "Mål", "level": 3}]
    assert count(predicted, expected) == Counts(matched=1, predicted=2, expected=2)
    assert count(predicted, expected, with_level=False).f1 == 1.0


def test_a_repeated_heading_counts_as_often_as_it_is_printed():
    predicted = [{"text": "Mål", "level": 3}]
    expected = [{"text": "Mål", "level": 3}, {"text": "Mål", "level": 3}]
    scored = count(predicted, expected)
    assert (scored.precision, scored.recall) == (1.0, 0.5)
    assert scored.f1 == pytest.approx(2 / 3)


def test_typographic_dashes_match_plain_ones():
    assert (
        count(
            [{"text": "Alkohollagen - en skyddslag", "level": 1}],
            [{"text": "Alkohollagen – en skyddslag", "level": 1}],
        ).f1
        == 1.0
    )


def test_headings_are_found_at_any_depth_of_the_tree():
    tree = [{"type": "table", "children": [heading("Inne", 2)]}, heading("Ute", 1)]
    assert [h["text"] for h in headings_of(tree)] == ["Inne", "Ute"]


def test_it_scores_each_annotated_document_and_prints_the_overall_f1_last(tmp_path):
    annotations, sources = tmp_path / "ann", tmp_path / "src"
    annotations.mkdir()
    sources.mkdir()
    for name, headings in {"a": [("Inledning", 1), ("Mål", 2)], "b": [("Syfte", 1)]}.items():
        (annotations / f"{name}.json").write_text(
            json.dumps({"headings": [{"text": t, "level": lv, "page": 1} for t, lv in headings]})
        )
        (sources / f"{name}.pdf").write_bytes(name.encode())

    def importer(data: bytes) -> list[dict]:
        if data == b"b":
            raise ValueError("cannot read")
        return [heading("Inledning", 1), heading("Mål", 3)]

    scores = evaluate(importer, annotations, sources)
    assert [(s.name, s.headings.f1, s.text_only.f1, s.error) for s in scores] == [
        ("a", 0.5, 1.0, ""),
        ("b", 0.0, 0.0, "failed"),
    ]
    printed = report(scores).splitlines()
    assert printed[-1] == "headings F1 0.400"  # 1 matched of 2 predicted and 3 expected
    assert printed[-2] == "text-only F1 0.800"
