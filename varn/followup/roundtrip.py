"""Cost entries as Excel for editing, and an edited copy read back (ADR 0101).

One row per cost entry with its id and the time it was last changed. What is read back is the
hours, the amount (SEK) and the comment; the rest is for reading. `parse_costs` and `check_costs`
are pure; `apply_costs` saves each accepted change as a change by the importing person."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl import Workbook

from varn.core.forms import find_personal_numbers
from varn.core.roundtrip import (
    Change,
    Outcome,
    quote,
    read_table,
    start_row,
    write_guide,
    write_table,
)
from varn.core.workbooks import save_workbook

from .models import CostEntry

SHEET = "Kostnadsposter"
COLUMNS: list[tuple[str, str]] = [
    ("id", "Id"),
    ("year", "År"),
    ("code", "Insats nr"),
    ("measure", "Insats"),
    ("unit", "Förvaltning"),
    ("category", "Kostnadsslag"),
    ("hours", "Timmar"),
    ("amount", "Belopp (kr)"),
    ("funding", "Finansiering"),
    ("basis", "Typ av uppgift"),
    ("note", "Kommentar"),
    ("version", "Senast ändrad"),
]
REQUIRED = ["id", "hours", "amount", "version"]
MAX_HOURS = Decimal("99999999.9")
MAX_AMOUNT = Decimal("999999999999")


def version_of(entry: CostEntry) -> str:
    return entry.updated_at.isoformat(timespec="microseconds")


def costs_workbook(entries: list[CostEntry]) -> bytes:
    """The entries (with measure and unit selected) as the round-trip sheet."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = SHEET
    rows = [
        [
            e.pk,
            e.year,
            e.measure.code,
            e.measure.title,
            e.unit.name,
            str(e.get_category_display()),
            float(e.hours),
            int(e.amount),
            str(e.get_funding_display()),
            str(e.get_basis_display()),
            e.note,
            version_of(e),
        ]
        for e in entries
    ]
    write_table(sheet, [h for _n, h in COLUMNS], rows, [8, 6, 10, 40, 28, 16, 9, 12, 18, 14, 40, 28])
    write_guide(
        workbook,
        [
            _("Kostnadsposter – export för redigering"),
            "",
            _("Ändra Timmar, Belopp (kr) och Kommentar. Övriga kolumner läses inte in."),
            _("Personaltid anges i timmar (värderas med timkostnaden); övriga kostnadsslag i kronor."),
            _("Ändra inte Id eller Senast ändrad: de visar vilken post raden gäller och dess version."),
            _("Nya kostnadsposter läggs till i Värn. Inget sparas förrän du har granskat och bekräftat."),
        ],
    )
    return save_workbook(workbook)


def parse_costs(data: bytes) -> list[dict]:
    return read_table(data, sheet_name=SHEET, columns=COLUMNS, required=REQUIRED)


@dataclass
class CostState:
    pk: int
    label: str
    is_staff_time: bool
    hours: Decimal
    amount: Decimal
    note: str
    version: str
    unit_id: int  # the measure's responsible unit


def state_of(entry: CostEntry) -> CostState:
    return CostState(
        pk=entry.pk,
        label=str(entry),
        is_staff_time=entry.is_staff_time,
        hours=entry.hours,
        amount=entry.amount,
        note=entry.note,
        version=version_of(entry),
        unit_id=entry.measure.responsible_unit_id,
    )


def _decimal(value: Any) -> Decimal | None:
    if value is None:
        return Decimal(0)
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return Decimal(str(value))
    text = re.sub(r"[\s\u00a0]|kr$", "", str(value)).replace(",", ".")
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


def _text(value: Decimal) -> str:
    return f"{value.normalize():f}".replace(".", ",")


