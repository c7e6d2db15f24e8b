from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import SsoIdentity, SsoNotice


@admin.register(SsoIdentity)
class SsoIdentityAdmin(SimpleHistoryAdmin):
    list_display = ["user", "issuer", "subject", "last_sign_in_at"]
    search_fields = ["user__username", "user__email", "subject"]


@admin.register(SsoNotice)
class SsoNoticeAdmin(SimpleHistoryAdmin):
    list_display = ["user", "municipality", "claimed", "local", "last_seen_at", "resolved_at"]
    list_filter = ["municipality"]
