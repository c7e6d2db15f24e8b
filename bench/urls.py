from django.http import HttpResponse
from django.shortcuts import render
from django.urls import path

from config.urls import urlpatterns as app_patterns
from varn.core.tenancy import tenant_view


def floor(request):
    """The floor: a bare view behind the same middleware as every page."""
    return HttpResponse("ok", content_type="text/plain")


@tenant_view
def shell(request):
    """What every page costs before its own work: the membership lookup and the base template
    (header, navigation, footer) with an empty content block. Not a target; it shows how much of
    each page is the common frame."""
    return render(request, "base.html")


urlpatterns = [
    path("bench/floor", floor, name="bench-floor"),
    path("bench/kommun/<slug:municipality>/shell", shell, name="bench-shell"),
    *app_patterns,
]
