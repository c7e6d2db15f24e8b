from django.urls import path

from . import excel_views, views, views_text

app_name = "programs"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("program/", views.program_list, name="program-list"),
    path("program/ny/", views_text.program_create, name="program-create"),
    path("program/<int:pk>/", views.program_detail, name="program-detail"),
    path("program/<int:pk>/redigera/", views.program_edit, name="program-edit"),
    path("program/<int:pk>/historik/", views.program_history, name="program-history"),
    path("program/<int:pk>/version/<int:number>/", views.version_detail, name="version-detail"),
    path("program/<int:pk>/version/<int:number>/redigera/", views_text.version_edit, name="version-edit"),
    path(
        "program/<int:pk>/version/<int:number>/historik/", views_text.version_history, name="version-history"
    ),
    path("program/<int:pk>/version/<int:number>/jamfor/", views_text.version_compare, name="version-compare"),
    path("program/<int:pk>/version/<int:number>/block/<str:uid>/", views_text.block_edit, name="block-edit"),
    path(
        "program/<int:pk>/version/<int:number>/block/<str:uid>/flytta/",
        views_text.block_move,
        name="block-move",
    ),
    path(
        "program/<int:pk>/version/<int:number>/block/<str:uid>/ta-bort/",
        views_text.block_delete,
        name="block-delete",
    ),
    path("program/<int:program_pk>/mal/ny/", views.goal_create, name="goal-create"),
    path("program/<int:program_pk>/insatser/ny/", views.measure_create, name="measure-create"),
    path("mal/", views.goal_list, name="goal-list"),
    path("mal/<int:pk>/redigera/", views.goal_edit, name="goal-edit"),
    path("mal/<int:pk>/historik/", views.goal_history, name="goal-history"),
    path("insatser/", views.measure_list, name="measure-list"),
    path("insatser/export.xlsx", excel_views.measure_export, name="measure-export"),
    path("insatser/import/", excel_views.measure_import, name="measure-import"),
    path("insatser/import/<int:pk>/", excel_views.measure_import_preview, name="measure-import-preview"),
    path("insatser/import/<int:pk>/avbryt/", excel_views.measure_import_cancel, name="measure-import-cancel"),
    path("insatser/<int:pk>/", views.measure_detail, name="measure-detail"),
    path("insatser/<int:pk>/redigera/", views.measure_edit, name="measure-edit"),
    path("insatser/<int:pk>/lagesrapport/", views.measure_update, name="measure-update"),
    path("insatser/<int:pk>/historik/", views.measure_history, name="measure-history"),
]
