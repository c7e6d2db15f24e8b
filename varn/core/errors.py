"""Error pages in the app's layout, in the visitor's language, with a way back.

The 500 page is rendered without context processors or database access: the error may be the
database itself, and a failing error page would hide the first failure."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.template import loader
from django.utils.translation import gettext as _
from django.views.decorators.csrf import requires_csrf_token

TEMPLATE = "core/errors/error.html"


def _back(request: HttpRequest) -> str:
    municipality = getattr(request, "municipality", None)
    slug = getattr(municipality, "slug", "")
    return f"/kommun/{slug}/" if slug else "/"


@requires_csrf_token
def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    context = {
        "heading": _("Ingen behörighet"),
        "text": _(
            "Din roll ger inte rätt att se eller ändra det här. Be kommunens samordnare om du behöver det."
        ),
        "back_url": _back(request),
    }
    body = loader.render_to_string(TEMPLATE, context, request)
    return HttpResponse(body, status=403)


@requires_csrf_token
def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    context = {
        "heading": _("Sidan finns inte"),
        "text": _("Sidan du söker finns inte, har flyttats eller hör till en annan kommun."),
        "back_url": _back(request),
    }
    body = loader.render_to_string(TEMPLATE, context, request)
    return HttpResponse(body, status=404)


_PLAIN_500 = (
    "<!doctype html><html lang='sv'><title>Serverfel</title>"
    "<h1>Något gick fel</h1><p><a href='/'>Tillbaka till startsidan</a></p></html>"
)


@requires_csrf_token
def server_error(request: HttpRequest) -> HttpResponse:
    try:
        # No request: no context processors, so no membership lookup in the database.
        context = {
            "heading": _("Något gick fel"),
            "text": _(
                "Ett fel uppstod hos oss och det du gjorde sparades kanske inte. "
                "Felet är loggat. Försök igen om en stund."
            ),
            "back_url": "/",
        }
        body = loader.get_template(TEMPLATE).render(context)
    except Exception:  # the template itself failed: a plain page rather than a second crash
        body = _PLAIN_500
    return HttpResponse(body, status=500)
