"""The follow-up board (a round's page): its rows read as plain values, the counts per unit, the
sortable columns, and the rows of its two tables written once per page.

A board has a row per measure and unit (200 in a large programme) and a row per unit (40 in a large
municipality). Built as model instances and rendered cell by cell in the template they were most of
the page's time when it is built after a change (issue 16); the rows' markup is written here instead,
as the template wrote it (docs/decisions/0150)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS
from django.db.models import F, OuterRef
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from varn.core.listing import SortColumn, swedish_keys
from varn.core.markup import path_parts, rows, text
from varn.core.prepared import PreparedQuery, count_of

from .models import Conclusion, FollowUpAnswer, FollowUpQuestion, FollowUpResponse, FollowUpRound

BOARD_PER_PAGE = 50


class _OrCode(dict[str, str]):
    """code → label; a code without one is shown as it is (as `get_FOO_display()` shows it)."""

    def __missing__(self, code: str) -> str:
        return code


class _OrEmpty(dict[str, str]):
    """code → label; no label for a code without one (a response without a conclusion)."""

    def __missing__(self, code: str) -> str:
        return ""


@dataclass(frozen=True, slots=True)
class _Words:
    statuses: _OrCode
    conclusions: _OrEmpty
    round_kinds: _OrCode
    round_statuses: _OrCode
    columns: tuple[str, ...]
    share: str


# The board's words, translated once per process and language (as core/navigation.py's links):
# they depend on the catalogue alone.
_WORDS: dict[str, _Words] = {}


def _words() -> _Words:
    language = get_language() or ""
    words = _WORDS.get(language)
    if words is None:
        words = _WORDS[language] = _Words(
            _OrCode({code: str(label) for code, label in FollowUpResponse.Status.choices}),
            _OrEmpty({code: str(label) for code, label in Conclusion.choices}),
            _OrCode({code: str(label) for code, label in FollowUpRound.Kind.choices}),
            _OrCode({code: str(label) for code, label in FollowUpRound.Status.choices}),
            (_("Insats"), _("Förvaltning"), _("Besvarade frågor"), _("Slutsats"), _("Status")),
            _("Andel klart för %(unit)s"),
        )
    return words


# The round's links, reversed once per process and URL configuration with a slug and an id no
# municipality and round have, which each page replaces with its own.
_SLUG, _PK = "varn-board-slug-marker", "987654321"
_ROUND_LINKS = ("edit", "open", "close", "history", "export")
_links_made: dict[tuple[str, str], tuple[str, dict[str, str]]] = {}


def round_links(slug: str, pk: int) -> dict[str, str]:
    """The paths of `followup:index` ("index") and of `followup:round-<name>` for the round."""
    key = (str(get_urlconf() or settings.ROOT_URLCONF), get_script_prefix())
    made = _links_made.get(key)
    if made is None:
        made = _links_made[key] = (
            reverse("followup:index", args=[_SLUG]),
            {name: reverse(f"followup:round-{name}", args=[_SLUG, int(_PK)]) for name in _ROUND_LINKS},
        )
    index, paths = made
    pk_text = str(pk)
    links = {name: path.replace(_SLUG, slug).replace(_PK, pk_text) for name, path in paths.items()}
    links["index"] = index.replace(_SLUG, slug)
    return links


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


_ROUND_FIELDS = [f.attname for f in FollowUpRound._meta.concrete_fields]
# The round, the programme's title (all the page shows of the programme) and the number of its
# questions, in one row; compiled once per process (core/prepared.py, docs/decisions/0180).
_ROUND = PreparedQuery(
    lambda municipality_id, pk: (
        FollowUpRound.objects.filter(municipality_id=municipality_id, pk=pk)
        .joined_within(municipality_id, "program")
        .annotate(
            program_title=F("program__title"),
            n_questions=count_of(
                FollowUpQuestion.objects.filter(municipality_id=municipality_id, round_id=OuterRef("pk"))
            ),
        )
        .order_by()
        .values_list(*_ROUND_FIELDS, "program_title", "n_questions")
    ),
    municipality_id=int,
    pk=int,
)


def board_round(municipality_id: int, pk: int) -> tuple[FollowUpRound, int] | None:
    """The round of the municipality (`program_title` set) and its number of questions, or None."""
    found = _ROUND.rows(municipality_id=municipality_id, pk=pk)
    if not found:
        return None
    *fields, program_title, n_questions = found[0]
    round = FollowUpRound.from_db(DEFAULT_DB_ALIAS, _ROUND_FIELDS, fields)
    round.program_title = program_title  # type: ignore[attr-defined]
    return round, n_questions


# The round's responses in measure order, each with its number of non-empty answers.
_RESPONSES = PreparedQuery(
    lambda municipality_id, round_id: (
        FollowUpResponse.objects.filter(municipality_id=municipality_id, round_id=round_id)
        .joined_within(municipality_id, "unit", "measure")
        .annotate(
            answered=count_of(
                FollowUpAnswer.objects.filter(
                    municipality_id=municipality_id, response_id=OuterRef("pk")
                ).exclude(text="")
            )
        )
        .order_by("measure__code", "measure__title", "pk")
        .values_list(
            "pk",
            "status",
            "conclusion",
            "return_comment",
            "unit_id",
            "unit__name",
            "unit__short_name",
            "measure__code",
            "measure__title",
            "answered",
        )
    ),
    municipality_id=int,
    round_id=int,
)


def board_rows(round: FollowUpRound, slug: str) -> list[BoardRow]:
    """The round's responses in measure order, each with its number of non-empty answers: one
    prepared query, whatever the number of responses."""
    words = _words()
    statuses, conclusions = words.statuses, words.conclusions
    before, after = path_parts("followup:response-detail", slug)
    values = _RESPONSES.rows(municipality_id=round.municipality_id, round_id=round.pk)
    return [
        BoardRow(
            pk,
            f"{before}/{pk}/{after}",
            f"{code} {title}".strip(),
            unit_id,
            unit_name,
            short or unit_name,
            status,
            statuses[status],
            conclusions[conclusion],
            comment,
            answered,
        )
        for pk, status, conclusion, comment, unit_id, unit_name, short, code, title, answered in values
    ]


def board_facts(round: FollowUpRound, n_done: int, n_responses: int) -> dict[str, str]:
    """The round's facts and the board's progress sentence as the template's `get_FOO_display`,
    `|date:"Y-m-d"` and `{% blocktranslate %}` wrote them (same msgids), for the template to put in."""
    n, words = round.reminder_days, _words()
    return {
        "kind_label": words.round_kinds[round.kind],
        "status_label": words.round_statuses[round.status],
        "deadline": round.deadline.isoformat(),
        # blocktranslate leaves its translation unescaped and its (integer) values as str() writes them.
        "reminder": mark_safe(
            ngettext("%(n)s dag före sista svarsdag", "%(n)s dagar före sista svarsdag", n) % {"n": n}
        ),
        "progress": mark_safe(
            _("%(done)s av %(total)s svar är inskickade eller godkända.")
            % {"done": n_done, "total": n_responses}
        ),
    }


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


def board_columns() -> dict[str, tuple[str, Callable[[Sequence[BoardRow]], Sequence[Any]]]]:
    """The columns of the board's table per measure, each with the sort keys of all the rows
    (`core.listing.sort_rows_keyed`), for the page and for its export."""
    measure, unit, answered, conclusion, status = _words().columns
    return {
        "insats": (measure, lambda rows: swedish_keys([r.measure for r in rows])),
        "forvaltning": (unit, lambda rows: swedish_keys([r.unit_label for r in rows])),
        "besvarade": (answered, lambda rows: [r.answered for r in rows]),
        "slutsats": (conclusion, lambda rows: swedish_keys([r.conclusion_label for r in rows])),
        "status": (status, lambda rows: swedish_keys([r.status_label for r in rows])),
    }


def header_cells(columns: dict[str, SortColumn]) -> SafeString:
    """The header cells of the table per measure, with the whitespace the template wrote around them."""
    c = columns
    return mark_safe(
        f"      {c['insats'].th}\n{c['forvaltning'].th}\n{c['besvarade'].th_num}\n\n"
        f"      {c['slutsats'].th}\n{c['status'].th}\n\n"
    )


# The rows as the template wrote them, whitespace included. Counts are written as str() writes them,
# as the template did: USE_THOUSAND_SEPARATOR is off.
_COUNTS = ("total", "not_started", "draft", "returned", "submitted", "approved")


def unit_rows_html(units: list[dict]) -> SafeString:
    """The rows of the table per unit (followup/round_detail.html)."""
    share = _words().share
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
