"""The protocol reader on the seed, on a corpus of other municipalities' layouts, and on garbage."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from varn.reading.protocol import parse_protocol
from varn.reading.textnorm import fold, match_key, repair_ocr, restore_diacritics

CORPUS = Path(__file__).with_name("corpus")
SEED = (CORPUS / "alingsas_ksau_2025_seed.txt").read_text(encoding="utf-8")


def seed():
    return parse_protocol(SEED).as_json()


def test_it_reads_the_seeds_meeting():
    data = seed()
    assert data["body"] == "Kommunstyrelsens arbetsutskott"
    assert data["meeting_date"] == "2025-10-22"
    assert data["municipality"] == "Alingsås kommun"


def test_it_finds_the_one_paragraph_of_the_seed_with_its_case_number():
    (p,) = seed()["paragraphs"]
    assert p["number"] == 170
    assert p["case_number"] == "2025.202 KS"
    assert p["title"] == "Program om våldsförebyggande arbete för Alingsås kommun"


def test_it_finds_the_decisions_the_seed_refers_to():
    refs = seed()["paragraphs"][0]["referenced_decisions"]
    found = {(r["body"], r["date"], r["paragraph"], r["outcome"]) for r in refs}
    assert ("Kommunfullmäktige", "2022-02-27", 100, "submitted") in found
    assert ("Kommunfullmäktige", "2022-05-25", 294, "granted") in found
    assert ("Socialnämnden", "2025-03-18", 12, "approved") in found
    assert ("Kommunstyrelsens arbetsutskott", "2025-04-23", 58, "referred_back") in found
    assert ("Kommunledningskontoret", "2025-10-15", None, None) in found


def test_it_reads_the_three_reasons_of_the_referral_back():
    refs = seed()["paragraphs"][0]["referenced_decisions"]
    r58 = next(r for r in refs if r["paragraph"] == 58)
    assert r58["reasons"] == [
        "redovisning av kostnader kopplat till programmet",
        "uppföljning av programmet till politiken",
        "samverkan med fackliga parter och uppföljning av detta",
    ]


def test_it_reads_each_amendment_once_although_the_seed_states_them_twice():
    p = seed()["paragraphs"][0]
    assert p["rejected_amendments"] == []
    t1, t2 = p["amendments"]
    assert (t1["label"], t1["page"], t1["heading"], t1["operation"]) == (
        "Tillägg 1",
        6,
        "Samverkan",
        "append",
    )
    assert "olika forvaltningar i kommunen" in t1["anchor_text"]
    assert t1["text"] == "samt med de fackliga parterna"
    assert (t2["label"], t2["page"], t2["column"], t2["operation"]) == ("Tillägg 2", 8, 3, "add_bullet")
    assert t2["text"] == "Fackliga parter erbjuds basutbildning"


def test_it_lists_the_three_documents_under_beslutsunderlag():
    assert len(seed()["paragraphs"][0]["attachments"]) == 3


def test_the_json_has_exactly_the_documented_keys():
    data = seed()
    assert set(data) == {"municipality", "body", "meeting_date", "paragraphs"}
    p = data["paragraphs"][0]
    assert set(p) == {
        "number",
        "case_number",
        "title",
        "referenced_decisions",
        "referral_back",
        "rejected_referral_back",
        "amendments",
        "rejected_amendments",
        "decision",
        "attachments",
    }
    assert set(p["referenced_decisions"][0]) == {"body", "date", "paragraph", "outcome", "reasons"}
    assert set(p["amendments"][0]) == {
        "label",
        "page",
        "heading",
        "column",
        "anchor_text",
        "operation",
        "text",
        "old_text",
    }


@pytest.mark.parametrize("name", sorted(p.stem for p in CORPUS.glob("*.txt")))
def test_it_reads_each_protocol_of_the_corpus_as_expected(name):
    text = (CORPUS / f"{name}.txt").read_text(encoding="utf-8")
    expected = json.loads((CORPUS / f"{name}.json").read_text(encoding="utf-8"))
    assert parse_protocol(text).as_json() == expected


def corpus(name):
    return parse_protocol((CORPUS / f"{name}.txt").read_text(encoding="utf-8")).as_json()


def test_it_drops_page_headers_repeated_on_every_page_and_keeps_three_paragraphs():
    data = corpus("lerum_ks_2023")
    assert [p["number"] for p in data["paragraphs"]] == [44, 45, 46]
    assert data["municipality"] == "Lerums kommun"
    assert data["paragraphs"][1]["case_number"] == "KS 2023/123"
    assert "SAMMANTRÄDESPROTOKOLL" not in json.dumps(data, ensure_ascii=False)


def test_it_reads_a_referral_back_that_was_voted_down_and_a_rejected_tillaggsyrkande():
    p = corpus("lerum_ks_2023")["paragraphs"][1]
    assert p["referral_back"] is None
    assert p["rejected_referral_back"] == {
        "reasons": ["kostnaderna för handlingsplanen ska redovisas", "polisens roll ska förtydligas"]
    }
    assert p["amendments"] == []
    (rejected,) = p["rejected_amendments"]
    assert (rejected["page"], rejected["heading"], rejected["operation"]) == (4, "Mål", "add_bullet")


def test_it_reads_a_referral_back_that_was_decided():
    p = corpus("uppsala_ksau_2024")["paragraphs"][0]
    assert p["referral_back"] == {
        "reasons": ["nämndernas remissvar", "kostnaderna för programmet", "barnrättsperspektivet"]
    }
    assert p["rejected_referral_back"] is None
    assert p["case_number"] == "KSN-2024-0512"


def test_it_reads_paragraphs_written_without_a_space_and_case_numbers_with_a_colon():
    data = corpus("goteborg_sn_2022")
    assert [p["number"] for p in data["paragraphs"]] == [12, 13]
    assert data["paragraphs"][0]["case_number"] == "SN/2025:145"
    assert data["meeting_date"] == "2022-05-25"
    assert data["municipality"] == "Göteborgs Stad"
    (change,) = data["paragraphs"][0]["amendments"]
    assert (change["operation"], change["old_text"], change["text"]) == (
        "replace",
        "ska sträva efter att",
        "ska",
    )


def test_it_merges_a_change_moved_in_a_yrkande_with_the_decision_that_adopted_it():
    p = corpus("kungsbacka_kf_2021")["paragraphs"][0]
    assert p["case_number"] == "KS 2021.45"
    assert [(a["label"], a["operation"]) for a in p["amendments"]] == [("Ändring 1", "delete")]
    assert p["rejected_amendments"] == []


def test_it_skips_the_table_of_contents_and_reads_the_paragraphs_after_it():
    data = corpus("malmo_ksau_2025")
    assert [p["number"] for p in data["paragraphs"]] == [20, 21]
    assert data["municipality"] == "Malmö stad"
    assert [a["column"] for a in data["paragraphs"][0]["amendments"]] == [None, 2]


def test_it_copes_with_ocr_text_without_diacritics_split_over_pages():
    data = corpus("molndal_ks_ocr")
    p = data["paragraphs"][0]
    assert data["municipality"] == "Mölndals stad"
    assert p["title"] == "Handlingsplan för arbetet mot mäns våld mot kvinnor"
    assert [a["label"] for a in p["rejected_amendments"]] == ["Tilläggsyrkande (SD)"]
    assert p["rejected_amendments"][0]["text"] == "till kommunstyrelsen"
    assert p["attachments"][1] == "Handlingplan för arbetet mot mäns våld mot kvinnor 2022-2025".replace(
        "Handlingplan", "Handlingsplan"
    )


def test_it_reads_dates_written_in_words_and_paragraphs_with_the_bodys_abbreviation():
    text = (
        "Kommunstyrelsen\nProtokoll\nden 3 juni 2024\n\nKS § 45    Dnr KS 2021.45\nMotion om trygghet\n\n"
        "Beslut\nKommunstyrelsen bifaller motionen.\n"
    )
    data = parse_protocol(text).as_json()
    assert data["meeting_date"] == "2024-06-03"
    assert data["paragraphs"][0]["number"] == 45
    assert data["paragraphs"][0]["case_number"] == "KS 2021.45"


def test_it_returns_no_paragraphs_for_text_that_is_not_a_protocol():
    assert parse_protocol("Hej! Det här är ett brev om något helt annat.").paragraphs == []
    assert parse_protocol("").paragraphs == []


def test_ocr_repair_and_folding_make_noisy_text_match():
    assert repair_ocr("férebyggande 6vriga [dmnat") == "förebyggande övriga ldmnat"
    assert match_key("mellan mellan olika förvalt-\nningar")[0] == match_key("mellan olika forvaltningar")[0]
    assert fold("Åsa Öberg") == "asa oberg"


def test_diacritics_come_back_in_words_the_reader_knows():
    assert restore_diacritics("Program om valdsforebyggande arbete for kommunen") == (
        "Program om våldsförebyggande arbete för kommunen"
    )
    assert restore_diacritics("svensk lag och valda ledamoter") == "svensk lag och valda ledamöter"


# Never raises


def _mutate(text: str, data) -> str:
    lines = text.split("\n")
    for _ in range(data.draw(st.integers(0, 12))):
        op = data.draw(st.sampled_from(["drop", "dup", "junk", "swap", "cut", "page"]))
        if not lines:
            break
        i = data.draw(st.integers(0, len(lines) - 1))
        if op == "drop":
            del lines[i]
        elif op == "dup":
            lines.insert(i, lines[i])
        elif op == "junk":
            lines.insert(i, data.draw(st.text(max_size=60)))
        elif op == "swap":
            j = data.draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif op == "cut":
            k = data.draw(st.integers(0, max(0, len(lines[i]))))
            lines[i] = lines[i][:k]
        else:
            lines.insert(i, "\f")
    return "\n".join(lines)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_the_reader_never_raises_on_mutated_protocols(data):
    base = data.draw(st.sampled_from(sorted(CORPUS.glob("*.txt"))))
    text = _mutate(base.read_text(encoding="utf-8"), data)
    parsed = parse_protocol(text)
    json.dumps(parsed.as_json())
    json.dumps(parsed.as_review())


@settings(max_examples=200, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(list("§ 0123456789-./:\"'\nabcåäöéKSFTillägsidanbeslutkolumn,()\f\t€[]|6")),
        max_size=400,
    )
)
def test_the_reader_never_raises_on_random_text(text):
    json.dumps(parse_protocol(text).as_json())


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=300))
def test_the_reader_never_raises_on_any_unicode(text):
    json.dumps(parse_protocol(text).as_json())


def test_the_command_says_what_it_looked_for_and_shows_the_first_lines_when_no_paragraph_is_found(tmp_path):
    from django.core.management import CommandError, call_command

    path = tmp_path / "brev.txt"
    path.write_text("Hej Anna,\n\nhär kommer kallelsen till mötet.\n", encoding="utf-8")
    with pytest.raises(CommandError) as raised:
        call_command("parse_protocol", str(path), "--json")
    message = str(raised.value)
    assert "”§ 12”" in message and "”KS § 45”" in message and "”FHR 29”" in message
    assert "”Hej Anna,” / ”här kommer kallelsen till mötet.”" in message
