from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    name = "varn.indicators"
    label = "indicators"
