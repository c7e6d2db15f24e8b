"""Cost entries as Excel for editing, and an edited copy read back (ADR 0101, 0126).

One row per cost entry with its id and the time it was last changed. What is read back of an
existing entry is the hours, the amount (SEK) and the comment; the rest is for reading. A row
without an id adds a cost entry: its measure named by number (Insats nr) or title (Insats) as the
export writes them, a year, a category, hours or amount, and optionally the unit, funding, basis
and comment. `parse_costs` and `check_costs` are pure; `apply_costs` saves each accepted change and
new entry as the importing person's."""

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
    formula_error,
    normalise,
    quote,
    read_table,
    start_row,
    whole_number,
    write_guide,
    write_table,
)
from varn.core.workbooks import save_workbook
from varn.organisations.models import Unit
from varn.programs.models import Measure

from .models import CostBasis, CostCategory, CostEntry, Funding
from .services import current_program

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
            _(
                "En ny kostnadspost: lägg till en rad utan Id, med insatsens nummer (Insats nr) eller namn "
                "(Insats) som i exporten, År, Kostnadsslag och Timmar eller Belopp (kr). Förvaltning: "
                "tom ger insatsens ansvariga förvaltning. Finansiering: tom ger Inom befintlig ram. Typ "
                "av uppgift: tom ger Utfall."
            ),
            _("Tillåtna kostnadsslag: %(values)s.")
            % {"values": ", ".join(str(label) for label in CostCategory.labels)},
            _("Inget sparas förrän du har granskat och bekräftat."),
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


@dataclass
class MeasureRef:
    """A measure of the current programme a new row may name, in plain data."""

    pk: int
    code: str
    title: str
    label: str
    unit_id: int  # its responsible unit


@dataclass
class NewRowContext:
    """What a row without an id is checked against: the current programme's measures and the
    municipality's active units (name -> id); `own_unit` is the unit editor's unit (None: the
    coordinator, who may record for any unit)."""

    measures: list[MeasureRef]
    units: dict[int, str]  # id -> name
    own_unit: int | None

    def unit_named(self, name: Any) -> int | None:
        wanted = normalise(name)
        return next((pk for pk, unit in self.units.items() if normalise(unit) == wanted), None)


def _choice(value: Any, choices: list[tuple[str, Any]], default: str | None) -> str | None:
    """The code of a choice named by its label (or code) in a cell; `default` for an empty cell,
    None for an unknown one."""
    if value is None:
        return default
    wanted = normalise(value)
    for code, label in choices:
        if wanted in (normalise(label), code):
            return code
    return None


def _allowed(choices: list[tuple[str, Any]]) -> str:
    return ", ".join(str(label) for _code, label in choices)


def _measure_for(values: dict, measures: list[MeasureRef], errors: list[str]) -> MeasureRef | None:
    """The measure a new row names by number and/or title, or None with the reason in `errors`."""
    code, title = values.get("code"), values.get("measure")
    if code is None and title is None:
        errors.append(
            _("Ny rad utan insats: ange insatsens nummer (Insats nr) eller namn (Insats) som i exporten.")
        )
        return None
    if code is not None:
        found = [m for m in measures if m.code and normalise(m.code) == normalise(code)]
        if not found:
            errors.append(_("Insats nr %(code)s finns inte i programmet.") % {"code": quote(code)})
            return None
        measure = found[0]
        if title is not None and normalise(title) != normalise(measure.title):
            errors.append(
                _("Insats nr %(code)s heter %(title)s i Värn, inte %(given)s. Rätta numret eller namnet.")
                % {"code": quote(code), "title": quote(measure.title), "given": quote(title)}
            )
            return None
        return measure
    found = [m for m in measures if normalise(m.title) == normalise(title)]
    if len(found) != 1:
        errors.append(
            (
                _("Insatsen %(title)s finns inte i programmet.")
                if not found
                else _("Flera insatser heter %(title)s: ange insatsens nummer (Insats nr).")
            )
            % {"title": quote(title)}
        )
        return None
    return found[0]


