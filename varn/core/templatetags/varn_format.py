from django import template

from varn.core.formatting import format_when

register = template.Library()


@register.filter
def when(value) -> str:
    """`{{ entry.when|when }}`: "2 dec. 2026 03:36" in Swedish local time."""
    return format_when(value)
