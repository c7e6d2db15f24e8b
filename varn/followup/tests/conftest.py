from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from varn.factories import GoalFactory, MeasureFactory


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    """Reports and templates are files: keep them out of the worktree."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def goal(cast):
    return GoalFactory(
        program=cast.program, municipality=cast.municipality, code="1", title="Färre utsätts för våld"
    )


@pytest.fixture
def measures(cast, goal):
    """One measure owned by the unit editor's unit (SOC) and one by another unit (BUF)."""
    cast.unit.email = "soc@example.se"
    cast.unit.save()
    own = MeasureFactory(
        program=cast.program,
        municipality=cast.municipality,
        goal=goal,
        responsible_unit=cast.unit,
        code="1.1",
    )
    other = MeasureFactory(
        program=cast.program,
        municipality=cast.municipality,
        goal=goal,
        responsible_unit=cast.other_unit,
        code="1.2",
    )
    return own, other


def count_queries(func) -> int:
    with CaptureQueriesContext(connection) as queries:
        func()
    return len(queries)
