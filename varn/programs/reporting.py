"""The report section on the measures: their status per goal and per administration, and the
measures that need the politicians' attention (postponed, cancelled or overdue).

Three grouped queries whatever the number of measures; the goal tree is rolled up in Python."""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from varn.core.charts import Chart
from varn.core.reporting import Section, Table
from varn.organisations.models import Unit

from .models import Goal, Measure, MeasureStatus, Program

STATUS_ORDER = [
    MeasureStatus.DONE,
    MeasureStatus.ONGOING,
    MeasureStatus.PLANNED,
    MeasureStatus.POSTPONED,
    MeasureStatus.CANCELLED,
]


def _headers(first: str) -> list[str]:
    return [first, _("Totalt"), *[str(s.label) for s in STATUS_ORDER]]


def _row(label: str, counts: dict[str, int]) -> list[str]:
    return [label, str(sum(counts.values())), *[str(counts.get(s, 0)) for s in STATUS_ORDER]]


def section(program: Program) -> Section:
    today = timezone.localdate()
    measures = Measure.objects.filter(program=program)
    rows = list(
        measures.order_by().values("goal_id", "responsible_unit_id", "status").annotate(n=Count("id"))
    )
    title = _("Insatsernas status")
    if not rows:
        return Section(title=title, paragraphs=[_("Programmet har inga insatser ännu.")])

    by_goal: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    by_unit: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    totals: dict[str, int] = defaultdict(int)
    for row in rows:
        by_goal[row["goal_id"]][row["status"]] += row["n"]
        by_unit[row["responsible_unit_id"]][row["status"]] += row["n"]
        totals[row["status"]] += row["n"]

    goals = list(Goal.objects.filter(program=program).order_by("position", "code", "pk"))
    children: dict[int | None, list[Goal]] = defaultdict(list)
    for goal in goals:
        children[goal.parent_id].append(goal)

    rolled: dict[int, dict[str, int]] = {}

    def subtree(goal: Goal) -> dict[str, int]:
        if goal.pk in rolled:
            return rolled[goal.pk]
        counts: dict[str, int] = defaultdict(int)
        rolled[goal.pk] = counts
        for status, n in by_goal.get(goal.pk, {}).items():
            counts[status] += n
        for child in children.get(goal.pk, []):
            for status, n in subtree(child).items():
                counts[status] += n
        return counts

    goal_rows: list[list[str]] = []

    def walk(parent_id: int | None, depth: int) -> None:
        for goal in children.get(parent_id, []):
            counts = subtree(goal)
            if goal.kind != Goal.Kind.VISION and counts:
                indent = "– " * depth
                goal_rows.append(_row(f"{indent}{goal}", counts))
                walk(goal.pk, depth + 1)
            else:
                walk(goal.pk, depth)

    walk(None, 0)

    units = {u.pk: u for u in Unit.objects.filter(pk__in=by_unit)}
    unit_order = sorted(by_unit, key=lambda pk: units[pk].name)
    unit_rows = [_row(units[pk].name, by_unit[pk]) for pk in unit_order]

    attention = list(
        measures.filter(
            Q(status__in=[MeasureStatus.POSTPONED, MeasureStatus.CANCELLED])
            | (~Q(status__in=[MeasureStatus.DONE, MeasureStatus.CANCELLED]) & Q(end_date__lt=today))
        )
        .select_related("responsible_unit")
        .order_by("code", "title")
    )

    total = sum(totals.values())
    overdue = sum(1 for m in attention if m.is_overdue)
    summary = _(
        "Programmet har %(total)s insatser: %(done)s genomförda, %(ongoing)s pågår, %(planned)s planerade, "
        "%(postponed)s senarelagda och %(cancelled)s avbrutna. %(overdue)s insatser har passerat sitt "
        "slutdatum utan att vara genomförda."
    ) % {
        "total": total,
        "done": totals[MeasureStatus.DONE],
        "ongoing": totals[MeasureStatus.ONGOING],
        "planned": totals[MeasureStatus.PLANNED],
        "postponed": totals[MeasureStatus.POSTPONED],
        "cancelled": totals[MeasureStatus.CANCELLED],
        "overdue": overdue,
    }
    present = [s for s in STATUS_ORDER if totals.get(s)]
    chart = Chart(
        kind="bar",
        title=_("Insatser per förvaltning och status"),
        labels=[units[pk].short_name or units[pk].name for pk in unit_order],
        series={str(s.label): [float(by_unit[pk].get(s, 0)) for pk in unit_order] for s in present},
        unit=_("antal insatser"),
        figures_in=_("Insatser per förvaltning och status"),
    )
    tables = [
        Table(caption=_("Insatser per mål och status"), headers=_headers(_("Mål")), rows=goal_rows),
        Table(
            caption=_("Insatser per förvaltning och status"),
            headers=_headers(_("Förvaltning")),
            rows=[*unit_rows, _row(_("Alla förvaltningar"), totals)],
        ),
    ]
    subsections = []
    if attention:
        subsections.append(
            Section(
                title=_("Insatser som behöver uppmärksamhet"),
                paragraphs=[_("Insatser som är senarelagda, avbrutna eller har passerat sitt slutdatum.")],
                tables=[
                    Table(
                        caption=_("Senarelagda, avbrutna och försenade insatser"),
                        headers=[_("Insats"), _("Ansvarig"), _("Status"), _("Slutdatum")],
                        rows=[
                            [
                                str(m),
                                m.responsible_unit.short_name or m.responsible_unit.name,
                                str(m.get_status_display()) + (f" ({_('försenad')})" if m.is_overdue else ""),
                                m.end_date.isoformat(),
                            ]
                            for m in attention
                        ],
                    )
                ],
            )
        )
    return Section(title=title, paragraphs=[summary], tables=tables, charts=[chart], subsections=subsections)
