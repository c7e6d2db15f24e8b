"""Comparing report snapshots: pure functions over the stored JSON, no database."""

from varn.followup.diff import ADDED, CHANGED, REMOVED, SAME, compare


def section(title, paragraphs=(), tables=(), charts=(), subsections=()):
    return {
        "title": title,
        "paragraphs": list(paragraphs),
        "tables": list(tables),
        "charts": list(charts),
        "subsections": list(subsections),
    }


def table(caption, rows, headers=("Förvaltning", "Timmar", "Kronor")):
    return {"caption": caption, "headers": list(headers), "rows": [list(r) for r in rows]}


def test_identical_reports_have_no_changes():
    report = {
        "sections": [
            section("Kostnader", ["Allt inom ram."], [table("Per förvaltning", [["SOC", "10", "4 500"]])])
        ]
    }
    assert [d.status for d in compare(report, report)] == [SAME]


def test_it_finds_a_changed_figure_in_a_table():
    old = {
        "sections": [
            section(
                "Kostnader", tables=[table("Per förvaltning", [["SOC", "10", "4 500"], ["BUF", "2", "900"]])]
            )
        ]
    }
    new = {
        "sections": [
            section(
                "Kostnader", tables=[table("Per förvaltning", [["SOC", "12", "5 400"], ["BUF", "2", "900"]])]
            )
        ]
    }
    [diff] = compare(old, new)
    assert diff.status == CHANGED
    cells = [(c.row, c.column, c.old, c.new) for c in diff.tables[0].cells]
    assert cells == [("SOC", "Timmar", "10", "12"), ("SOC", "Kronor", "4 500", "5 400")]


def test_it_finds_added_and_removed_rows_paragraphs_and_sections():
    old = {
        "sections": [
            section("Sammanfattning", ["Första.", "Andra."]),
            section("Gammalt avsnitt"),
            section("Kostnader", tables=[table("Per år", [["2025", "1", "450"]])]),
        ]
    }
    new = {
        "sections": [
            section("Sammanfattning", ["Första.", "Nytt andra."]),
            section("Kostnader", tables=[table("Per år", [["2026", "3", "1 350"]])]),
            section("Nytt avsnitt", ["Text."]),
        ]
    }
    diffs = {d.path: d for d in compare(old, new)}
    assert diffs["Sammanfattning"].paragraphs_removed == ["Andra."]
    assert diffs["Sammanfattning"].paragraphs_added == ["Nytt andra."]
    assert diffs["Gammalt avsnitt"].status == REMOVED
    assert diffs["Nytt avsnitt"].status == ADDED
    per_year = diffs["Kostnader"].tables[0]
    assert per_year.rows_added == [["2026", "3", "1 350"]]
    assert per_year.rows_removed == [["2025", "1", "450"]]


def test_it_compares_the_figures_of_charts_and_subsections():
    chart_old = {
        "kind": "bar",
        "title": "Slutsatser",
        "labels": ["Behåll", "Ändra"],
        "series": {"Insatser": [5.0, 2.0]},
    }
    chart_new = {**chart_old, "series": {"Insatser": [4.0, None]}}
    old = {"sections": [section("Revidering", subsections=[section("Detaljer", charts=[chart_old])])]}
    new = {"sections": [section("Revidering", subsections=[section("Detaljer", charts=[chart_new])])]}
    diffs = {d.path: d for d in compare(old, new)}
    assert diffs["Revidering"].status == SAME
    detail = diffs["Revidering › Detaljer"]
    cells = [(c.row, c.old, c.new) for c in detail.tables[0].cells]
    assert cells == [("Behåll", "5", "4"), ("Ändra", "2", "saknas")]
    assert detail.tables[0].caption == "Diagram: Slutsatser"
