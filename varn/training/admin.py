from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Course, TrainingEffort, TrainingTarget, UnionTrainingOffer


@admin.register(Course)
class CourseAdmin(SimpleHistoryAdmin):
    list_display = ["name", "level", "format", "provider", "municipality"]
    list_filter = ["municipality", "level", "format"]


@admin.register(TrainingEffort)
class TrainingEffortAdmin(SimpleHistoryAdmin):
    list_display = ["course", "unit", "partner", "target_group", "year", "participants", "target_population"]
    list_filter = ["municipality", "year"]
    list_select_related = ["course", "unit", "partner", "target_group"]


@admin.register(TrainingTarget)
class TrainingTargetAdmin(SimpleHistoryAdmin):
    list_display = ["program", "level", "target_group", "share", "deadline"]


@admin.register(UnionTrainingOffer)
class UnionTrainingOfferAdmin(SimpleHistoryAdmin):
    list_display = ["partner", "course", "status", "offered_on", "accepted_on", "completed_on"]
    list_filter = ["municipality", "status"]
