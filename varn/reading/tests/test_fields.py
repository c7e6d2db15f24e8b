"""The fields layer: dates, case numbers, bodies, the meeting's metadata."""

from __future__ import annotations

import pytest

from varn.reading.protocol.bodies import body_from_abbreviation, find_bodies
from varn.reading.protocol.dates import find_dates
from varn.reading.protocol.fields import case_numbers
from varn.reading.textnorm import fold


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("2025-10-22", "2025-10-22"),
        ("den 13 september 2023", "2023-09-13"),
        ("12.03.2024", "2024-03-12"),
        ("2024-2-20", "2024-02-20"),
        ("den 13 september", "2025-09-13"),  # the meeting's year
        ("den 13 december", "2024-12-13"),  # after the meeting: the year before
        ("BUN 161025, § 76", "2016-10-25"),
    ],
)
def test_every_date_form_of_the_corpus_is_read(text, iso):
    assert [d for _s, _e, d in find_dates(fold(text), meeting="2025-10-22")] == [iso]


def test_a_date_without_a_year_needs_the_meeting():
    assert find_dates(fold("den 13 september")) == []


@pytest.mark.parametrize(
    "number",
    [
        "KS KF/2024:236",
        "KS/KF 2025:7",
        "2026.218 KS",
        "2011/KS 0206 001",
        "KU.2018.6",
        "SN/2025:145",
        "STK-2024-1187",
    ],
)
def test_case_numbers_are_read_whole(number):
    assert [v for _s, _e, v in case_numbers(f"§ 12 Ärendet {number} här")] == [number]


def test_numbers_that_are_case_numbers_only_after_their_label():
    assert [v for _s, _e, v in case_numbers("Handlingsplan dnr 24773-2025")] == ["24773-2025"]
    assert [v for _s, _e, v in case_numbers("Dnr. 26/0001-1")] == ["26/0001-1"]
    assert case_numbers("Planen för 2025-2027 antas") == []


def test_bodies_are_spelt_as_the_text_spells_them_including_ones_not_a_municipalitys_own():
    text = "BARN- OCH UTBILDNINGSNÄMNDEN och Direktionen samt kommunala pensionärsrådet"
    names = [b.name for b in find_bodies(fold(text), original=text)]
    assert names == ["Barn- och utbildningsnämnden", "Direktionen", "Kommunala pensionärsrådet"]


def test_an_abbreviation_means_the_documents_own_body_first():
    assert body_from_abbreviation("BUN").name == "Barn- och ungdomsnämnden"
    assert (
        body_from_abbreviation("BUN", {"BUN": "Barn- och utbildningsnämnden"}).name
        == "Barn- och utbildningsnämnden"
    )
