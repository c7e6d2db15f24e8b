from django.urls import path

from . import views

app_name = "organisations"

urlpatterns = [
    path("", views.organisation_list, name="list"),
    path("lista/", views.organisation_import, name="import"),
    path("forvaltningar/ny/", views.unit_create, name="unit-create"),
    path("forvaltningar/<int:pk>/redigera/", views.unit_edit, name="unit-edit"),
    path("forvaltningar/<int:pk>/historik/", views.unit_history, name="unit-history"),
    path("parter/ny/", views.partner_create, name="partner-create"),
    path("parter/<int:pk>/redigera/", views.partner_edit, name="partner-edit"),
    path("parter/<int:pk>/historik/", views.partner_history, name="partner-history"),
]
