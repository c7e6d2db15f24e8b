from django.apps import AppConfig


class PublicConfig(AppConfig):
    name = "varn.public"
    label = "public"
