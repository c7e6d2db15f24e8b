from django import template
from django.utils.safestring import SafeString

from varn.training.navigation import training_subnav as _training_subnav

register = template.Library()


@register.simple_tag(takes_context=True)
def training_subnav(context) -> SafeString:
    """`{% training_subnav %}`: the training section's links for the page's membership."""
    request = context["request"]
    match = request.resolver_match
    membership = context["membership"]
    return _training_subnav(
        match.url_name if match is not None else None,
        context["municipality"].slug,
        can_record=membership.is_coordinator or membership.is_unit_editor or membership.is_partner,
    )
