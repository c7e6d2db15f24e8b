from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "varn.core"
    label = "core"
