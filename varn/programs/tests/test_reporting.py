"""The report section on the measures' status (varn.programs.reporting.section)."""

from __future__ import annotations

import datetime

from varn.factories import GoalFactory, MeasureFactory, UnitFactory
from varn.programs.models import Goal, MeasureStatus
from varn.programs.reporting import section


def test_it_counts_status_per_goal_rolled_up_and_per_unit(cast):
    vision = GoalFactory(program=cast.program, municipality=cast.municipality, kind=Goal.Kind.VISION, code="")
    goal = GoalFactory(
        program=cast.program, municipality=cast.municipality, parent=vision, code="1", title="Färre"
    )
    sub = GoalFactory(
        program=cast.program,
        municipality=cast.municipality,
        parent=goal,
        kind=Goal.Kind.SUB_GOAL,
        code="1.1",
        title="Barn",
    )
    for status, unit in [
        (MeasureStatus.DONE, cast.unit),
        (MeasureStatus.ONGOING, cast.unit),
        (MeasureStatus.ONGOING, cast.other_unit),
    ]:
        MeasureFactory(
            program=cast.program,
            municipality=cast.municipality,
            goal=sub,
            responsible_unit=unit,
            status=status,
        )
    result = section(cast.program)
    goals = {row[0]: row for row in result.tables[0].rows}
    assert list(goals) == ["1 Färre", "– 1.1 Barn"]
    assert goals["1 Färre"][1:4] == ["3", "1", "2"]  # total, done, ongoing
    units = {row[0]: row for row in result.tables[1].rows}
    assert units["Socialförvaltningen"][1] == "2"
    assert units["Alla förvaltningar"][1] == "3"
    assert result.charts[0].labels == ["BUF", "SOC"]
    assert "Programmet har 3 insatser: 1 genomförda, 2 pågår" in result.paragraphs[0]


def test_it_lists_postponed_cancelled_and_overdue_measures(cast):
    goal = GoalFactory(program=cast.program, municipality=cast.municipality)
    unit = UnitFactory(municipality=cast.municipality, short_name="AHEM")
    past = datetime.date.today() - datetime.timedelta(days=10)
    MeasureFactory(
        program=cast.program,
        municipality=cast.municipality,
        goal=goal,
        responsible_unit=unit,
        code="1",
        end_date=past,
    )
    MeasureFactory(
        program=cast.program,
        municipality=cast.municipality,
        goal=goal,
        responsible_unit=unit,
        code="2",
        status=MeasureStatus.POSTPONED,
    )
    MeasureFactory(
        program=cast.program,
        municipality=cast.municipality,
        goal=goal,
        responsible_unit=unit,
        code="3",
        status=MeasureStatus.DONE,
        end_date=past,
    )
    [attention] = section(cast.program).subsections
    rows = attention.tables[0].rows
    assert [r[0].split()[0] for r in rows] == ["1", "2"]
    assert rows[0][2] == "Pågår (försenad)"
    assert rows[1][1] == "AHEM"


def test_a_programme_without_measures_says_so(cast):
    result = section(cast.program)
    assert result.paragraphs == ["Programmet har inga insatser ännu."]
    assert not result.tables
