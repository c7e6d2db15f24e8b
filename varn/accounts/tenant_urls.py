from django.urls import path

from . import views

app_name = "access"

urlpatterns = [
    path("", views.access_overview, name="overview"),
    path("avvikelser/<int:pk>/hanterad/", views.notice_resolve, name="notice-resolve"),
]
