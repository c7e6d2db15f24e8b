from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Invitation, SsoIdentity, SsoNotice


@admin.register(SsoIdentity)
class SsoIdentityAdmin(SimpleHistoryAdmin):
    list_display = ["user", "issuer", "subject", "last_sign_in_at"]
    search_fields = ["user__username", "user__email", "subject"]


@admin.register(SsoNotice)
class SsoNoticeAdmin(SimpleHistoryAdmin):
    list_display = ["user", "municipality", "claimed", "local", "last_seen_at", "resolved_at"]
    list_filter = ["municipality"]


@admin.register(Invitation)
class InvitationAdmin(SimpleHistoryAdmin):
    """Read-only: invitations are sent from Värn's pages, where the link is made and mailed."""

    list_display = ["email", "municipality", "role", "created_at", "expires_at", "accepted_at"]
    list_filter = ["municipality", "role"]
    search_fields = ["email"]
    exclude = ["token_hash"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
