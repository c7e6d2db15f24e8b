from django.urls import path

from . import views, views_people

app_name = "access"

urlpatterns = [
    path("", views.access_overview, name="overview"),
    path("avvikelser/<int:pk>/hanterad/", views.notice_resolve, name="notice-resolve"),
    # People (issue 12): invitations, roles, deactivating and reactivating.
    path("bjud-in/", views_people.invite, name="invite"),
    path("personer/<int:pk>/roll/", views_people.membership_edit, name="membership-edit"),
    path("personer/<int:pk>/avaktivera/", views_people.membership_deactivate, name="membership-deactivate"),
    path("personer/<int:pk>/aktivera/", views_people.membership_activate, name="membership-activate"),
    path("personer/<int:pk>/historik/", views_people.membership_history, name="membership-history"),
]
