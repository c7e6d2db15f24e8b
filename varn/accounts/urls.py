from django.contrib.auth.decorators import login_not_required
from django.urls import path

from . import views, views_people, views_staff
from .oidc import SsoCallbackView, SsoStartView

app_name = "accounts"

urlpatterns = [
    path("konto/", views.account, name="account"),
    path("konto/losenord/", views.password_change, name="password-change"),
    path("konto/losenord/klart/", views.password_change_done, name="password-change-done"),
    path("konto/aterstall/", views.password_reset, name="password-reset"),
    path("konto/aterstall/skickat/", views.password_reset_done, name="password-reset-done"),
    path("konto/aterstall/<uidb64>/<token>/", views.password_reset_confirm, name="password-reset-confirm"),
    path("konto/aterstall/klart/", views.password_reset_complete, name="password-reset-complete"),
    path("konto/tvastegs/", views.two_factor, name="two-factor"),
    path("konto/tvastegs/stang-av/", views.two_factor_disable, name="two-factor-disable"),
    path("konto/tvastegs/kod/", views.two_factor_verify, name="two-factor-verify"),
    path("sso/", login_not_required(SsoStartView.as_view()), name="sso-start"),
    path("sso/callback/", login_not_required(SsoCallbackView.as_view()), name="sso-callback"),
    path("tillganglighet/", views.accessibility, name="accessibility"),
    path("inbjudan/<str:token>/", views_people.invitation_accept, name="invitation-accept"),
    path("drift/kommuner/", views_staff.municipality_list, name="staff-municipalities"),
]
