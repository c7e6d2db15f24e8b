from django.urls import path

from . import excel_views, views

app_name = "training"

urlpatterns = [
    path("", views.coverage, name="coverage"),
    path("tackning.xlsx", views.coverage_download, name="coverage-export"),
    path("tackning/import/", excel_views.coverage_import, name="coverage-import"),
    path("tackning/import/<int:pk>/", excel_views.coverage_import_preview, name="coverage-import-preview"),
    path(
        "tackning/import/<int:pk>/avbryt/",
        excel_views.coverage_import_cancel,
        name="coverage-import-cancel",
    ),
    path("insatser/", views.effort_list, name="effort-list"),
    path("insatser/excel/", views.effort_export, name="effort-export"),
    path("insatser/ny/", views.effort_create, name="effort-create"),
    path("insatser/<int:pk>/redigera/", views.effort_edit, name="effort-edit"),
    path("insatser/<int:pk>/ta-bort/", views.effort_delete, name="effort-delete"),
    path("insatser/<int:pk>/historik/", views.effort_history, name="effort-history"),
    path("kurser/", views.course_list, name="course-list"),
    path("kurser/ny/", views.course_create, name="course-create"),
    path("kurser/<int:pk>/redigera/", views.course_edit, name="course-edit"),
    path("kurser/<int:pk>/historik/", views.course_history, name="course-history"),
    path("mal/ny/", views.target_create, name="target-create"),
    path("mal/<int:pk>/redigera/", views.target_edit, name="target-edit"),
    path("fackliga-parter/", views.offer_list, name="offer-list"),
    path("fackliga-parter/ny/", views.offer_create, name="offer-create"),
    path("fackliga-parter/<int:pk>/redigera/", views.offer_edit, name="offer-edit"),
    path("fackliga-parter/<int:pk>/historik/", views.offer_history, name="offer-history"),
    path("import/", views.import_start, name="import"),
    path("import/mall.xlsx", views.import_template, name="import-template"),
    path("import/<str:token>/", views.import_preview, name="import-preview"),
    path("import/<str:token>/avbryt/", views.import_cancel, name="import-cancel"),
]