def _amounts(values: dict, errors: list[str]) -> tuple[Decimal | None, Decimal | None]:
    hours, amount = _decimal(values.get("hours")), _decimal(values.get("amount"))
    if hours is None or hours < 0 or hours > MAX_HOURS:
        errors.append(
            _("Timmar ska vara ett tal, 0 eller större: %(value)s.") % {"value": quote(values["hours"])}
        )
        hours = None
    elif hours != hours.quantize(Decimal("0.1")):
        errors.append(_("Timmar anges med högst en decimal."))
        hours = None
    if amount is None or amount < 0 or amount > MAX_AMOUNT:
        errors.append(
            _("Belopp ska vara ett tal i kronor, 0 eller större: %(value)s.")
            % {"value": quote(values["amount"])}
        )
        amount = None
    elif amount != amount.quantize(Decimal("1")):
        errors.append(_("Belopp anges i hela kronor."))
        amount = None
    return hours, amount


def _note(values: dict, errors: list[str]) -> str:
    note = str(values.get("note") or "").strip()
    if len(note) > 500:
        errors.append(_("Kommentaren är längre än 500 tecken."))
    if find_personal_numbers(note):
        errors.append(_("Kommentaren innehåller ett personnummer. Värn sparar inga uppgifter om enskilda."))
    return note


def _category_rule(is_staff_time: bool, hours: Decimal, amount: Decimal) -> str:
    if is_staff_time and (amount or not hours):
        return _("För personaltid anges timmar (fler än 0), inte belopp.")
    if not is_staff_time and hours:
        return _("Timmar anges bara för personaltid. Ange kostnaden för detta slag som belopp.")
    if not is_staff_time and not amount:
        return _("Ange beloppet i kronor (fler än 0).")
    return ""


def check_new_row(values: dict, context: NewRowContext) -> Outcome:
    """A row without an id: the cost entry it would add (shown as "ny"), or why it is refused."""
    outcome = Outcome(row=int(values["row"]), new=True)
    errors = outcome.errors
    if problem := formula_error(values):
        errors.append(problem)
    measure = _measure_for(values, context.measures, errors)
    if measure is not None:
        outcome.label = measure.label
        if context.own_unit is not None and measure.unit_id != context.own_unit:
            errors.append(
                _("Du får bara lägga till kostnader för insatser som din egen förvaltning ansvarar för.")
            )
    year = whole_number(values["year"]) if values.get("year") is not None else None
    if year is None or not 2000 <= year <= 2100:
        errors.append(
            _("År ska vara ett årtal (2000–2100): %(value)s.") % {"value": quote(values.get("year") or "")}
            if values.get("year") is not None
            else _("År saknas: en ny kostnadspost behöver ett år.")
        )
    categories = CostCategory.choices
    category = _choice(values.get("category"), categories, None)
    if category is None:
        errors.append(
            _("Okänt kostnadsslag: %(value)s. Tillåtna: %(allowed)s.")
            % {"value": quote(values.get("category") or ""), "allowed": _allowed(categories)}
        )
    funding = _choice(values.get("funding"), Funding.choices, Funding.EXISTING_BUDGET)
    if funding is None:
        errors.append(
            _("Okänd finansiering: %(value)s. Tillåtna: %(allowed)s.")
            % {"value": quote(values["funding"]), "allowed": _allowed(Funding.choices)}
        )
    basis = _choice(values.get("basis"), CostBasis.choices, CostBasis.ACTUAL)
    if basis is None:
        errors.append(
            _("Okänd typ av uppgift: %(value)s. Tillåtna: %(allowed)s.")
            % {"value": quote(values["basis"]), "allowed": _allowed(CostBasis.choices)}
        )
    unit_name = values.get("unit")
    unit_id: int | None = measure.unit_id if measure is not None else None
    if unit_name is not None:
        unit_id = context.unit_named(unit_name)
        if unit_id is None:
            errors.append(_("Okänd förvaltning: %(value)s.") % {"value": quote(unit_name)})
        elif context.own_unit is not None and unit_id is not None and unit_id != context.own_unit:
            errors.append(
                _("Du registrerar kostnader för din egen förvaltning: ange den eller lämna Förvaltning tom.")
            )
    hours, amount = _amounts(values, errors)
    note = _note(values, errors)
    staff_time = category == CostCategory.STAFF_TIME
    if hours is not None and amount is not None and category is not None:
        errors.extend(filter(None, [_category_rule(staff_time, hours, amount)]))
    if errors:
        return outcome
    assert measure is not None and year is not None and category is not None and unit_id is not None
    assert hours is not None and amount is not None and funding is not None and basis is not None
    outcome.label = f"{measure.label} {year}"
    outcome.changes = [
        Change(_("Kostnadsslag"), "", str(dict(categories)[category])),
        Change(_("Förvaltning"), "", context.units.get(unit_id, "")),
        Change(_("Timmar") if staff_time else _("Belopp (kr)"), "", _text(hours if staff_time else amount)),
        Change(_("Finansiering"), "", str(dict(Funding.choices)[funding])),
        Change(_("Typ av uppgift"), "", str(dict(CostBasis.choices)[basis])),
    ]
    if note:
        outcome.changes.append(Change(_("Kommentar"), "", note))
    outcome.data = {
        "measure": measure.pk,
        "unit": unit_id,
        "year": year,
        "category": category,
        "hours": str(hours),
        "amount": str(amount),
        "funding": funding,
        "basis": basis,
        "note": note,
    }
    return outcome


