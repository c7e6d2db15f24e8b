from __future__ import annotations

from django import template

from varn.followup.costs import format_hours, format_number, format_sek

register = template.Library()


@register.filter
def sek(value) -> str:
    return format_sek(value or 0)


@register.filter
def number(value) -> str:
    return format_number(value or 0)


@register.filter
def hours(value) -> str:
    return format_hours(value or 0)


@register.filter
def get(mapping, key):
    return mapping.get(key, 0) if mapping else 0
