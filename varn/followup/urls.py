from django.urls import path

from . import excel_views, views

app_name = "followup"

urlpatterns = [
    path("", views.index, name="index"),
    path("kostnader/", views.cost_list, name="cost-list"),
    path("kostnader/excel/", views.cost_export, name="cost-export"),
    path("kostnader/redigera.xlsx", excel_views.cost_roundtrip_export, name="cost-roundtrip-export"),
    path("kostnader/import/", excel_views.cost_import, name="cost-import"),
    path("kostnader/import/<int:pk>/", excel_views.cost_import_preview, name="cost-import-preview"),
    path("kostnader/import/<int:pk>/avbryt/", excel_views.cost_import_cancel, name="cost-import-cancel"),
    path("kostnader/ny/", views.cost_create, name="cost-create"),
    path("kostnader/<int:pk>/redigera/", views.cost_edit, name="cost-edit"),
    path("kostnader/<int:pk>/ta-bort/", views.cost_delete, name="cost-delete"),
    path("kostnader/<int:pk>/historik/", views.cost_history, name="cost-history"),
    path("omgangar/ny/", views.round_create, name="round-create"),
    path("omgangar/<int:pk>/", views.round_detail, name="round-detail"),
    path("omgangar/<int:pk>/redigera/", views.round_edit, name="round-edit"),
    path("omgangar/<int:pk>/oppna/", views.round_open, name="round-open"),
    path("omgangar/<int:pk>/avsluta/", views.round_close, name="round-close"),
    path("omgangar/<int:pk>/historik/", views.round_history, name="round-history"),
    path("omgangar/<int:pk>/fragor/ny/", views.question_create, name="question-create"),
    path("fragor/<int:pk>/redigera/", views.question_edit, name="question-edit"),
    path("fragor/<int:pk>/ta-bort/", views.question_delete, name="question-delete"),
    path("svar/<int:pk>/", views.response_detail, name="response-detail"),
    path("svar/<int:pk>/godkann/", views.response_approve, name="response-approve"),
    path("svar/<int:pk>/atersand/", views.response_return, name="response-return"),
    path("svar/<int:pk>/historik/", views.response_history, name="response-history"),
    path("rapporter/", views.report_list, name="report-list"),
    path("rapporter/skapa/", views.report_build, name="report-build"),
    path("rapporter/utkast/", views.report_draft, name="report-draft"),
    path("rapporter/mall/", views.template_upload, name="template-upload"),
    path("rapporter/mall/ta-bort/", views.template_delete, name="template-delete"),
    path("rapporter/<int:pk>/", views.report_detail, name="report-detail"),
    path("rapporter/<int:pk>/jamfor/", views.report_compare, name="report-compare"),
    path("rapporter/<int:pk>/beslut/", views.report_attach, name="report-attach"),
    path("rapporter/<int:pk>/fil.<str:fmt>", views.report_download, name="report-download"),
    path("revidering/", views.revision, name="revision"),
    path("revidering/starta/", views.revision_start, name="revision-start"),
    path("revidering/<int:pk>/", views.revision_item_edit, name="revision-item-edit"),
]
