"""The scorer of `make eval`, on small hand-made annotations (no reader, no database)."""

from __future__ import annotations

import copy
import json

import pytest

from varn.reading import evaluate
from varn.reading.evaluate import FIELDS, f1, score_document


def paragraph(number: int, **fields) -> dict:
    base = {
        "number": number,
        "case_number": f"KS {2025}/{number}",
        "title": f"Ärende {number}",
        "referenced_decisions": [
            {
                "body": "Kommunfullmäktige",
                "date": "2024-05-02",
                "paragraph": 40 + number,
                "outcome": None,
                "reasons": [],
            }
        ],
        "referral_back": None,
        "rejected_referral_back": None,
        "amendments": [],
        "rejected_amendments": [],
        "decision": f"Kommunstyrelsen beslutar att godkänna ärende {number}.",
        "attachments": [f"Tjänsteskrivelse {number}"],
    }
    base.update(fields)
    return base


def protocol(*paragraphs: dict) -> dict:
    return {
        "municipality": "Alingsås kommun",
        "body": "Kommunstyrelsen",
        "meeting_date": "2025-10-22",
        "paragraphs": list(paragraphs),
    }


GOLD = protocol(paragraph(1), paragraph(2), paragraph(3), paragraph(4))


def test_a_perfect_prediction_scores_one_on_every_field():
    assert score_document(copy.deepcopy(GOLD), GOLD) == dict.fromkeys(FIELDS, 1.0)


def test_a_missing_paragraph_lowers_paragraph_f1_by_the_right_amount():
    predicted = protocol(paragraph(1), paragraph(2), paragraph(3))
    scores = score_document(predicted, GOLD)
    # precision 1, recall 3/4: F1 = 2 * 0.75 / 1.75
    assert scores["paragraphs"] == pytest.approx(6 / 7)
    # The case numbers and decisions of the paragraphs found are still all right.
    assert scores["case_numbers"] == 1.0
    assert scores["decision"] == 1.0
    # The missing paragraph's reference and attachment are missed too.
    assert scores["references"] == pytest.approx(6 / 7)
    assert scores["attachments"] == pytest.approx(6 / 7)


def test_an_extra_paragraph_lowers_precision():
    predicted = protocol(paragraph(1), paragraph(2), paragraph(3), paragraph(4), paragraph(5))
    assert score_document(predicted, GOLD)["paragraphs"] == pytest.approx(2 * 0.8 / 1.8)


def test_a_document_that_yields_no_paragraph_scores_zero():
    assert score_document(protocol(), GOLD) == dict.fromkeys(FIELDS, 0.0)
    assert score_document(None, GOLD) == dict.fromkeys(FIELDS, 0.0)


def test_case_numbers_and_amendment_texts_are_compared_normalised():
    gold = protocol(
        paragraph(
            1,
            case_number="KS KF/2024:236",
            amendments=[{"operation": "append", "text": "samt med de fackliga parterna", "label": None}],
        )
    )
    predicted = protocol(
        paragraph(
            1,
            case_number="ks  kf/2024:236",
            amendments=[{"operation": "append", "text": "”Samt med de fackliga  parterna.”", "label": "x"}],
        )
    )
    scores = score_document(predicted, gold)
    assert scores["case_numbers"] == 1.0
    assert scores["amendments"] == 1.0


def test_an_amendment_with_the_wrong_operation_does_not_count():
    gold = protocol(paragraph(1, amendments=[{"operation": "append", "text": "Ny text"}]))
    predicted = protocol(paragraph(1, amendments=[{"operation": "replace", "text": "Ny text"}]))
    assert score_document(predicted, gold)["amendments"] == 0.0


def test_a_referenced_decision_is_matched_on_body_date_and_paragraph():
    gold = protocol(paragraph(1))
    wrong_date = copy.deepcopy(gold)
    wrong_date["paragraphs"][0]["referenced_decisions"][0]["date"] = "2024-05-03"
    other_outcome = copy.deepcopy(gold)
    other_outcome["paragraphs"][0]["referenced_decisions"][0]["outcome"] = "adopted"
    assert score_document(wrong_date, gold)["references"] == 0.0
    assert score_document(other_outcome, gold)["references"] == 1.0


def test_referral_back_scores_presence_and_reasons():
    gold = protocol(paragraph(1, referral_back={"reasons": ["kostnader", "uppföljning"]}), paragraph(2))
    right = copy.deepcopy(gold)
    half_reasons = protocol(paragraph(1, referral_back={"reasons": ["kostnader"]}), paragraph(2))
    missed = protocol(paragraph(1), paragraph(2))
    spurious = protocol(paragraph(1), paragraph(2, referral_back={"reasons": []}))
    assert score_document(right, gold)["referral_back"] == 1.0
    # presence ½ + ½ × F1 of the reasons (precision 1, recall ½ → F1 ⅔)
    assert score_document(half_reasons, gold)["referral_back"] == pytest.approx(0.5 + 0.5 * 2 / 3)
    assert score_document(missed, gold)["referral_back"] == 0.0
    # Paragraph 1 missed and paragraph 2 seen where there is none: both count.
    assert score_document(spurious, gold)["referral_back"] == 0.0
    assert score_document(right, gold)["rejected_referral_back"] == 1.0


def test_decision_text_is_compared_by_words():
    gold = protocol(paragraph(1, decision="Programmet antas.\n\nKostnaderna redovisas."))
    same_words = protocol(paragraph(1, decision="programmet antas kostnaderna   redovisas"))
    half = protocol(paragraph(1, decision="Programmet antas."))
    assert score_document(same_words, gold)["decision"] == 1.0
    assert score_document(half, gold)["decision"] == pytest.approx(2 * 2 / 6)


def test_f1_of_two_empty_sets_is_one_and_of_disjoint_sets_zero():
    assert f1([], []) == 1.0
    assert f1(["a"], []) == 0.0
    assert f1(["a", "a"], ["a"]) == pytest.approx(2 / 3)


def test_the_score_is_the_mean_of_the_real_documents_means_and_a_reader_that_raises_scores_zero(tmp_path):
    (tmp_path / "corpus" / "protocols").mkdir(parents=True)
    (tmp_path / "corpus" / "annotations" / "protocols").mkdir(parents=True)
    here = tmp_path / "varn" / "decisions" / "tests" / "corpus"
    here.mkdir(parents=True)
    for name in ("a", "b"):
        (tmp_path / "corpus" / "protocols" / f"{name}.txt").write_text(
            f"# source: x\n{name}", encoding="utf-8"
        )
        (tmp_path / "corpus" / "annotations" / "protocols" / f"{name}.json").write_text(
            json.dumps(GOLD), encoding="utf-8"
        )
    (here / "alingsas_ksau_2025_seed.txt").write_text("seed", encoding="utf-8")
    (here / "alingsas_ksau_2025_seed.json").write_text(json.dumps(GOLD), encoding="utf-8")
    seen = []

    def reader(text: str) -> dict:
        seen.append(text)
        if text == "b":
            raise ValueError("broken")
        return copy.deepcopy(GOLD)

    results = evaluate.evaluate(reader, evaluate.documents(tmp_path))
    assert seen == ["a", "b", "seed"]  # the `# source:` line is not part of the protocol
    assert [r.mean for r in results] == [1.0, 0.0, 1.0]
    assert evaluate.overall(results) == 0.5
    out = evaluate.report(results)
    assert out.splitlines()[-1] == "score 0.500"
    assert "ValueError: broken" in out
    assert "documents failing: 1 (b)" in out
