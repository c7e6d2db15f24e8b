"""Reading and checking an Excel file of training figures, without the database."""

import datetime
import io
from typing import Any

import pytest
from openpyxl import Workbook

from varn.training.importing import (
    COLUMNS,
    Lookups,
    WorkbookError,
    looks_like_person,
    read_workbook,
    validate_row,
    validate_rows,
)

HEADERS = [title for _name, title in COLUMNS]


def xlsx(rows, headers=HEADERS, title="Utbildningsinsatser") -> bytes:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = title
    ws.append(headers)
    for row in rows:
        ws.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def lookups(**kw) -> Lookups:
    args: dict[str, Any] = {
        "organisations": {"socialförvaltningen": "unit:1", "soc": "unit:1", "vision": "partner:5"},
        "organisation_labels": {"unit:1": "Socialförvaltningen", "partner:5": "Vision"},
        "target_groups": {"medarbetare": 3},
        "target_group_labels": {3: "Medarbetare"},
        "courses": {"webbkurs om våld i nära relationer": 7},
        "course_labels": {7: "Webbkurs om våld i nära relationer"},
        "period": (2025, 2027),
    }
    args.update(kw)
    return Lookups(**args)


GOOD = {
    "row": 2,
    "organisation": "Socialförvaltningen",
    "target_group": "Medarbetare",
    "course": "Webbkurs om våld i nära relationer",
    "year": 2026,
    "participants": 40,
    "target_population": 100,
}


def test_it_reads_the_template_columns():
    data = xlsx(
        [
            [
                "Socialförvaltningen",
                "Medarbetare",
                "Webbkurs om våld i nära relationer",
                2026,
                None,
                None,
                3,
                40,
                100,
                "Bra",
            ],
            [None] * 10,
            [
                "SOC",
                "Medarbetare",
                "Webbkurs om våld i nära relationer",
                None,
                datetime.datetime(2025, 3, 1),
                datetime.datetime(2025, 4, 30),
                None,
                10,
                None,
                None,
            ],
        ]
    )
    sheet = read_workbook(data)
    assert sheet.names_removed == 0
    assert [r["row"] for r in sheet.rows] == [2, 4]
    assert sheet.rows[0]["participants"] == 40
    assert sheet.rows[1]["start_date"] == "2025-03-01"


def test_a_column_of_names_is_dropped_and_counted():
    data = xlsx(
        [
            [
                "Socialförvaltningen",
                "Medarbetare",
                "Webbkurs om våld i nära relationer",
                2026,
                None,
                None,
                1,
                2,
                10,
                None,
                "Anna Svensson",
            ],
            [
                "Socialförvaltningen",
                "Medarbetare",
                "Webbkurs om våld i nära relationer",
                2025,
                None,
                None,
                1,
                2,
                10,
                None,
                "Per Ek",
            ],
        ],
        headers=[*HEADERS, "Deltagarnas namn"],
    )
    sheet = read_workbook(data)
    assert sheet.names_removed == 2
    assert sheet.name_columns == ["Deltagarnas namn"]
    assert "Anna Svensson" not in repr(sheet.as_dict())


def test_cells_that_look_like_people_are_dropped_and_counted():
    data = xlsx(
        [
            [
                "Socialförvaltningen",
                "Medarbetare",
                "Webbkurs om våld i nära relationer",
                2026,
                None,
                None,
                1,
                2,
                10,
                "Svensson, Anna",
            ],
            [
                "Socialförvaltningen",
                "Medarbetare",
                "Webbkurs om våld i nära relationer",
                2025,
                None,
                None,
                1,
                2,
                10,
                "Kontakt: anna@example.se",
            ],
            [
                "Socialförvaltningen",
                "Medarbetare",
                "Webbkurs om våld i nära relationer",
                2027,
                None,
                None,
                1,
                2,
                10,
                "19811218-9876",
            ],
        ]
    )
    sheet = read_workbook(data)
    assert sheet.names_removed == 3
    assert all("note" not in row for row in sheet.rows)
    assert all(row["removed"] == ["note"] for row in sheet.rows)


def test_a_row_of_only_names_disappears():
    data = xlsx(
        [
            [
                "Socialförvaltningen",
                "Medarbetare",
                "Webbkurs om våld i nära relationer",
                2026,
                None,
                None,
                1,
                2,
                10,
            ],
            ["Anna Svensson", None, None, None, None, None, None, None, None],
        ]
    )
    sheet = read_workbook(data)
    assert len(sheet.rows) == 1
    assert sheet.names_removed == 1


def test_an_organisation_cell_with_a_name_is_an_error_that_does_not_repeat_the_name():
    data = xlsx(
        [["Anna Svensson", "Medarbetare", "Webbkurs om våld i nära relationer", 2026, None, None, 1, 2, 10]]
    )
    sheet = read_workbook(data)
    result = validate_row(sheet.rows[0], lookups())
    assert any("personuppgift" in e for e in result.errors)
    assert "Anna" not in " ".join(result.errors)


@pytest.mark.parametrize(
    "value",
    ["Anna Svensson", "Svensson, Anna", "Anna Svensson; Per Ek", "Karl-Erik Berg", "811218-9876", "a@b.se"],
)
def test_it_takes_these_for_people(value):
    assert looks_like_person(value)


