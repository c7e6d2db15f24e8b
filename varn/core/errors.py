"""Error pages in the app's layout, in the visitor's language, with a way back.

The 500 page is rendered without context processors or database access: the error may be the
database itself, and a failing error page would hide the first failure."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.template import loader
from django.views.decorators.csrf import requires_csrf_token


def _back(request: HttpRequest) -> str:
    municipality = getattr(request, "municipality", None)
    slug = getattr(municipality, "slug", "")
    return f"/kommun/{slug}/" if slug else "/"


@requires_csrf_token
def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    body = loader.render_to_string("core/errors/403.html", {"back_url": _back(request)}, request)
    return HttpResponse(body, status=403)


@requires_csrf_token
def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    body = loader.render_to_string("core/errors/404.html", {"back_url": _back(request)}, request)
    return HttpResponse(body, status=404)


_PLAIN_500 = (
    "<!doctype html><html lang='sv'><title>Serverfel</title>"
    "<h1>Något gick fel</h1><p><a href='/'>Tillbaka till startsidan</a></p></html>"
)


@requires_csrf_token
def server_error(request: HttpRequest) -> HttpResponse:
    try:
        body = loader.get_template("core/errors/500.html").render({"back_url": "/"})
    except Exception:  # the template itself failed: a plain page rather than a second crash
        body = _PLAIN_500
    return HttpResponse(body, status=500)
