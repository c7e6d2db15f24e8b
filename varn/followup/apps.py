from django.apps import AppConfig


class FollowupConfig(AppConfig):
    name = "varn.followup"
    label = "followup"

    def ready(self) -> None:
        from varn.core.upload_storage import delete_files_with_rows

        from .models import Report, ReportTemplate

        delete_files_with_rows(Report, ReportTemplate)
