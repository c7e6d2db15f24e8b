from django.urls import path

from . import views

app_name = "documents"

urlpatterns = [
    path("program/<int:pk>/importera/", views.version_import, name="version-import"),
    path("program/<int:pk>/version/<int:number>/word/", views.version_docx, name="version-docx"),
    path("program/<int:pk>/version/<int:number>/pdf/", views.version_pdf, name="version-pdf"),
]
