from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Goal, Measure, MeasureUpdate, Program, ProgramVersion, TargetGroup


@admin.register(Program)
class ProgramAdmin(SimpleHistoryAdmin):
    list_display = ["title", "municipality", "period_start", "period_end", "status"]
    list_filter = ["municipality", "status"]


@admin.register(ProgramVersion)
class ProgramVersionAdmin(SimpleHistoryAdmin):
    list_display = ["program", "number", "status", "adopted_on"]


@admin.register(Goal)
class GoalAdmin(SimpleHistoryAdmin):
    list_display = ["code", "title", "kind", "program"]


@admin.register(Measure)
class MeasureAdmin(SimpleHistoryAdmin):
    list_display = ["code", "title", "responsible_unit", "status", "end_date"]
    list_filter = ["municipality", "status", "prevention_level"]
    search_fields = ["title", "code"]


admin.site.register(MeasureUpdate, SimpleHistoryAdmin)
admin.site.register(TargetGroup, SimpleHistoryAdmin)
