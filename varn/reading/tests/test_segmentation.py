"""The segmentation layer: where each § starts, its heading and its sections."""

from __future__ import annotations

from varn.reading.protocol.layout import prepare
from varn.reading.protocol.segmentation import heading, paragraph_starts, sections


def numbers(text: str) -> list[int]:
    return [n for _i, n, _m in paragraph_starts(prepare(text))]


def test_a_table_of_contents_is_skipped_for_the_paragraphs_after_it():
    text = (
        "Ärendelista\n§ 25   Information\n§ 26   Ekonomi\n\n"
        "§ 25\nInformation\nBeslut\nInformationen noteras.\nMer text.\n\n"
        "§ 26\nEkonomi\nBeslut\nUppföljningen godkänns.\nMer text.\n"
    )
    lines = prepare(text)
    starts = paragraph_starts(lines)
    assert [n for _i, n, _m in starts] == [25, 26]
    assert lines[starts[0][0]].number == 5


def test_labels_with_the_bodys_abbreviation_and_a_year_are_headings():
    assert numbers("KS § 45 Budget\ntext\n\nKF § 46/2024 Taxor\ntext\n§47 Motion\ntext\n") == [45, 46, 47]


def test_a_reference_wrapped_onto_its_own_line_and_the_attendance_box_are_not_headings():
    text = (
        "Paragrafer § 74-§ 83\n§ 74-§ 83\n§ 74 Meddelanden\nenligt beslut (KF 2022-06-15,\n§148).\n§ 75 Val\n"
    )
    assert numbers(text) == [74, 75]


def test_a_stray_high_number_does_not_hide_the_paragraphs_after_it():
    assert numbers("§ 27 Ett\ntext\n§ 148 Fel\n§ 28 Två\ntext\n§ 29 Tre\ntext\n") == [27, 28, 29]


def test_a_heading_gives_its_title_and_every_case_number_whole():
    lines = prepare(
        "§ 12         SN/2025:23, SN/2024:120\n\nVerksamhetsplan för år 2025\n\nBeslut\nGodkänns.\n"
    )
    (start,) = paragraph_starts(lines)
    head = heading(start[2], lines[start[0] :])
    assert head.case_number == "SN/2025:23, SN/2024:120"
    assert head.title == "Verksamhetsplan för år 2025"


def test_an_extracts_dnr_line_before_its_heading_is_its_case_number():
    lines = prepare("Dnr 26/0001-1\n\n§ 620 Årsredovisning 2025\n\nBeslut\nGodkänns.\n")
    (start,) = paragraph_starts(lines)
    head = heading(start[2], lines[start[0] :], lines[: start[0]])
    assert head.case_number == "26/0001-1"
    assert head.title == "Årsredovisning 2025"


def test_sections_split_at_their_headings_and_a_note_ends_the_decision():
    body = prepare(
        "Ärendebeskrivning\nTexten om ärendet.\nBeslutsunderlag\n• Tjänsteskrivelse\nBeslut\nPlanen antas.\n"
        "Anteckning Anna Ek (S) lämnar följande protokollsanteckning: text.\n"
    )
    assert [kind for kind, _f, _l in sections(body)] == ["description", "attachments", "decision", "other"]
