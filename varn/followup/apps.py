from django.apps import AppConfig


class FollowupConfig(AppConfig):
    name = "varn.followup"
    label = "followup"
