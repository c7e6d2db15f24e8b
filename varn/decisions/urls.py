from django.urls import path

from . import views

app_name = "decisions"

urlpatterns = [
    path("", views.case_list, name="case-list"),
    path("arenden/ny/", views.case_create, name="case-create"),
    path("arenden/<int:pk>/", views.case_detail, name="case-detail"),
    path("arenden/<int:pk>/historik/", views.case_history, name="case-history"),
    path("arenden/<int:pk>/beslut/ny/", views.decision_create, name="decision-create"),
    path("arenden/<int:pk>/underlag/", views.attachment_list, name="attachment-list"),
    path("arenden/<int:pk>/andringar/", views.amendment_preview, name="amendment-preview"),
    path("krav/<int:pk>/hantera/", views.requirement_resolve, name="requirement-resolve"),
    path("underlag/<int:pk>/fil/", views.attachment_file, name="attachment-file"),
    path("program/<int:pk>/version/<int:number>/anta/", views.version_adopt, name="version-adopt"),
    path("importera/", views.import_start, name="import-start"),
    path("importera/<int:job_pk>/granska/", views.import_review, name="import-review"),
]
