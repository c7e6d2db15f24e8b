"""The layout layer: pages, running headers and footers, signature boxes, OCR repair of the §."""

from __future__ import annotations

from varn.reading.protocol.flow import Flow
from varn.reading.protocol.layout import prepare


def kept(text: str) -> list[str]:
    return [ln.text.strip() for ln in prepare(text) if not ln.removed and ln.text.strip()]


def test_a_footer_repeated_on_every_page_and_the_signature_box_are_not_content():
    page = "Kommunstyrelsen\nProtokoll\n\n§ {n} Ärende {n}\nText om ärendet.\nJusterandes sign   Utdragsbestyrkande\nSida {n} av 3\n"
    text = "\f".join(page.format(n=n) for n in (1, 2, 3))
    lines = kept(text)
    assert "§ 2 Ärende 2" in lines
    assert not any("Justerandes" in ln or ln.startswith("Sida") for ln in lines)


def test_ocr_reads_the_paragraph_sign_as_8_or_dollar_and_it_is_repaired_when_no_heading_has_one():
    lines = kept("KOMMUNSTYRELSEN\n\n8 110\nAnmälda initiativärenden\n\n$ 111 Budget 2027\n")
    assert "§ 110" in lines
    assert "§ 111 Budget 2027" in lines


def test_an_8_is_left_alone_where_real_headings_have_their_sign():
    lines = kept("§ 4 Budget\nBeslutet gäller\n8 ledamöter röstade ja.\n")
    assert "8 ledamöter röstade ja." in lines


def test_a_body_abbreviation_in_place_of_the_sign_is_a_heading():
    assert "FHR § 29 Årsredovisning 2025" in kept("Direktionen\n\nFHR 29 Årsredovisning 2025\nBeslut\n")


def test_decomposed_characters_are_composed():
    (line,) = kept("Barn- och ungdomsna\u0308mnden")
    assert line == "Barn- och ungdomsnämnden"


def test_a_flow_joins_hyphenated_words_and_dates_broken_at_their_dash():
    lines = prepare("Programmet är fram-\ntaget och antogs 2021-\n06-03 av fullmäktige.")
    assert Flow.of(lines).text == "Programmet är framtaget och antogs 2021-06-03 av fullmäktige."
