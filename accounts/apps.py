from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Accounts and sign-in"

    def ready(self):
        # Signal receivers: the security log, the working-day staff session.
        from . import security_events, staff_sessions  # noqa: F401
