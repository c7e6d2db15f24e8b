from django import template

from varn.indicators.figures import format_value

register = template.Library()


@register.filter
def kolada_value(value):
    """A Kolada value the Swedish way, or "saknas" when Kolada has none."""
    return format_value(value if isinstance(value, int | float) else None)
