from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "varn.core"
    label = "core"

    def ready(self) -> None:
        from .pagecache import connect_signals

        connect_signals()
