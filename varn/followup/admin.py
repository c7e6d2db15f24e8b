from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    CostEntry,
    FollowUpAnswer,
    FollowUpQuestion,
    FollowUpResponse,
    FollowUpRound,
    Report,
    ReportTemplate,
    RevisionItem,
    SentReminder,
)


@admin.register(CostEntry)
class CostEntryAdmin(SimpleHistoryAdmin):
    list_display = ["measure", "unit", "year", "category", "hours", "amount", "funding", "basis"]
    list_filter = ["municipality", "year", "category", "funding", "basis"]


@admin.register(FollowUpRound)
class FollowUpRoundAdmin(SimpleHistoryAdmin):
    list_display = ["title", "program", "deadline", "status"]
    list_filter = ["municipality", "status"]


@admin.register(FollowUpResponse)
class FollowUpResponseAdmin(SimpleHistoryAdmin):
    list_display = ["measure", "unit", "round", "status", "conclusion"]
    list_filter = ["municipality", "status", "conclusion"]


@admin.register(Report)
class ReportAdmin(SimpleHistoryAdmin):
    list_display = ["title", "program", "built_at", "built_by", "decision"]
    exclude = ["content"]


for model in (FollowUpQuestion, FollowUpAnswer, SentReminder, ReportTemplate, RevisionItem):
    admin.site.register(model, SimpleHistoryAdmin)
