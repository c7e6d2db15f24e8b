from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import ActionPoint, Forum, ForumMeeting, MeetingAttendance


@admin.register(Forum)
class ForumAdmin(SimpleHistoryAdmin):
    list_display = ["name", "municipality", "frequency", "has_written_agreement", "last_followed_up"]
    list_filter = ["municipality", "has_written_agreement"]


class AttendanceInline(admin.TabularInline):
    model = MeetingAttendance
    extra = 0


@admin.register(ForumMeeting)
class ForumMeetingAdmin(SimpleHistoryAdmin):
    list_display = ["forum", "date"]
    inlines = [AttendanceInline]


@admin.register(ActionPoint)
class ActionPointAdmin(SimpleHistoryAdmin):
    list_display = ["text", "owner_unit", "owner_partner", "due_date", "status"]
    list_filter = ["municipality", "status"]
