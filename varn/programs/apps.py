from django.apps import AppConfig


class ProgramsConfig(AppConfig):
    name = "varn.programs"
    label = "programs"
