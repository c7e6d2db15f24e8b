"""Dates, times and numbers as a Swedish reader writes them ("2 dec. 2026 03:36", "36,7"),
in the municipality's time zone, whatever the value's source (a model, a history row, JSON)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from django.utils import dateformat, formats, timezone
from django.utils.translation import get_language

# Språkrådet's abbreviations: short names keep their letters, the others end with a full stop.
_SV_MONTHS = ["jan.", "feb.", "mars", "apr.", "maj", "juni", "juli", "aug.", "sep.", "okt.", "nov.", "dec."]


def _swedish() -> bool:
    return (get_language() or "sv").startswith("sv")


def format_date(value: date) -> str:
    if _swedish():
        return f"{value.day} {_SV_MONTHS[value.month - 1]} {value.year}"
    return dateformat.format(value, "j M Y")


def format_when(value: datetime | date | str | None) -> str:
    """A moment in local time to the minute; a date without time as a date."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        parsed = _parse(value)
        if parsed is None:
            return value
        value = parsed
    if not isinstance(value, datetime):
        return format_date(value)
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    return f"{format_date(local)} {local:%H:%M}"


def _parse(text: str) -> datetime | date | None:
    try:
        return datetime.fromisoformat(text) if "T" in text or " " in text else date.fromisoformat(text)
    except ValueError:
        return None


def format_number(value: int | float | Decimal) -> str:
    """Decimal comma in Swedish, thousands left as the locale writes them."""
    return str(formats.localize(value, use_l10n=True))
