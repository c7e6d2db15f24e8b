from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Membership, Municipality, Partner, Unit


@admin.register(Municipality)
class MunicipalityAdmin(SimpleHistoryAdmin):
    list_display = ["name", "code", "slug", "is_demo"]
    search_fields = ["name", "code"]


@admin.register(Unit)
class UnitAdmin(SimpleHistoryAdmin):
    list_display = ["name", "municipality", "kind", "is_active"]
    list_filter = ["municipality", "kind"]


@admin.register(Partner)
class PartnerAdmin(SimpleHistoryAdmin):
    list_display = ["name", "municipality", "kind", "is_active"]
    list_filter = ["municipality", "kind"]


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    list_display = ["user", "municipality", "role", "unit", "partner", "is_active"]
    list_filter = ["municipality", "role"]
