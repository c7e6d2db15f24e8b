from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from varn.core.formatting import format_when

register = template.Library()


@register.filter
def when(value) -> SafeString | str:
    """`{{ entry.when|when }}`: "2 dec. 2026 03:36" in Swedish local time, in a `.date` span so a
    line never breaks inside it (not for attributes)."""
    text = format_when(value)
    return format_html('<span class="date">{}</span>', text) if text else text
