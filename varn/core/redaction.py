"""Redaction (issue 14): a coordinator removes a value that should never have been written (a
person's name or number in free text) from the object and from every history row that holds it.
The history keeps that a redaction happened: who, when, which field and why, never the value."""

from __future__ import annotations

from django.apps import apps
from django.db import models, transaction
from django.utils.translation import gettext as _

REDACTED = "[maskerat]"


def redactable_fields(model: type[models.Model]) -> list[models.Field]:
    """The free-text fields of a model of the municipality (those a person writes into)."""
    return [
        f
        for f in model._meta.concrete_fields
        if isinstance(f, (models.CharField, models.TextField)) and not f.choices and f.editable
    ]


def find_object(label: str, pk: int, municipality) -> models.Model | None:
    """An object of the municipality by its model label ("programs.measure") and id; None if the
    model is not one of Värn's tenant models or the object is another municipality's."""
    try:
        model = apps.get_model(label)
    except (LookupError, ValueError):
        return None
    if not model.__module__.startswith("varn.") or not hasattr(model, "history"):
        return None
    if "municipality" not in {f.name for f in model._meta.concrete_fields}:
        return None
    return model._default_manager.filter(municipality=municipality, pk=pk).first()


@transaction.atomic
def redact_text(obj: models.Model, field: str, value: str, *, by, reason: str) -> int:
    """Remove `value` from `obj.<field>` and from that field in every history row of `obj`.
    Returns how many history rows held it. A new history row records the redaction."""
    model = type(obj)
    current = getattr(obj, field) or ""
    history = obj.history.model  # type: ignore[attr-defined]
    touched = 0
    for record in history.objects.filter(id=obj.pk).only("history_id", field):
        text = getattr(record, field) or ""
        if value in text:
            history.objects.filter(pk=record.pk).update(**{field: text.replace(value, REDACTED)})
            touched += 1
    setattr(obj, field, current.replace(value, REDACTED))
    obj._change_reason = _("Maskering av ”%(field)s”: %(reason)s") % {  # type: ignore[attr-defined]
        "field": getattr(model._meta.get_field(field), "verbose_name", field),
        "reason": reason,
    }
    obj._history_user = by  # type: ignore[attr-defined]
    obj.save(update_fields=[field])
    return touched