def check_costs(rows: list[dict], current: dict[int, CostState], *, own_unit: int | None) -> list[Outcome]:
    seen: dict[int, int] = {}
    outcomes = []
    for values in rows:
        outcome, entry = start_row(
            values,
            current,
            seen,
            no_id=_("Id saknas: nya kostnadsposter läggs till i Värn, inte genom import."),
            unknown=_("Kostnadspost %(id)s finns inte i kommunen."),
        )
        outcomes.append(outcome)
        if entry is None:
            continue
        errors, pk = outcome.errors, entry.pk
        hours, amount = _decimal(values.get("hours")), _decimal(values.get("amount"))
        if hours is None or hours < 0 or hours > MAX_HOURS:
            errors.append(
                _("Timmar ska vara ett tal, 0 eller större: %(value)s.") % {"value": quote(values["hours"])}
            )
        elif hours != hours.quantize(Decimal("0.1")):
            errors.append(_("Timmar anges med högst en decimal."))
        if amount is None or amount < 0 or amount > MAX_AMOUNT:
            errors.append(
                _("Belopp ska vara ett tal i kronor, 0 eller större: %(value)s.")
                % {"value": quote(values["amount"])}
            )
        elif amount != amount.quantize(Decimal("1")):
            errors.append(_("Belopp anges i hela kronor."))
        note = str(values.get("note") or "").strip()
        if len(note) > 500:
            errors.append(_("Kommentaren är längre än 500 tecken."))
        if find_personal_numbers(note):
            errors.append(
                _("Kommentaren innehåller ett personnummer. Värn sparar inga uppgifter om enskilda.")
            )
        if errors:
            continue
        assert hours is not None and amount is not None
        changes = []
        if hours != entry.hours:
            changes.append(Change(_("Timmar"), _text(entry.hours), _text(hours)))
        if amount != entry.amount:
            changes.append(Change(_("Belopp (kr)"), _text(entry.amount), _text(amount)))
        if note != entry.note:
            changes.append(Change(_("Kommentar"), entry.note, note))
        if not changes:
            continue
        if entry.is_staff_time and (amount or not hours):
            errors.append(_("För personaltid anges timmar (fler än 0), inte belopp."))
        if not entry.is_staff_time and hours:
            errors.append(_("Timmar anges bara för personaltid. Ange kostnaden för detta slag som belopp."))
        if own_unit is not None and entry.unit_id != own_unit:
            errors.append(
                _("Du får bara ändra kostnader för insatser som din egen förvaltning ansvarar för.")
            )
        if str(values.get("version") or "") != entry.version:
            errors.append(
                _("Kostnadsposten har ändrats av någon annan sedan exporten. Exportera listan på nytt.")
            )
        if errors:
            continue
        outcome.changes = changes
        outcome.data = {"pk": pk, "hours": str(hours), "amount": str(amount), "note": note}
    return outcomes


def check_for(rows: list[dict], membership) -> list[Outcome]:
    entries = CostEntry.objects.filter(municipality=membership.municipality).select_related("measure")
    own_unit = None if membership.is_coordinator else membership.unit_id
    return check_costs(rows, {e.pk: state_of(e) for e in entries}, own_unit=own_unit)


@transaction.atomic
def apply_costs(outcomes: list[Outcome], *, municipality, by) -> int:
    """Save each accepted change, in the audit trail under `by`."""
    wanted = [o for o in outcomes if o.is_change]
    entries = CostEntry.objects.select_for_update().filter(
        municipality=municipality, pk__in=[o.data["pk"] for o in wanted]
    )
    by_pk = {e.pk: e for e in entries}
    for o in wanted:
        entry = by_pk[o.data["pk"]]
        entry.hours, entry.amount = Decimal(o.data["hours"]), Decimal(o.data["amount"])
        entry.note = o.data["note"]
        entry._history_user = by  # type: ignore[attr-defined]
        entry._change_reason = _("Import från Excel")  # type: ignore[attr-defined]
        entry.save(update_fields=["hours", "amount", "note", "updated_at"])
    return len(wanted)
