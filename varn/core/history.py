"""Reading the audit trail that django-simple-history keeps for every audited model."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db.models import Model
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from varn.core.formatting import format_number, format_when

HIDDEN_FIELDS = {"lock_version", "updated_at", "created_at", "municipality"}
# Fields declared without a verbose name would show Django's English default ("reviewed by").
FIELD_LABELS = {
    "applied_by": gettext_lazy("införd av"),
    "based_on": gettext_lazy("bygger på"),
    "case": gettext_lazy("ärende"),
    "created_by": gettext_lazy("skapad av"),
    "data_stamp": gettext_lazy("datastämpel"),
    "decision": gettext_lazy("beslut"),
    "forum": gettext_lazy("forum"),
    "kind": gettext_lazy("typ"),
    "managed_by_sso": gettext_lazy("styrs av inloggningstjänsten"),
    "measure": gettext_lazy("åtgärd"),
    "meeting": gettext_lazy("möte"),
    "membership": gettext_lazy("medlemskap"),
    "notes": gettext_lazy("anteckningar"),
    "partner": gettext_lazy("samverkanspart"),
    "position": gettext_lazy("ordning"),
    "prefilled_from": gettext_lazy("förifylld från"),
    "program": gettext_lazy("program"),
    "question": gettext_lazy("fråga"),
    "resolved_by": gettext_lazy("uppfyllt genom"),
    "response": gettext_lazy("svar"),
    "reviewed_by": gettext_lazy("granskad av"),
    "round": gettext_lazy("uppföljningsomgång"),
    "sent_at": gettext_lazy("skickad"),
    "source": gettext_lazy("källa"),
    "status": gettext_lazy("status"),
    "submitted_by": gettext_lazy("inskickad av"),
    "target_version": gettext_lazy("version som ändras"),
    "text_hash": gettext_lazy("textens kontrollsumma"),
    "unit": gettext_lazy("förvaltning"),
    "uploaded_at": gettext_lazy("uppladdad"),
    "uploaded_by": gettext_lazy("uppladdad av"),
    "user": gettext_lazy("användare"),
    "version": gettext_lazy("version"),
}
ACTIONS = {"+": gettext_noop("skapade"), "~": gettext_noop("ändrade"), "-": gettext_noop("tog bort")}


@dataclass
class Change:
    field: str
    old: str
    new: str


@dataclass
class Entry:
    when: datetime
    who: str
    action: str
    label: str
    changes: list[Change] = field(default_factory=list)
    reason: str = ""


def _display(model: type[Model], name: str, value: Any) -> str:
    if value is None or value == "":
        return "–"
    try:
        f = model._meta.get_field(name)
    except Exception:
        return str(value)
    choices = getattr(f, "choices", None)
    if choices:
        return str(dict(choices).get(value, value))
    if isinstance(value, list):
        if value and isinstance(value[0], dict):
            # m2m changes from simple-history: [{"measure": 1, "partner": 3}, ...]: the other side's ids
            value = [v for row in value for k, v in row.items() if k != model._meta.model_name]
        if f.is_relation and f.related_model is not None:
            return _names(f.related_model, value) or "–"
        return ", ".join(str(v) for v in value) or "–"
    if f.is_relation and f.related_model is not None:
        return _names(f.related_model, [value]) or "–"
    if isinstance(value, bool):
        return _("ja") if value else _("nej")
    if isinstance(value, (datetime, date)):
        return format_when(value)
    if isinstance(value, (Decimal, float)):
        return format_number(value)
    if isinstance(value, str) and f.get_internal_type() in ("DateTimeField", "DateField"):
        return format_when(value)
    return str(value)


def _names(related: type[Model], pks: list[Any]) -> str:
    """The names of related objects; one that has since been deleted says so instead of its id."""
    found = {obj.pk: str(obj) for obj in related._default_manager.filter(pk__in=pks)}
    return ", ".join(found.get(pk, _("(borttagen)")) for pk in pks)


def _verbose(model: type[Model], name: str) -> str:
    try:
        verbose = str(getattr(model._meta.get_field(name), "verbose_name", name))
    except Exception:
        verbose = name
    if verbose == name.replace("_", " ") and name in FIELD_LABELS:
        return str(FIELD_LABELS[name])
    return verbose


def _records(obj: Model) -> Any:
    """The simple-history manager of an audited object."""
    return obj.history  # type: ignore[attr-defined]


def history_entries(obj: Model, limit: int = 100) -> list[Entry]:
    """Newest first: who changed what, with old and new values."""
    model = type(obj)
    records = list(
        _records(obj).select_related("history_user").order_by("-history_date", "-history_id")[: limit + 1]
    )
    entries = []
    for i, record in enumerate(records[:limit]):
        previous = records[i + 1] if i + 1 < len(records) else None
        changes: list[Change] = []
        if previous is not None and record.history_type == "~":
            delta = record.diff_against(previous)
            for change in delta.changes:
                if change.field in HIDDEN_FIELDS:
                    continue
                changes.append(
                    Change(
                        _verbose(model, change.field),
                        _display(model, change.field, change.old),
                        _display(model, change.field, change.new),
                    )
                )
        user = record.history_user
        entries.append(
            Entry(
                when=record.history_date,
                who=(user.get_full_name() or user.username) if user else _("systemet"),
                action=_(ACTIONS[record.history_type])
                if record.history_type in ACTIONS
                else record.history_type,
                label=str(record.instance) if record.history_type != "-" else str(obj),
                changes=changes,
                reason=record.history_change_reason or "",
            )
        )
    return entries


def changes_between(obj: Model, since_version: int) -> list[Change]:
    """What others changed in `obj` since the edit form showed `lock_version == since_version`:
    the difference between that historical state and the current one."""
    model = type(obj)
    then = _records(obj).filter(lock_version=since_version).order_by("-history_date").first()
    now = _records(obj).order_by("-history_date", "-history_id").first()
    if then is None or now is None:
        return []
    delta = now.diff_against(then)
    return [
        Change(_verbose(model, c.field), _display(model, c.field, c.old), _display(model, c.field, c.new))
        for c in delta.changes
        if c.field not in HIDDEN_FIELDS
    ]


def last_editor(obj: Model) -> str:
    record = _records(obj).select_related("history_user").order_by("-history_date").first()
    if record is None or record.history_user is None:
        return _("någon annan")
    return record.history_user.get_full_name() or record.history_user.username
