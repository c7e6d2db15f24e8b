"""The procedure layer: what was adopted, rejected or referred back, and the decision's text."""

from __future__ import annotations

from varn.reading.protocol import parse_protocol

HEAD = "Kommunstyrelsen\nProtokoll\n2026-04-13\n\n§ 67 2026.142 KS\nRiktlinjer\n\n"


def paragraph(body: str):
    (p,) = parse_protocol(HEAD + body).paragraphs
    return p


def test_a_change_written_into_the_chairs_finding_is_adopted():
    p = paragraph(
        "Beslutsgång\nOrdföranden frågar om kommunstyrelsen kan besluta i enlighet med förslaget,\n"
        "med ändringen att riktlinjen börjar gälla den 1 maj 2026, och finner att kommunstyrelsen beslutar så.\n\n"
        "Beslut\nRiktlinjen antas.\n"
    )
    assert [(a.operation, a.text) for a in p.amendments] == [
        ("append", "riktlinjen börjar gälla den 1 maj 2026")
    ]
    assert p.rejected_amendments == []


def test_a_change_written_into_the_decision_is_adopted():
    p = paragraph(
        "Beslut\nBidrag beviljas,\nmed tillägget: under förutsättning att stödet är förenligt med reglerna.\n"
    )
    assert [(a.operation, a.text) for a in p.amendments] == [
        ("append", "under förutsättning att stödet är förenligt med reglerna")
    ]


def test_a_referral_back_voted_down_is_rejected_with_its_reasons():
    p = paragraph(
        "Yrkanden\nAnna Ek (S) yrkar att ärendet återremitteras för att utreda kostnaderna.\n\n"
        "Beslutsgång\nOrdföranden frågar om ärendet ska avgöras i dag och finner att det ska avgöras i dag.\n\n"
        "Beslut\nRiktlinjen antas.\n"
    )
    assert p.referral_back is None
    assert p.rejected_referral_back == ["utreda kostnaderna"]


def test_the_decision_keeps_its_points_and_numbers_and_leaves_out_notes():
    p = paragraph(
        "Beslut\n    1. Riktlinjen antas.\n    2. Riktlinjen gäller från den 1 maj 2026.\n\n"
        "_________________________________\n"
        "Anteckning Jan Ek (M) lämnar följande protokollsanteckning: Vi är positiva.\n"
    )
    assert p.decision == "1. Riktlinjen antas.\n\n2. Riktlinjen gäller från den 1 maj 2026."


def test_with_no_decision_section_the_closing_sentence_that_states_it_is_the_decision():
    p = paragraph("Sammanfattning\nEn förteckning över inkomna meddelanden.\n\nMeddelandena noteras.\n")
    assert p.decision == "Meddelandena noteras."
