"""The REST API, /api/v1/: one NinjaAPI with a router per resource (ADR 0095).

Every operation is behind authentication (a personal token, the identity provider's bearer token,
or the browser's session) and the rate limit per caller; the schema and the documentation are
open. Errors are JSON with a Swedish `detail`."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, Throttled, ValidationError
from ninja.throttling import AuthRateThrottle

from .auth import SessionAuth, TokenAuth
from .errors import ApiError

DESCRIPTION = """Värns data per kommun: programmet och dess versioner, mål, insatser, förvaltningar och
samverkansparter, ärenden och beslut, utbildning, samverkan, uppföljning, kostnader, rapporter och
nyckeltal från Kolada.

Autentisering: en personlig API-nyckel (skapas på sidan Mitt konto) eller kommunens
identitetsutfärdares åtkomsttoken, som `Authorization: Bearer …`. Varje anrop ser och får göra det
som personens roll ger i Värn. Datum är ISO 8601, belopp är decimaltal som text. Se docs/api.md."""


class CallerThrottle(AuthRateThrottle):
    """Requests per caller (one token, one provider token, one session), VARN_API_RATE (e.g.
    "300/m"); read at each request so that a changed setting applies at once."""

    def __init__(self) -> None:
        super().__init__(settings.VARN_API_RATE)

    def allow_request(self, request: HttpRequest) -> bool:
        self.rate = settings.VARN_API_RATE
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request)


api = NinjaAPI(
    title="Värn API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api",
    auth=[TokenAuth(), SessionAuth()],
    throttle=[CallerThrottle()],
    openapi_url="/openapi.json",
    docs_url="/docs",
)


def _answer(request: HttpRequest, status: int, body: dict) -> HttpResponse:
    return api.create_response(request, body, status=status)


@api.exception_handler(ApiError)
def _api_error(request: HttpRequest, exc: ApiError) -> HttpResponse:
    return _answer(request, exc.status, exc.body)


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return _answer(request, 404, {"detail": _("Finns inte.")})


@api.exception_handler(PermissionDenied)
def _forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return _answer(request, 403, {"detail": str(exc) or _("Du har inte behörighet till detta.")})


@api.exception_handler(AuthenticationError)
def _unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    response = _answer(
        request,
        401,
        {"detail": _("Ange en giltig API-nyckel: Authorization: Bearer <nyckel>. Nyckeln kan ha gått ut.")},
    )
    response["WWW-Authenticate"] = 'Bearer realm="varn"'
    return response


@api.exception_handler(Throttled)
def _throttled(request: HttpRequest, exc: Throttled) -> HttpResponse:
    return _answer(request, 429, {"detail": _("För många anrop. Vänta en stund och försök igen.")})


@api.exception_handler(ValidationError)
def _invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    errors: dict[str, list[str]] = {}
    for error in exc.errors:
        where = ".".join(str(part) for part in error.get("loc", ())[1:]) or "__all__"
        errors.setdefault(where, []).append(_("Ogiltigt värde."))
    return _answer(request, 422, {"detail": _("Begäran har ogiltiga värden."), "errors": errors})


def _register() -> None:
    from . import (
        cooperation,
        costs,
        decisions,
        followup,
        goals,
        indicators,
        measures,
        organisations,
        programs,
        reports,
        training,
        whoami,
    )

    api.add_router("", whoami.router, tags=["Konto"])
    api.add_router("", programs.router, tags=["Program"])
    api.add_router("", goals.router, tags=["Mål"])
    api.add_router("", measures.router, tags=["Insatser"])
    api.add_router("", organisations.router, tags=["Organisationer"])
    api.add_router("", decisions.router, tags=["Ärenden och beslut"])
    api.add_router("", training.router, tags=["Utbildning"])
    api.add_router("", cooperation.router, tags=["Samverkan"])
    api.add_router("", followup.router, tags=["Uppföljning"])
    api.add_router("", costs.router, tags=["Kostnader"])
    api.add_router("", reports.router, tags=["Rapporter"])
    api.add_router("", indicators.router, tags=["Nyckeltal"])


_register()
