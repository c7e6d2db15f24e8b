"""Formatting coverage figures: a missing figure reads "saknas", never 0."""

from django import template
from django.utils.translation import gettext as _

from varn.training.coverage import Cell, format_count, format_percent

register = template.Library()


@register.filter
def share(cell: Cell) -> str:
    return format_percent(cell)


@register.filter
def count(value) -> str:
    if isinstance(value, Cell):
        value = value.participants
    return format_count(value)


@register.filter
def population(cell: Cell) -> str:
    return format_count(cell.population)


@register.filter
def target_met(row) -> str:
    met = row.meets_target
    if met is None:
        return _("saknas") if row.target is not None else "–"
    return _("ja") if met else _("nej")
