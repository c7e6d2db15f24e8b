from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Indicator, IndicatorValue, KoladaGroup, KoladaKpi, KoladaSource


@admin.register(Indicator)
class IndicatorAdmin(SimpleHistoryAdmin):
    list_display = ["kpi_id", "title", "municipality", "is_active"]
    list_filter = ["municipality"]


@admin.register(IndicatorValue)
class IndicatorValueAdmin(SimpleHistoryAdmin):
    list_display = ["kpi_id", "area_id", "period", "gender", "value", "status", "fetched_at"]
    list_filter = ["municipality", "area"]


@admin.register(KoladaSource)
class KoladaSourceAdmin(SimpleHistoryAdmin):
    list_display = ["municipality", "county_id", "group_id", "fetched_at", "last_error"]


@admin.register(KoladaKpi)
class KoladaKpiAdmin(admin.ModelAdmin):
    list_display = ["id", "title", "operating_area", "is_divided_by_gender", "fetched_at"]
    search_fields = ["id", "title"]


@admin.register(KoladaGroup)
class KoladaGroupAdmin(admin.ModelAdmin):
    list_display = ["id", "title", "fetched_at"]
    search_fields = ["id", "title"]
