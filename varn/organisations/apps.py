from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "varn.organisations"
    label = "organisations"
