from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Reader accounts"

    def ready(self):
        # Signal receivers: the working-day staff session.
        from . import staff_sessions  # noqa: F401
