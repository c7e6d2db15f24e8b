from django.apps import AppConfig


class DecisionsConfig(AppConfig):
    name = "varn.decisions"
    label = "decisions"
