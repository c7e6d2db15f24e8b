"""Coverage computed from plain figures, without the database."""

from varn.training.coverage import UNION, UNIT, Figure, build_report, combine, format_percent

LEVELS = [("basic", "Basutbildning"), ("deepened", "Fördjupad utbildning")]
YEARS = [2025, 2026, 2027]


def fig(
    org="unit:1", group=UNIT, tg="Medarbetare", level="basic", year=2025, participants=10, population=100
):
    return Figure(org, group, tg, level, year, participants, population)


def report(figures, **kw):
    args = {
        "level": "basic",
        "levels": LEVELS,
        "years": YEARS,
        "units": [("unit:1", "SOC"), ("unit:2", "BUF")],
        "unions": [("partner:9", "Vision"), ("partner:8", "Kommunal")],
        "partners": [],
        "target_groups": ["Medarbetare", "Chefer"],
        "targets": {("basic", None): 80.0},
        "current_year": 2026,
    }
    args.update(kw)
    return build_report(figures, **args)


def test_coverage_is_participants_over_the_target_population():
    cell = combine([fig(participants=25, population=100)])
    assert cell.share == 0.25
    assert cell.percent == 25.0


def test_the_same_group_is_not_counted_twice_across_years():
    cell = combine(
        [fig(year=2025, participants=20, population=100), fig(year=2026, participants=30, population=110)]
    )
    assert cell.participants == 50
    assert cell.population == 110  # the largest size recorded, not 210
    assert cell.percent == round(50 / 110 * 100, 1)


def test_populations_of_different_organisations_are_added_up():
    cell = combine(
        [
            fig(org="unit:1", participants=50, population=100),
            fig(org="unit:2", participants=10, population=100),
        ]
    )
    assert cell.population == 200
    assert cell.share == 0.3


def test_it_caps_coverage_at_the_population_and_flags_it():
    cell = combine(
        [fig(year=2025, participants=80, population=100), fig(year=2026, participants=40, population=100)]
    )
    assert cell.share == 1.0
    assert cell.is_capped
    assert format_percent(cell) == "100 %*"


def test_participants_whose_population_is_unknown_are_left_out_of_the_share():
    cell = combine(
        [
            fig(org="unit:1", participants=50, population=100),
            fig(org="unit:2", participants=30, population=None),
        ]
    )
    assert cell.participants == 80
    assert cell.share == 0.5
    assert cell.is_partial
    assert format_percent(cell) == "50 %†"


def test_without_any_population_the_share_is_missing_not_zero():
    cell = combine([fig(population=None)])
    assert cell.participants == 10
    assert cell.share is None
    assert format_percent(cell) == "saknas"


def test_nothing_recorded_is_missing_not_zero():
    cell = combine([])
    assert cell.is_missing
    assert cell.participants is None and cell.share is None


def test_every_unit_gets_a_row_and_one_without_figures_is_missing():
    r = report([fig(org="unit:1", participants=40)])
    rows = {row.key: row for row in r.by_organisation}
    assert rows["unit:1"].period.percent == 40.0
    assert rows["unit:2"].period.is_missing
    assert rows["unit:2"].meets_target is None


def test_the_unions_are_a_row_of_their_own_and_not_in_the_units_total():
    r = report(
        [
            fig(org="unit:1", participants=40, population=100),
            fig(org="partner:9", group=UNION, tg="Fackliga parter", participants=9, population=10),
        ]
    )
    rows = {row.kind: row for row in r.by_organisation}
    assert rows["units_total"].period.participants == 40
    assert rows["unions"].period.participants == 9
    assert rows["unions"].label == "Fackliga parter"
    assert rows["unions"].meets_target is True
    unions = {row.key: row for row in r.unions}
    assert unions["partner:9"].period.percent == 90.0
    assert unions["partner:8"].period.is_missing


def test_years_without_figures_are_missing_and_the_period_adds_them_up():
    r = report([fig(year=2025, participants=10), fig(year=2026, participants=15)])
    row = r.by_organisation[0]
    assert [c.participants for c in row.years] == [10, 15, None]
    assert row.period.participants == 25


def test_cumulative_coverage_over_time_is_missing_for_years_that_have_not_begun():
    r = report([fig(year=2025, participants=10), fig(year=2026, participants=15)], current_year=2026)
    assert [p.units.percent for p in r.over_time] == [10.0, 25.0, None]
    assert r.over_time[2].is_future
    assert [p.unions.percent for p in r.over_time] == [None, None, None]


def test_a_target_for_a_target_group_applies_to_that_group():
    r = report(
        [
            fig(tg="Chefer", participants=9, population=10),
            fig(tg="Medarbetare", participants=70, population=100),
        ],
        targets={("basic", None): 80.0, ("basic", "Chefer"): 100.0},
    )
    groups = {row.key: row for row in r.by_target_group}
    assert groups["Chefer"].target == 100.0
    assert groups["Chefer"].meets_target is False
    assert groups["Medarbetare"].target == 80.0
    assert groups["all"].period.participants == 79


def test_figures_of_other_levels_do_not_count_but_appear_per_level():
    r = report([fig(level="basic", participants=10), fig(level="deepened", participants=5, population=20)])
    assert r.by_organisation[0].period.participants == 10
    levels = {row.level: row for row in r.by_level}
    assert levels["deepened"].units.percent == 25.0
    assert levels["deepened"].unions.is_missing


def test_figures_outside_the_programme_period_are_ignored():
    r = report([fig(year=2024, participants=10), fig(year=2025, participants=5)])
    assert r.by_organisation[0].period.participants == 5
