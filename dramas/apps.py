from django.apps import AppConfig


class DramasConfig(AppConfig):
    name = "dramas"
    verbose_name = "Knowledge base"
