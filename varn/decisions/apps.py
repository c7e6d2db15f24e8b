from django.apps import AppConfig


class DecisionsConfig(AppConfig):
    name = "varn.decisions"
    label = "decisions"

    def ready(self) -> None:
        from varn.core.upload_storage import delete_files_with_rows

        from .models import Attachment

        delete_files_with_rows(Attachment)
