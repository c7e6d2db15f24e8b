from django.urls import path

from . import views

app_name = "cooperation"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("forum/ny/", views.forum_create, name="forum-create"),
    path("forum/<int:pk>/", views.forum_detail, name="forum-detail"),
    path("forum/<int:pk>/redigera/", views.forum_edit, name="forum-edit"),
    path("forum/<int:pk>/uppfoljning/", views.forum_follow_up, name="forum-follow-up"),
    path("forum/<int:pk>/historik/", views.forum_history, name="forum-history"),
    path("forum/<int:forum_pk>/moten/nytt/", views.meeting_create, name="meeting-create"),
    path("moten/<int:pk>/redigera/", views.meeting_edit, name="meeting-edit"),
    path("moten/<int:meeting_pk>/atgarder/ny/", views.action_create, name="action-create"),
    path("atgarder/<int:pk>/redigera/", views.action_edit, name="action-edit"),
    path("atgarder/<int:pk>/historik/", views.action_history, name="action-history"),
    path("insats/<int:measure_pk>/", views.measure_forums, name="measure-forums"),
]
