"""Goals: the tree of vision, goals and sub-goals of a programme, as a flat list with parents."""

from __future__ import annotations

from django.db.models import Count
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from varn.programs.models import Goal

from .common import TENANT, chosen_program, enter
from .schemas import example

router = Router()


class GoalOut(Schema):
    model_config = example(
        id=3,
        program=1,
        parent=1,
        kind="goal",
        kind_label="Mål",
        code="2",
        title="Fler medarbetare har kunskap om våld",
        description="",
        position=2,
        measure_count=4,
    )
    id: int
    program: int
    parent: int | None = Field(..., description="Det överordnade målet (id); tomt för toppen av trädet.")
    kind: str = Field(..., description="vision, goal eller sub_goal")
    kind_label: str
    code: str
    title: str
    description: str
    position: int
    measure_count: int


class GoalFilters(Schema):
    program: int | None = Field(None, description="Programmets id; annars det gällande programmet.")


@router.get(TENANT + "/goals", response=list[GoalOut], url_name="goal-list", summary="Mål")
def goal_list(request: HttpRequest, municipality: str, filters: Query[GoalFilters]):
    """The goals of a programme (the programme in force unless one is named), in the order the
    goal page shows them."""
    enter(request, municipality)
    program = chosen_program(request, filters.program)
    if program is None:
        return []
    goals = Goal.objects.filter(program=program).annotate(measure_count=Count("measures"))
    return [
        {
            "id": g.pk,
            "program": g.program_id,
            "parent": g.parent_id,
            "kind": g.kind,
            "kind_label": g.get_kind_display(),
            "code": g.code,
            "title": g.title,
            "description": g.description,
            "position": g.position,
            "measure_count": g.measure_count,  # type: ignore[attr-defined]
        }
        for g in goals.order_by("position", "code")
    ]
