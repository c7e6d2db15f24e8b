"""Referenced decisions, in every form of the corpus, and what is not one."""

from __future__ import annotations

import pytest

from varn.reading.protocol import parse_protocol

HEAD = "Kultur- och utbildningsnämnden\nProtokoll\n2026-06-17\n\n§ 64 2026.100 KUN\nÄrendet\n\nÄrendebeskrivning\n"


def refs(body: str) -> set[tuple]:
    (p,) = parse_protocol(HEAD + body + "\n\nBeslut\nGodkänns.\n").paragraphs
    return {(r.body, r.date, r.paragraph) for r in p.referenced_decisions}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Enligt beslut KF 2022-11-10 (§ 88) gäller planen.", ("Kommunfullmäktige", "2022-11-10", 88)),
        ("Kommunstyrelsen beslutade § 58, 2025-11-17 om planen.", ("Kommunstyrelsen", "2025-11-17", 58)),
        ("Se KF § 6/2025-01-30 om motionen.", ("Kommunfullmäktige", "2025-01-30", 6)),
        ("Som i SNAU § 18 2024-03-05 anges.", ("Socialnämndens arbetsutskott", "2024-03-05", 18)),
        (
            "Kommunfullmäktige beslutade den 10 december 2025, § 246 att anta planen.",
            ("Kommunfullmäktige", "2025-12-10", 246),
        ),
        (
            "Nämnden har tidigare behandlat ärendet (KUN 2025-10-22 § 99).",
            ("Kultur- och utbildningsnämnden", "2025-10-22", 99),
        ),
        ("Expediering - § 63 KS 2026-04-13 - Rutin.", ("Kommunstyrelsen", "2026-04-13", 63)),
    ],
)
def test_each_form_of_reference_is_read(text, expected):
    assert expected in refs(text)


def test_references_in_the_beslutsunderlag_are_read():
    found = refs(
        "Bakgrund.\n\nBeslutsunderlag\n• Protokoll från barn- och utbildningsnämnden 2021-06-15 § 45\n"
    )
    assert ("Barn- och utbildningsnämnden", "2021-06-15", 45) in found


def test_a_date_only_mention_and_the_same_decision_with_its_paragraph_are_one_reference():
    found = refs(
        "Samhällsbyggnadsnämnden beslutade 2025-09-01 att föreslå fullmäktige att anta planen.\n\n"
        "Beslutsunderlag\n• Protokollsutdrag från samhällsbyggnadsnämnden 2025-09-01, §38\n"
    )
    assert found == {("Samhällsbyggnadsnämnden", "2025-09-01", 38)}


@pytest.mark.parametrize(
    "text",
    [
        "Enligt skollagen 8 kap. § 14 ska en plats erbjudas.",
        "Ledamöter för tiden 2023-01-01 – 2026-12-31 väljs.",
        "Detaljplanen är upprättad 2021-10-25.",
        "Beslutsunderlag\n• Tjänsteskrivelse, barn- och ungdomsförvaltningen 2026-05-05",
        "Planen gäller från och med 2027-01-01.",
        "Föredragningar\n§ 65 Budget",
    ],
)
def test_laws_periods_officers_documents_later_dates_and_own_paragraphs_are_not_references(text):
    protocol = HEAD + text + "\n\nBeslut\nGodkänns.\n\n§ 65 Budget\nBeslut\nAntas.\n"
    first = parse_protocol(protocol).paragraphs[0]
    assert first.referenced_decisions == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Kommunledningskontoret har i skrivelse den 15 oktober 2025 lämnat följande yttrande:",
            ("Kommunledningskontoret", "2025-10-15", None),
        ),
        (
            "Kultur- och utbildningsförvaltningen har i skrivelse den 3 juni 2026 lämnat följande yttrande:",
            ("Kultur- och utbildningsförvaltningen", "2026-06-03", None),
        ),
        (
            "Förvaltningen har i skrivelse den 29 april lämnat följande yttrande:",
            ("Förvaltningen", "2026-04-29", None),
        ),
        (
            "Kommunledningskontoret har i skrivelse den 27 maj 2026 har lämnat följande yttrande:",
            ("Kommunledningskontoret", "2026-05-27", None),
        ),
        (
            "Förvaltningen har i skrivelse den 9 april 2026 lämnat följande skrivelse:",
            ("Förvaltningen", "2026-04-09", None),
        ),
    ],
)
def test_an_offices_written_statement_in_the_preparation_is_a_reference(text, expected):
    assert refs(text) == {expected}


def test_a_statement_wrapped_before_its_yttrande_line_is_still_one():
    assert refs(
        "Kommunledningskontoret har i skrivelse den 10 november 2025 lämnat följande\nyttrande:\n\nText."
    ) == {("Kommunledningskontoret", "2025-11-10", None)}


def test_an_offices_other_documents_are_not_references():
    assert refs("Beslutsunderlag\n• Tjänsteskrivelse, förvaltningen 2026-05-05") == set()
    assert refs("Förvaltningen har den 5 maj 2026 tagit fram en utredning.") == set()


@pytest.mark.parametrize(
    "text",
    [
        "Beslut enligt Lag om stöd och service till vissa funktionshindrade (LSS) § 9 gäller.",
        "Förhandlingar enligt MBL § 11 har genomförts.",
        "Avvikelse enligt Allmänna bestämmelser (AB) § 13 mom 5 medges.",
    ],
)
def test_a_laws_or_an_agreements_paragraph_is_not_a_reference(text):
    assert refs(text) == set()
