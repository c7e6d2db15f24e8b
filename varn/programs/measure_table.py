"""The rows of the measure list's table, read as plain values and written in Python: the markup the
template's row loop wrote, without a template node, filter or translation per cell
(docs/decisions/0145). tests/test_measure_table.py holds the row as the template wrote it."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from html import escape

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from .models import MeasureStatus, PreventionLevel

# What a row shows, in this order, for `values_list`.
FIELDS = (
    "pk",
    "code",
    "title",
    "goal__code",
    "goal__title",
    "responsible_unit__short_name",
    "responsible_unit__name",
    "prevention_level",
    "end_date",
    "status",
)

_CLOSED = frozenset({MeasureStatus.DONE, MeasureStatus.CANCELLED})


def esc(text: str) -> str:
    """`text` escaped as Django's escape does; most text has none of the five characters, and the
    tests cost less than html.escape's five replacements (a call each)."""
    if "&" in text or "<" in text or ">" in text or '"' in text or "'" in text:
        return escape(text)
    return text


def _labels(choices) -> dict[str, str]:
    return {code: escape(str(label)) for code, label in choices}


def rows_html(
    rows: Iterable[tuple],
    *,
    detail_url: str,
    target_groups: Mapping[int, list[str]],
    today: datetime.date,
) -> SafeString:
    """The <tr> of each row (FIELDS), linking to `detail_url` + id + "/"; `target_groups` maps a
    measure's id to the names of its target groups in the order shown. Labels, the link's start
    and the overdue mark are made once for the page."""
    levels, statuses = _labels(PreventionLevel.choices), _labels(MeasureStatus.choices)
    link = escape(detail_url)
    overdue = f' <span class="overdue">({escape(gettext("försenad"))})</span>'
    # Goals, units, target groups and statuses repeat from row to row: each escaped once.
    seen: dict[str, str] = {}

    def once(text: str) -> str:
        if (done := seen.get(text)) is None:
            done = seen[text] = esc(text)
        return done

    out = []
    for pk, code, title, goal_code, goal_title, unit_short, unit_name, level, end, status in rows:
        groups = ", ".join([once(name) for name in target_groups.get(pk, ())])
        late = overdue if status not in _CLOSED and end < today else ""
        out.append(
            f"<tr>\n"
            f"      <td>{esc(code)}</td>\n"
            f'      <td><a href="{link}{pk}/">{esc(title)}</a></td>\n'
            f"      <td>{once(goal_code or goal_title)}</td>\n"
            f"      <td>{once(unit_short or unit_name)}</td>\n"
            f"      <td>{levels.get(level, '')}</td>\n"
            f"      <td>{groups}</td>\n"
            f'      <td><span class="date">{end.isoformat()}</span>{late}</td>\n'
            f'      <td><span class="badge status-{once(status)}">{statuses.get(status, "")}</span></td>\n'
            f"    </tr>"
        )
    return mark_safe("".join(out))
