from django.apps import AppConfig
from django.db.models.signals import post_migrate


class CoreConfig(AppConfig):
    name = "varn.core"
    label = "core"

    def ready(self) -> None:
        from .pagecache import connect_signals, stamp_after_migrate

        connect_signals()
        # Django's own blank choice is English ("- Select an option -"); Värn's is Swedish.
        from django.db.models import fields

        from .forms import BLANK_LABEL

        fields.BLANK_CHOICE_LABEL = BLANK_LABEL
        # A migration may change data without signals: no page from before a deploy is used after it.
        post_migrate.connect(stamp_after_migrate, sender=self, dispatch_uid="varn-pagecache-migrate")
