from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "varn.documents"
    label = "documents"
