from django.apps import AppConfig


class TrainingConfig(AppConfig):
    name = "varn.training"
    label = "training"
