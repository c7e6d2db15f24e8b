"""Writes that span several rows: adding a checked list of units or partners."""

from __future__ import annotations

from django.db import transaction

from .importing import Row
from .models import Municipality, Partner, Unit


@transaction.atomic
def add_organisations(
    municipality: Municipality, rows: list[Row], *, model: type[Unit] | type[Partner], by
) -> int:
    """Save every row (all checked by importing.parse_list), each with its place in the audit trail."""
    for row in rows:
        organisation: Unit | Partner = model(
            municipality=municipality, name=row.name, kind=row.kind, email=row.email
        )
        organisation._history_user = by  # type: ignore[union-attr]
        organisation.save()
    return len(rows)
