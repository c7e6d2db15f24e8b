"""The measure list as Excel, and an edited copy read back (ADR 0101).

The export has one row per measure: its id, number, title, responsible unit, dates, status, the
latest update and the version it had when exported. What is read back is the status and a new
status text (the other columns are for reading). `parse_measures` (bytes to plain rows) and
`check_measures` (plain rows against the measures as they are now) are pure; the preview and the
confirmation both run `check_measures` on fresh data, and `apply_measures` records each change as
a status update by the importing person."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl import Workbook

from varn.core.forms import find_personal_numbers
from varn.core.roundtrip import (
    Change,
    Outcome,
    normalise,
    quote,
    read_table,
    start_row,
    whole_number,
    write_guide,
    write_table,
)
from varn.core.workbooks import save_workbook

from .models import Measure, MeasureStatus

SHEET = "Insatser"
COLUMNS: list[tuple[str, str]] = [
    ("id", "Id"),
    ("code", "Nummer"),
    ("title", "Insats"),
    ("unit", "Ansvarig förvaltning"),
    ("start_date", "Startdatum"),
    ("end_date", "Slutdatum"),
    ("status", "Status"),
    ("latest", "Senaste lägesrapport"),
    ("narrative", "Ny lägesbeskrivning"),
    ("version", "Version"),
]
REQUIRED = ["id", "status", "version"]
MAX_NARRATIVE = 5000


def measures_workbook(measures: list[Measure]) -> bytes:
    """The measures (with `responsible_unit` and their updates prefetched) as the round-trip sheet."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = SHEET
    statuses = dict(MeasureStatus.choices)
    rows = []
    for m in measures:
        updates = list(m.updates.all())
        latest = f"{updates[0].date:%Y-%m-%d}: {updates[0].narrative}" if updates else ""
        rows.append(
            [
                m.pk,
                m.code,
                m.title,
                m.responsible_unit.name,
                m.start_date,
                m.end_date,
                str(statuses.get(m.status, m.status)),
                latest,
                "",
                m.lock_version,
            ]
        )
    write_table(sheet, [h for _n, h in COLUMNS], rows, [8, 10, 50, 30, 12, 12, 14, 60, 60, 9])
    write_guide(
        workbook,
        [
            _("Insatser – export för redigering"),
            "",
            _("Ändra Status och skriv gärna en Ny lägesbeskrivning. Övriga kolumner läses inte in."),
            _("Tillåten status: %(statuses)s.") % {"statuses": ", ".join(str(s) for s in statuses.values())},
            _("Ändra inte Id eller Version: de visar vilken insats raden gäller och när den exporterades."),
            _(
                "När filen läses in visas först en förhandsgranskning per rad (gammalt → nytt, och vad som "
                "nekas och varför). Inget sparas förrän du bekräftar."
            ),
        ],
    )
    return save_workbook(workbook)


def parse_measures(data: bytes) -> list[dict]:
    """Plain rows from an edited export. Raises TableError for a file that is not the template."""
    return read_table(data, sheet_name=SHEET, columns=COLUMNS, required=REQUIRED)


@dataclass
class MeasureState:
    """A measure as it is now, in plain data, for checking a file's rows."""

    pk: int
    label: str
    status: str
    version: int
    unit_id: int


def state_of(measure: Measure) -> MeasureState:
    return MeasureState(
        pk=measure.pk,
        label=str(measure),
        status=measure.status,
        version=measure.lock_version,
        unit_id=measure.responsible_unit_id,
    )


def check_measures(
    rows: list[dict], current: dict[int, MeasureState], *, own_unit: int | None
) -> list[Outcome]:
    """What each row would change, or why it is refused. `current` holds the municipality's
    measures; `own_unit` is the unit editor's unit (None: the coordinator may change any)."""
    by_label = {normalise(label): code for code, label in MeasureStatus.choices}
    by_label.update({code: code for code in MeasureStatus.values})
    labels = dict(MeasureStatus.choices)
    seen: dict[int, int] = {}
    outcomes = []
    for values in rows:
        outcome, measure = start_row(
            values,
            current,
            seen,
            no_id=_("Id saknas eller är inte ett tal: raden kan inte kopplas till en insats."),
            unknown=_("Insats %(id)s finns inte i kommunen."),
        )
        outcomes.append(outcome)
        if measure is None:
            continue
        errors, pk = outcome.errors, measure.pk
        status_text = values.get("status")
        status = by_label.get(normalise(status_text)) if status_text is not None else None
        if status is None:
            errors.append(
                _("Okänd status: %(value)s. Tillåtna: %(allowed)s.")
                % {"value": quote(status_text or ""), "allowed": ", ".join(str(s) for s in labels.values())}
            )
        narrative = str(values.get("narrative") or "").strip()
        if len(narrative) > MAX_NARRATIVE:
            errors.append(_("Lägesbeskrivningen är längre än %(n)s tecken.") % {"n": MAX_NARRATIVE})
        if find_personal_numbers(narrative):
            errors.append(
                _("Lägesbeskrivningen innehåller ett personnummer. Värn sparar inga uppgifter om enskilda.")
            )
        changes_status = status is not None and status != measure.status
        if not changes_status and not narrative:
            continue  # nothing to do; a refusal above still shows
        if own_unit is not None and measure.unit_id != own_unit:
            errors.append(_("Du får bara ändra insatser som din egen förvaltning ansvarar för."))
        version = whole_number(values.get("version")) if values.get("version") is not None else None
        if version != measure.version:
            errors.append(
                _(
                    "Insatsen har ändrats av någon annan sedan exporten (version %(old)s, nu %(new)s). "
                    "Exportera listan på nytt och gör ändringen där."
                )
                % {"old": values.get("version", "–"), "new": measure.version}
            )
        if errors:
            continue
        if changes_status and status is not None:
            outcome.changes.append(Change(_("Status"), str(labels[measure.status]), str(labels[status])))
        if narrative:
            outcome.changes.append(Change(_("Lägesbeskrivning"), "", narrative))
        outcome.data = {"pk": pk, "status": status, "narrative": narrative}
    return outcomes


def check_for(rows: list[dict], membership, *, lock: bool = False) -> list[Outcome]:
    """`check_measures` against the municipality's measures as they are now; `lock`: locked until
    the transaction ends, for the confirmation."""
    measures = Measure.objects.filter(municipality=membership.municipality)
    if lock:
        measures = measures.select_for_update(of=("self",))
    current = {m.pk: state_of(m) for m in measures}
    own_unit = None if membership.is_coordinator else membership.unit_id
    return check_measures(rows, current, own_unit=own_unit)


@transaction.atomic
def apply_measures(outcomes: list[Outcome], *, municipality, by, on: datetime.date) -> int:
    """Record every accepted row as a status update by `by`; returns how many were recorded."""
    wanted = [o for o in outcomes if o.is_change]
    measures = Measure.objects.select_for_update().filter(
        municipality=municipality, pk__in=[o.data["pk"] for o in wanted]
    )
    by_pk = {m.pk: m for m in measures}
    for o in wanted:
        narrative = o.data["narrative"] or _("Status ändrad genom import från Excel.")
        by_pk[o.data["pk"]].record_update(by=by, status=o.data["status"], narrative=narrative, date=on)
    return len(wanted)
