from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from varn.core import views as core_views

tenant = "kommun/<slug:municipality>/"

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    # Signed out too: the language switcher is in the footer of the sign-in page.
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("admin/", admin.site.urls),
    path("api/v1/", include("varn.api.urls")),
    path("", include("varn.core.urls")),
    path("offentlig/", include("varn.public.urls")),
    path(tenant, include("varn.programs.urls")),
    path(tenant + "organisationer/", include("varn.organisations.urls")),
    path(tenant + "beslut/", include("varn.decisions.urls")),
    path(tenant + "dokument/", include("varn.documents.urls")),
    path(tenant + "utbildning/", include("varn.training.urls")),
    path(tenant + "samverkan/", include("varn.cooperation.urls")),
    path(tenant + "uppfoljning/", include("varn.followup.urls")),
    path(tenant + "indikatorer/", include("varn.indicators.urls")),
    path(tenant + "jobb/", include("varn.core.job_urls")),
    path(tenant + "maskera/", include("varn.core.redaction_urls")),
    path("", include("varn.accounts.urls")),
    path("", include("varn.api.token_urls")),
    path(tenant + "behorighet/", include("varn.accounts.tenant_urls")),
]

# Stored files (reports, attachments, templates) are never served from /media/, not even in
# development: only through views that check the municipality and the role (issue 14, finding 9).

handler403 = "varn.core.errors.permission_denied"
handler404 = "varn.core.errors.page_not_found"
handler500 = "varn.core.errors.server_error"
