from django import template
from django.utils.safestring import SafeString

from varn.core import navigation

register = template.Library()


@register.simple_tag(takes_context=True)
def main_nav(context) -> SafeString:
    """`{% main_nav %}`: the links of the main navigation for the membership of the page."""
    request = context["request"]
    return navigation.main_nav(
        request.resolver_match, context["municipality"].slug, can_manage=context["membership"].can_manage
    )
