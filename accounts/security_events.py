"""The security log: sign-ins, failed sign-ins and changes to second factors, with time and address.

Each is one `SecurityEvent` row, written from the signals that Django (`user_logged_in`,
`user_login_failed`) and allauth's MFA (`authenticator_added`, `_removed`, `_reset`, `_used`,
`authentication_failed`) send, so every way in is counted: the sign-in page, its second step,
re-authentication, a passkey. The address is the client's as `soompi.client_ip` sees it behind the
trusted proxies, the one django-axes counts. Superusers read the log in the admin
(`accounts.admin.SecurityEventAdmin`); nobody edits it.
"""

from allauth.account.internal.flows.login import get_authentication_records
from allauth.mfa import signals as mfa_signals
from allauth.mfa.models import Authenticator
from axes.handlers.proxy import AxesProxyHandler
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.db.models import Q
from django.dispatch import receiver

from soompi.client_ip import client_ip

from .models import SecurityEvent
from .throttling import attempted_username

Kind = SecurityEvent.Kind

# What each kind of authenticator is called in the log.
FACTORS = {
    Authenticator.Type.TOTP: "authenticator app",
    Authenticator.Type.WEBAUTHN: "security key",
    Authenticator.Type.RECOVERY_CODES: "recovery codes",
}
STEPS = {"password": "password", "code": "emailed code", "socialaccount": "another site"}
USER_AGENT_LENGTH = SecurityEvent._meta.get_field("user_agent").max_length


def record(request, kind, *, user=None, username="", detail=""):
    """Write one event; `request` may be None (a sign-in checked from the shell has no address)."""
    meta = getattr(request, "META", {}) if request is not None else {}
    return SecurityEvent.objects.create(
        kind=kind,
        user=user,
        username=(username or (user.get_username() if user is not None else ""))[:254],
        ip_address=client_ip(request) if request is not None else None,
        user_agent=meta.get("HTTP_USER_AGENT", "")[:USER_AGENT_LENGTH],
        detail=detail[:200],
    )


def factor_name(authenticator):
    name = FACTORS.get(authenticator.type, authenticator.type)
    key_name = ""
    if authenticator.type == Authenticator.Type.WEBAUTHN:
        key_name = (authenticator.data or {}).get("name", "")
    return f"{name} “{key_name}”" if key_name else name


def how_signed_in(request, user):
    """'password and authenticator app', 'passkey'...: the steps this session's sign-in went through."""
    steps = []
    for entry in get_authentication_records(request, user):
        if entry.get("method") == "mfa":
            step = "passkey" if entry.get("passwordless") else FACTORS.get(entry.get("type"), "second factor")
        else:
            step = STEPS.get(entry.get("method"), entry.get("method"))
        if step and step not in steps:
            steps.append(step)
    return " and ".join(steps)


def account_named(name):
    """The account a failed sign-in was for, by username or email address, if there is one."""
    if not name:
        return None
    return get_user_model().objects.filter(Q(username__iexact=name) | Q(email__iexact=name)).first()


@receiver(user_logged_in, dispatch_uid="accounts.security_events.signed_in")
def signed_in(sender, request, user, **kwargs):
    record(request, Kind.SIGNED_IN, user=user, detail=how_signed_in(request, user) if request else "")


@receiver(user_login_failed, dispatch_uid="accounts.security_events.sign_in_failed")
def sign_in_failed(sender, credentials, request=None, **kwargs):
    name = attempted_username(request, credentials)
    # Asked of axes before its own receiver counts this failure: locked already, not by this one.
    locked = request is not None and AxesProxyHandler.is_locked(request, credentials)
    detail = "refused while locked out" if locked else "wrong password"
    record(request, Kind.SIGN_IN_FAILED, user=account_named(name), username=name, detail=detail)


@receiver(mfa_signals.authentication_failed, dispatch_uid="accounts.security_events.second_factor_failed")
def second_factor_failed(sender, request, user, authenticator, reauthentication=False, **kwargs):
    detail = "wrong code" + (" when re-authenticating" if reauthentication else " at sign-in")
    record(request, Kind.SECOND_FACTOR_FAILED, user=user, detail=detail)


@receiver(mfa_signals.authenticator_added, dispatch_uid="accounts.security_events.authenticator_added")
def authenticator_added(sender, request, user, authenticator, **kwargs):
    if authenticator.type == Authenticator.Type.RECOVERY_CODES:
        record(request, Kind.RECOVERY_CODES_GENERATED, user=user)
    else:
        record(request, Kind.AUTHENTICATOR_ADDED, user=user, detail=factor_name(authenticator))


@receiver(mfa_signals.authenticator_removed, dispatch_uid="accounts.security_events.authenticator_removed")
def authenticator_removed(sender, request, user, authenticator, **kwargs):
    record(request, Kind.AUTHENTICATOR_REMOVED, user=user, detail=factor_name(authenticator))


@receiver(mfa_signals.authenticator_reset, dispatch_uid="accounts.security_events.recovery_codes_reset")
def recovery_codes_reset(sender, request, user, authenticator, **kwargs):
    record(request, Kind.RECOVERY_CODES_GENERATED, user=user, detail="the earlier codes no longer work")


@receiver(mfa_signals.authenticator_used, dispatch_uid="accounts.security_events.recovery_code_used")
def recovery_code_used(sender, request, user, authenticator, reauthenticated=False, **kwargs):
    if authenticator.type != Authenticator.Type.RECOVERY_CODES:
        return  # an app's code or a key at sign-in is in that sign-in's own event
    # The codes as stored now: allauth marks the code used on a fresh copy of the row.
    current = Authenticator.objects.filter(pk=authenticator.pk).first() or authenticator
    unused = len(current.wrap().get_unused_codes())
    detail = ("to re-authenticate" if reauthenticated else "to sign in") + f"; {unused} left"
    record(request, Kind.RECOVERY_CODE_USED, user=user, detail=detail)
