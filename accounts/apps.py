from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Accounts and sign-in"

    def ready(self):
        # Signal receivers: the security log, the working-day staff session, a factor added counting
        # as used in the session that added it.
        from . import security_events, staff_sessions, two_factor  # noqa: F401
