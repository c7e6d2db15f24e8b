from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "varn.api"
    label = "api"
    verbose_name = "API"
