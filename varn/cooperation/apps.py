from django.apps import AppConfig


class CooperationConfig(AppConfig):
    name = "varn.cooperation"
    label = "cooperation"
