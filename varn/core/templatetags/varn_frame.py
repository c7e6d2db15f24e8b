from django import template
from django.conf import settings
from django.urls import get_script_prefix, get_urlconf
from django.utils.safestring import SafeString
from django.utils.translation import get_language

from varn.core import navigation

register = template.Library()


@register.simple_tag(takes_context=True)
def main_nav(context) -> SafeString:
    """`{% main_nav %}`: the links of the main navigation for the membership of the page."""
    request = context["request"]
    return navigation.main_nav(
        request.resolver_match, context["municipality"].slug, can_manage=context["membership"].can_manage
    )


_KEY = "varn_frame.per_language"


class PerLanguageNode(template.Node):
    def __init__(self, nodelist: template.NodeList) -> None:
        self.nodelist = nodelist
        self.made: dict[tuple, str] = {}

    def render(self, context: template.Context) -> str:
        # The URL configuration and its prefix are the same for every such part of a page.
        urls = context.render_context.get(_KEY)
        if urls is None:
            urls = context.render_context[_KEY] = (
                get_script_prefix(),
                get_urlconf() or settings.ROOT_URLCONF,
            )
        key = (get_language(), context.autoescape, urls)
        made = self.made.get(key)
        if made is None:
            made = self.made[key] = self.nodelist.render(context)
        return made


@register.tag
def per_language(parser: template.base.Parser, token: template.base.Token) -> PerLanguageNode:
    """`{% per_language %}…{% endper_language %}`: a part of the frame that depends on nothing but
    the language (words, `{% url %}` without arguments, `{% static %}`), rendered once per process,
    language and URL configuration and then given as it was (issue 16). Nothing of the person, the
    page, the request or the data belongs inside it."""
    nodelist = parser.parse(("endper_language",))
    parser.delete_first_token()
    return PerLanguageNode(nodelist)
