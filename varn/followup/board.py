"""The follow-up board (a round's page): its rows read as plain values, the counts per unit, the
sortable columns, and the rows of its two tables written once per page.

A board has a row per measure and unit (200 in a large programme) and a row per unit (40 in a large
municipality). Built as model instances and rendered cell by cell in the template they were most of
the page's time when it is built after a change (issue 16); the rows' markup is written here instead,
as the template wrote it (docs/decisions/0150)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from varn.core.listing import swedish_key
from varn.core.markup import path_parts, rows, text

from .models import Conclusion, FollowUpAnswer, FollowUpResponse, FollowUpRound

BOARD_PER_PAGE = 50


@dataclass(slots=True)
class BoardRow:
    """One response on the board, read as plain values."""

    pk: int
    url: str
    measure: str
    unit_id: int
    unit_name: str
    unit_label: str
    status: str
    status_label: str
    conclusion_label: str
    return_comment: str
    answered: int


def board_rows(round: FollowUpRound, slug: str) -> list[BoardRow]:
    """The round's responses in measure order, each with its number of non-empty answers: two
    queries, whatever the number of responses."""
    statuses = {code: str(label) for code, label in FollowUpResponse.Status.choices}
    conclusions = {code: str(label) for code, label in Conclusion.choices}
    answered = dict(
        FollowUpAnswer.objects.filter(municipality_id=round.municipality_id, response__round=round)
        .exclude(text="")
        .order_by()
        .values_list("response_id")
        .annotate(n=Count("pk"))
    )
    before, after = path_parts("followup:response-detail", slug)
    responses = round.responses.joined_within(round.municipality_id, "unit", "measure")
    values = responses.order_by("measure__code", "measure__title", "pk").values_list(
        "pk",
        "status",
        "conclusion",
        "return_comment",
        "unit_id",
        "unit__name",
        "unit__short_name",
        "measure__code",
        "measure__title",
    )
    return [
        BoardRow(
            pk,
            f"{before}/{pk}/{after}",
            f"{code} {title}".strip(),
            unit_id,
            unit_name,
            short_name or unit_name,
            status,
            statuses.get(status, status),
            conclusions.get(conclusion, ""),
            return_comment,
            answered.get(pk, 0),
        )
        for pk, status, conclusion, return_comment, unit_id, unit_name, short_name, code, title in values
    ]


def unit_progress(responses: list[BoardRow]) -> list[dict]:
    """Counts per unit from the board's rows, in the order of the units' names."""
    units: dict[int, dict] = {}
    draft = FollowUpResponse.Status.DRAFT.value
    for r in responses:
        if r.unit_id in units:
            row = units[r.unit_id]
        else:
            row = units[r.unit_id] = {
                "name": r.unit_name,
                "total": 0,
                "not_started": 0,
                "draft": 0,
                "returned": 0,
                "submitted": 0,
                "approved": 0,
            }
        row["total"] += 1
        if r.status == draft and not r.answered:
            row["not_started"] += 1
        else:
            row[r.status] += 1
    ordered = sorted(units.values(), key=lambda row: row["name"])
    for row in ordered:
        row["done_percent"] = round(100 * (row["submitted"] + row["approved"]) / row["total"])
    return ordered


def board_columns() -> dict[str, tuple[str, Callable[[BoardRow], Any]]]:
    """The columns of the board's table per measure, for the page and for its export."""
    return {
        "insats": (_("Insats"), lambda r: swedish_key(r.measure)),
        "forvaltning": (_("Förvaltning"), lambda r: swedish_key(r.unit_label)),
        "besvarade": (_("Besvarade frågor"), lambda r: r.answered),
        "slutsats": (_("Slutsats"), lambda r: swedish_key(r.conclusion_label)),
        "status": (_("Status"), lambda r: swedish_key(r.status_label)),
    }


# The rows as the template wrote them, whitespace included. Counts are written as str() writes them,
# as the template did: USE_THOUSAND_SEPARATOR is off.
_COUNTS = ("total", "not_started", "draft", "returned", "submitted", "approved")


def unit_rows_html(units: list[dict]) -> SafeString:
    """The rows of the table per unit (followup/round_detail.html)."""
    share = _("Andel klart för %(unit)s")
    out = []
    for u in units:
        name, done = _escaped(u["name"]), u["done_percent"]
        counts = "".join([f'<td class="num">{u[key]}</td>' for key in _COUNTS])
        out.append(
            f'<tr>\n      <th scope="row">{name}</th>{counts}\n      <td><progress max="100" value="{done}" '
            f'aria-label="{share % {"unit": name}}">{done} %</progress> {done} %</td>\n    </tr>'
        )
    return rows(out)


def _escaped(value: str) -> str:
    """`core.markup.text(value)`, with the usual case first: text holding none of the five
    characters HTML escapes is written as it is. str.translate looks each character up in a dict
    (~10 µs for a Swedish measure title); these `in` tests are scans in C (docs/decisions/0175)."""
    if "&" in value or "<" in value or ">" in value or '"' in value or "'" in value:
        return text(value)
    return value


def measure_rows_html(page: Iterable[BoardRow], n_questions: int, *, linked: bool) -> SafeString:
    """The rows of the table per measure on this page; `linked`: each measure links to its
    response (for those who may read the answers)."""
    out = []
    # The units', conclusions' and statuses' labels repeat from row to row: each escaped once.
    labels: dict[str, str] = {}
    for r in page:
        name = _escaped(r.measure)
        measure = f'<a href="{_escaped(r.url)}">{name}</a>' if linked else name
        unit, conclusion, status = r.unit_label, r.conclusion_label, r.status_label
        if unit not in labels:
            labels[unit] = _escaped(unit)
        if conclusion not in labels:
            labels[conclusion] = _escaped(conclusion)
        if status not in labels:
            labels[status] = _escaped(status)
        out.append(
            f'<tr>\n      <th scope="row">{measure}</th>\n      <td>{labels[unit]}</td>\n'
            f'      <td class="num">{r.answered} / {n_questions}</td>\n'
            f"      <td>{labels[conclusion] or '–'}</td>\n"
            f'      <td><span class="badge">{labels[status]}</span></td>\n    </tr>'
        )
    return rows(out)
