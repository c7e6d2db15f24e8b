from django.http import HttpResponse
from django.urls import path

from config.urls import urlpatterns as app_patterns


def floor(request):
    """The floor: a bare view behind the same middleware as every page."""
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/floor", floor, name="bench-floor"), *app_patterns]