@pytest.mark.parametrize(
    "value",
    [
        "Medarbetare",
        "Barn och unga",
        "Alingsåshem AB",
        "Kom i gång med webbkursen",
        "40",
        40,
        "2026-03-01",
        "",
    ],
)
def test_it_does_not_take_these_for_people(value):
    assert not looks_like_person(value)


def test_known_names_of_organisations_are_not_taken_for_people():
    assert looks_like_person("Sveriges Lärare")
    assert not looks_like_person("Sveriges Lärare", known={"sveriges lärare"})


def test_it_refuses_a_file_without_a_header_row():
    with pytest.raises(WorkbookError, match="rubrikrad"):
        read_workbook(xlsx([[1, 2, 3]], headers=["a", "b", "c"]))


def test_it_refuses_a_file_without_the_required_columns():
    with pytest.raises(WorkbookError, match="Antal deltagare"):
        read_workbook(xlsx([["SOC", "Medarbetare", "Kurs", 2026]], headers=HEADERS[:4]))


def test_it_refuses_a_file_with_no_rows():
    with pytest.raises(WorkbookError, match="inga rader"):
        read_workbook(xlsx([]))


def test_it_refuses_a_broken_file():
    with pytest.raises(WorkbookError, match="skadad"):
        read_workbook(b"PK\x03\x04 not really a zip")


def test_a_good_row_passes():
    result = validate_row(GOOD, lookups())
    assert result.is_valid, result.errors
    assert (result.organisation, result.target_group, result.course, result.year) == ("unit:1", 3, 7, 2026)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            {"organisation": "Tekniska kontoret"},
            "Okänd förvaltning eller samverkanspart: ”Tekniska kontoret”.",
        ),
        ({"organisation": None}, "Förvaltning eller samverkanspart saknas."),
        ({"target_group": "Pensionärer"}, "Okänd målgrupp: ”Pensionärer”."),
        ({"course": "Simkurs"}, "Okänd utbildning: ”Simkurs”."),
        ({"participants": 120}, "Antal deltagare (120) är fler än målgruppens storlek (100)."),
        ({"participants": None}, "Antal deltagare saknas."),
        ({"participants": "många"}, "Antal deltagare ska vara ett heltal, 0 eller större."),
        ({"participants": -3}, "Antal deltagare ska vara ett heltal, 0 eller större."),
        ({"participants": 2.5}, "Antal deltagare ska vara ett heltal, 0 eller större."),
        ({"target_population": 0}, "Målgruppens storlek ska vara ett heltal större än 0."),
        ({"sessions": "två"}, "Antal tillfällen ska vara ett heltal, 0 eller större."),
        ({"year": 2024}, "Året 2024 ligger utanför programperioden 2025–2027."),
        ({"year": "nästa år"}, "År ska vara ett årtal, t.ex. 2026."),
        ({"year": None}, "Ange år, eller startdatum och slutdatum."),
        (
            {"year": None, "start_date": "2024-11-01", "end_date": "2025-01-31"},
            "Startdatum 2024-11-01 ligger utanför programperioden 2025–2027.",
        ),
        ({"year": None, "start_date": "2025-03-01"}, "Ange både startdatum och slutdatum, eller bara år."),
        (
            {"year": None, "start_date": "2025-05-01", "end_date": "2025-03-01"},
            "Slutdatum är före startdatum.",
        ),
        (
            {"year": None, "start_date": "1 mars", "end_date": "2025-03-01"},
            "Startdatum ska skrivas ÅÅÅÅ-MM-DD, t.ex. 2026-03-15.",
        ),
        (
            {"year": 2025, "start_date": "2025-11-01", "end_date": "2026-01-31"},
            "Året 2025 stämmer inte med slutdatum 2026-01-31: en insats räknas till det år den slutar.",
        ),
    ],
)
def test_it_gives_a_swedish_error_for_each_bad_value(change, message):
    result = validate_row({**GOOD, **change}, lookups())
    assert message in result.errors


def test_a_row_with_dates_counts_in_the_year_it_ends():
    result = validate_row(
        {**GOOD, "year": None, "start_date": "2025-11-01", "end_date": "2026-01-31"}, lookups()
    )
    assert result.is_valid
    assert result.year == 2026
    assert result.start_date == datetime.date(2025, 11, 1)


def test_a_unit_editor_may_only_record_for_their_own_unit():
    result = validate_row({**GOOD, "organisation": "Vision"}, lookups(allowed={"unit:1"}))
    assert (
        "Du får bara registrera utbildning för din egen organisation (Socialförvaltningen)." in result.errors
    )


def test_a_repeated_row_and_an_already_recorded_figure_are_errors():
    existing = validate_row({**GOOD, "year": 2025}, lookups()).key()
    results = validate_rows(
        [GOOD, {**GOOD, "row": 3}, {**GOOD, "row": 4, "year": 2025}], lookups(existing={existing})
    )
    assert results[0].is_valid
    assert results[1].errors == ["Raden upprepar rad 2."]
    assert "finns redan registrerad" in results[2].errors[0]