def check_costs(
    rows: list[dict],
    current: dict[int, CostState],
    *,
    own_unit: int | None,
    new_rows: NewRowContext | None = None,
) -> list[Outcome]:
    """What each row would change or add, or why it is refused. `current` holds the
    municipality's cost entries; `new_rows` what a row without an id is checked against."""
    seen: dict[int, int] = {}
    outcomes = []
    context = new_rows or NewRowContext(measures=[], units={}, own_unit=own_unit)
    for values in rows:
        if values.get("id") is None:
            outcomes.append(check_new_row(values, context))
            continue
        outcome, entry = start_row(
            values,
            current,
            seen,
            no_id=_("Id är inte ett tal: raden kan inte kopplas till en kostnadspost."),
            unknown=_("Kostnadspost %(id)s finns inte i kommunen."),
        )
        outcomes.append(outcome)
        if entry is None:
            continue
        errors, pk = outcome.errors, entry.pk
        hours, amount = _amounts(values, errors)
        note = _note(values, errors)
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


def check_for(rows: list[dict], membership, *, lock: bool = False) -> list[Outcome]:
    """`check_costs` against the cost entries, the current programme's measures and the units as
    they are now; `lock`: the entries and measures locked until the transaction ends, for the
    confirmation."""
    municipality = membership.municipality
    own_unit = None if membership.is_coordinator else membership.unit_id
    entries = CostEntry.objects.filter(municipality=municipality).select_related("measure")
    measures = Measure.objects.none()
    if any(values.get("id") is None for values in rows) and (program := current_program(municipality)):
        measures = Measure.objects.filter(municipality=municipality, program=program).order_by("code", "pk")
    if lock:
        entries = entries.select_for_update(of=("self",))
        measures = measures.select_for_update(of=("self",))
    units = dict(Unit.objects.filter(municipality=municipality, is_active=True).values_list("pk", "name"))
    context = NewRowContext(
        measures=[
            MeasureRef(pk=m.pk, code=m.code, title=m.title, label=str(m), unit_id=m.responsible_unit_id)
            for m in measures
        ],
        units=units,
        own_unit=own_unit,
    )
    return check_costs(rows, {e.pk: state_of(e) for e in entries}, own_unit=own_unit, new_rows=context)


@transaction.atomic
def apply_costs(outcomes: list[Outcome], *, municipality, by) -> int:
    """Save each accepted change and add each accepted new entry, in the audit trail under `by`."""
    wanted = [o for o in outcomes if o.is_change]
    entries = CostEntry.objects.select_for_update().filter(
        municipality=municipality, pk__in=[o.data["pk"] for o in wanted if not o.new]
    )
    by_pk = {e.pk: e for e in entries}
    reason = _("Import från Excel")
    for o in wanted:
        if o.new:
            entry = CostEntry(
                municipality=municipality,
                measure_id=o.data["measure"],
                unit_id=o.data["unit"],
                year=o.data["year"],
                category=o.data["category"],
                hours=Decimal(o.data["hours"]),
                amount=Decimal(o.data["amount"]),
                funding=o.data["funding"],
                basis=o.data["basis"],
                note=o.data["note"],
                created_by=by,
            )
            entry._history_user = by  # type: ignore[attr-defined]
            entry._change_reason = reason  # type: ignore[attr-defined]
            entry.save()
            continue
        entry = by_pk[o.data["pk"]]
        entry.hours, entry.amount = Decimal(o.data["hours"]), Decimal(o.data["amount"])
        entry.note = o.data["note"]
        entry._history_user = by  # type: ignore[attr-defined]
        entry._change_reason = reason  # type: ignore[attr-defined]
        entry.save(update_fields=["hours", "amount", "note", "updated_at"])
    return len(wanted)
