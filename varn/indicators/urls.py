from django.urls import path

from . import views

app_name = "indicators"

urlpatterns = [
    path("", views.indicator_list, name="list"),
    path("nytt/", views.indicator_create, name="indicator-create"),
    path("<int:pk>/redigera/", views.indicator_edit, name="indicator-edit"),
    path("<int:pk>/historik/", views.indicator_history, name="indicator-history"),
    path("kalla/", views.source_edit, name="source-edit"),
    path("hamta/", views.fetch_now, name="fetch"),
    path("katalog/hamta/", views.fetch_catalogue, name="catalogue-fetch"),
]
