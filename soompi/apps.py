from django.apps import AppConfig


class SoompiConfig(AppConfig):
    """The project itself, as an app: its deploy checks."""

    name = "soompi"
    verbose_name = "Soompi"

    def ready(self):
        from . import checks  # noqa: F401 - registers the checks
