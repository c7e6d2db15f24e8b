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


def test_the_kommunledningskontors_written_statement_is_kept_for_the_trail_and_a_forvaltnings_is_not():
    found = refs("Kommunledningskontoret har i skrivelse den 15 oktober 2025 lämnat följande yttrande:")
    assert found == {("Kommunledningskontoret", "2025-10-15", None)}
    assert (
        refs("Kultur- och utbildningsförvaltningen har i skrivelse den 3 juni 2026 lämnat följande yttrande:")
        == set()
    )


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
