from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Accounts and sign-in"

    def ready(self):
        # Signal receivers: the security log, the working-day staff session, a factor added counting
        # as used in the session that added it, the kept accounts read again after each change.
        from . import kept_accounts, security_events, staff_sessions, two_factor  # noqa: F401
