"""The coverage workbook's editable sheet, and an edited copy read back (ADR 0101).

The coverage export carries, besides its tables, a sheet with one row per training effort the
reader may see: its id, organisation, target group, course, period, the counts and the time it was
last changed. Read back are the counts (sessions, participants, target population) and the
comment; new figures are still added with the import template. `parse_efforts` and `check_efforts`
are pure; `apply_efforts` saves each accepted change under the importing person."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl import Workbook

from varn.core.forms import find_personal_numbers
from varn.core.roundtrip import Change, Outcome, quote, read_table, start_row, whole_number, write_table

from .importing import COLUMNS as TEMPLATE_COLUMNS
from .importing import looks_like_person
from .models import TrainingEffort

SHEET = "Insatser att redigera"
# The import template's headers, with the id and the version around them.
COLUMNS: list[tuple[str, str]] = [
    ("id", "Id"),
    *TEMPLATE_COLUMNS,
    ("version", "Senast ändrad"),
]
REQUIRED = ["id", "participants", "version"]
COUNTS = ("sessions", "participants", "target_population")


def version_of(effort: TrainingEffort) -> str:
    return effort.updated_at.isoformat(timespec="microseconds")


def add_efforts_sheet(workbook: Workbook, efforts: list[TrainingEffort]) -> None:
    """The efforts (course, unit, partner and target group selected) as the editable sheet."""
    sheet = workbook.create_sheet(SHEET)
    rows = [
        [
            e.pk,
            str(e.organisation or ""),
            e.target_group.name,
            e.course.name,
            e.year,
            e.start_date,
            e.end_date,
            e.sessions,
            e.participants,
            e.target_population,
            e.note,
            version_of(e),
        ]
        for e in efforts
    ]
    write_table(sheet, [h for _n, h in COLUMNS], rows, [8, 34, 22, 40, 6, 12, 12, 10, 10, 12, 40, 28])


def parse_efforts(data: bytes) -> list[dict]:
    return read_table(data, sheet_name=SHEET, columns=COLUMNS, required=REQUIRED)


@dataclass
class EffortState:
    pk: int
    label: str
    counts: dict[str, int | None]
    note: str
    version: str
    may_change: bool


def _count(values: dict, name: str, errors: list[str], *, least: int) -> int | None:
    raw = values.get(name)
    if raw is None:
        return None
    number = whole_number(raw)
    if number is None or number < least:
        label = dict(COLUMNS)[name]
        errors.append(
            _("%(column)s ska vara ett heltal, %(least)s eller större: %(value)s.")
            % {"column": label, "least": least, "value": quote(raw)}
        )
    return number


def check_efforts(rows: list[dict], current: dict[int, EffortState]) -> list[Outcome]:
    seen: dict[int, int] = {}
    outcomes = []
    for values in rows:
        outcome, effort = start_row(
            values,
            current,
            seen,
            no_id=_("Id saknas: nya utbildningssiffror läses in med mallen, inte här."),
            unknown=_("Utbildningsinsats %(id)s finns inte i kommunen."),
        )
        outcomes.append(outcome)
        if effort is None:
            continue
        errors, pk = outcome.errors, effort.pk
        new = {
            "sessions": _count(values, "sessions", errors, least=0),
            "participants": _count(values, "participants", errors, least=0),
            "target_population": _count(values, "target_population", errors, least=1),
        }
        if new["participants"] is None and not errors:
            errors.append(_("Antal deltagare saknas."))
        note = str(values.get("note") or "").strip()
        if len(note) > 2000:
            errors.append(_("Kommentaren är längre än 2000 tecken."))
        if find_personal_numbers(note) or (note and looks_like_person(note)):
            errors.append(_("Kommentaren liknar en personuppgift. Värn sparar inga uppgifter om enskilda."))
        if errors:
            continue
        participants, population = new["participants"], new["target_population"]
        if participants is not None and population is not None and participants > population:
            errors.append(
                _("Antal deltagare (%(p)s) är fler än målgruppens storlek (%(n)s).")
                % {"p": participants, "n": population}
            )
            continue
        changes = [
            Change(
                dict(COLUMNS)[name],
                "–" if effort.counts[name] is None else str(effort.counts[name]),
                "–" if new[name] is None else str(new[name]),
            )
            for name in COUNTS
            if new[name] != effort.counts[name]
        ]
        if note != effort.note:
            changes.append(Change(_("Kommentar"), effort.note, note))
        if not changes:
            continue
        if not effort.may_change:
            errors.append(_("Du får bara ändra utbildningssiffror för din egen organisation."))
        if str(values.get("version") or "") != effort.version:
            errors.append(_("Insatsen har ändrats av någon annan sedan exporten. Exportera på nytt."))
        if errors:
            continue
        outcome.changes = changes
        outcome.data = {"pk": pk, "note": note, **new}
    return outcomes


def check_for(rows: list[dict], membership, *, lock: bool = False) -> list[Outcome]:
    """`check_efforts` against the efforts as they are now; `lock`: locked until the transaction
    ends, for the confirmation."""
    efforts = TrainingEffort.objects.filter(municipality=membership.municipality).select_related(
        "course", "unit", "partner"
    )
    if lock:
        efforts = efforts.select_for_update(of=("self",))
    allowed = set(TrainingEffort.objects.recorded_by(membership).values_list("pk", flat=True))
    current = {
        e.pk: EffortState(
            pk=e.pk,
            label=str(e),
            counts={name: getattr(e, name) for name in COUNTS},
            note=e.note,
            version=version_of(e),
            may_change=e.pk in allowed,
        )
        for e in efforts
    }
    return check_efforts(rows, current)


@transaction.atomic
def apply_efforts(outcomes: list[Outcome], *, municipality, by) -> int:
    wanted = [o for o in outcomes if o.is_change]
    efforts = TrainingEffort.objects.select_for_update().filter(
        municipality=municipality, pk__in=[o.data["pk"] for o in wanted]
    )
    by_pk = {e.pk: e for e in efforts}
    for o in wanted:
        effort = by_pk[o.data["pk"]]
        for name in COUNTS:
            setattr(effort, name, o.data[name])
        effort.note = o.data["note"]
        effort._history_user = by  # type: ignore[attr-defined]
        effort._change_reason = _("Import från Excel")  # type: ignore[attr-defined]
        effort.save(update_fields=[*COUNTS, "note", "updated_at"])
    return len(wanted)
