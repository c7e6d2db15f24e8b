"""Writes that need more than one model method: saving an edit under optimistic locking."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from varn.core.history import Change, changes_between, last_editor

from .forms import MeasureForm
from .models import Measure


@dataclass
class EditConflict(Exception):
    """Someone else saved the object after this form was opened."""

    editor: str
    changes: list[Change]
    current_version: int


@transaction.atomic
def update_measure(form: MeasureForm, *, by) -> Measure:
    """Save an edit unless the measure changed since the form was opened; then refuse and say what changed."""
    measure: Measure = form.instance
    current = Measure.objects.select_for_update().get(pk=measure.pk)
    seen = form.cleaned_data.get("lock_version")
    if seen != current.lock_version:
        raise EditConflict(
            editor=last_editor(current),
            changes=changes_between(current, seen) if seen else [],
            current_version=current.lock_version,
        )
    measure.lock_version = current.lock_version + 1
    measure._history_user = by  # type: ignore[attr-defined]
    return form.save()
