"""Two-factor sign-in for the newsroom: who needs a second factor before the admin opens.

allauth's MFA app provides the factors (an authenticator app, passkeys and security keys, and
one-time recovery codes), their pages under `/accounts/2fa/`, and the sign-in step that asks for one
once an account has it. What it leaves to the site is who *must* have one: superusers, the Editors
group, anyone who may publish (`articles.publish_listicle`) or manage accounts and their rights
(`ACCOUNT_RIGHTS`), and, with `STAFF_MFA_REQUIRED_FOR_ALL` on, every staff account, Writers
included. Such an account opens an admin page only

- once it has an authenticator app or a security key (recovery codes are the way back in when those
  are lost, not a factor of their own): until then every admin page sends it to the setup page,
  with a message saying why; and
- in a session that used one: a session signed in before the factor existed, or by any way that did
  not ask for it, is asked for a code (allauth's MFA re-authentication) and goes on, still signed in.

Adding a factor counts as using it: the code typed, or the key touched, to add it proves the account
holds it, so the setup session goes on to the admin without a second prompt. Removing the last one
takes that proof from the session again. Other sessions of the account keep theirs until they end,
which for staff is within a working day (`accounts.staff_sessions`).
"""

from allauth.account.adapter import get_adapter as get_account_adapter
from allauth.account.internal.flows.login import (
    AUTHENTICATION_METHODS_SESSION_KEY,
    get_authentication_records,
    record_authentication,
)
from allauth.core.internal.httpkit import add_query_params
from allauth.mfa import signals as mfa_signals
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.dispatch import receiver
from django.shortcuts import redirect
from django.urls import reverse

EDITORS = "Editors"
PUBLISH_PERMISSION = "articles.publish_listicle"
# Who holds one of these can make accounts, give them rights, or take an account's factors away.
ACCOUNT_RIGHTS = (
    "auth.add_user",
    "auth.change_user",
    "auth.delete_user",
    "auth.add_group",
    "auth.change_group",
    "auth.delete_group",
    "mfa.change_authenticator",
    "mfa.delete_authenticator",
)
SECOND_FACTORS = (Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN)
# The admin's own pages that stay open meanwhile: its sign-in (which sends to allauth's) and sign-out.
OPEN_ADMIN_PAGES = {"login", "logout"}

SET_UP = (
    "Your account can publish or manage other accounts, so it signs in with a second factor. "
    "Set up an authenticator app or a security key below; the admin opens once you have."
)
CONFIRM = "Confirm it is you with your authenticator app or security key before the admin opens."


def must_use_two_factor(user):
    """Whether `user` needs a second factor to use the admin (see the module docstring)."""
    if not (user.is_authenticated and user.is_active and user.is_staff):
        return False
    if user.is_superuser or settings.STAFF_MFA_REQUIRED_FOR_ALL:
        return True
    if user.has_perm(PUBLISH_PERMISSION) or any(user.has_perm(right) for right in ACCOUNT_RIGHTS):
        return True
    return user.groups.filter(name=EDITORS).exists()


def has_second_factor(user):
    return Authenticator.objects.filter(user_id=user.pk, type__in=SECOND_FACTORS).exists()


def used_second_factor(request):
    """Whether this session signed in, or re-authenticated, with a second factor (allauth's own
    record of the steps a session went through)."""
    return any(entry.get("method") == "mfa" for entry in get_authentication_records(request, request.user))


def confirmation_url(request):
    """allauth's MFA re-authentication page for the account's own kind of factor, coming back here."""
    methods = get_account_adapter(request).get_reauthentication_methods(request.user)
    mfa = [method for method in methods if method["id"].startswith("mfa_reauthenticate")]
    has_app = Authenticator.objects.filter(user_id=request.user.pk, type=Authenticator.Type.TOTP).exists()
    preferred = "mfa_reauthenticate" if has_app else "mfa_reauthenticate:webauthn"
    method = next((m for m in mfa if m["id"] == preferred), mfa[0] if mfa else None)
    if method is None:  # ACCOUNT_REAUTHENTICATION_METHODS without "mfa": the factors' own page
        return reverse("mfa_index")
    return add_query_params(method["url"], {REDIRECT_FIELD_NAME: request.get_full_path()})


class StaffTwoFactorMiddleware:
    """Sends staff who must use a second factor to set one up, or to use it, before any admin page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match is None or "admin" not in match.app_names or match.url_name in OPEN_ADMIN_PAGES:
            return None
        user = request.user
        if not user.is_authenticated or not user.is_staff or used_second_factor(request):
            return None
        if not must_use_two_factor(user):
            return None
        if not has_second_factor(user):
            messages.warning(request, SET_UP)
            return redirect("mfa_index")
        messages.info(request, CONFIRM)
        return redirect(confirmation_url(request))


@receiver(mfa_signals.authenticator_added, dispatch_uid="accounts.two_factor.added")
def adding_counts_as_using(sender, request, user, authenticator, **kwargs):
    if authenticator.type in SECOND_FACTORS and request is not None and request.user.pk == user.pk:
        record_authentication(request, user, "mfa", id=authenticator.pk, type=authenticator.type, added=True)


@receiver(mfa_signals.authenticator_removed, dispatch_uid="accounts.two_factor.removed")
def removing_the_last_takes_the_proof(sender, request, user, authenticator, **kwargs):
    if request is None or request.user.pk != user.pk or has_second_factor(user):
        return
    entries = get_authentication_records(request, user)
    if any(entry.get("method") == "mfa" for entry in entries):
        request.session[AUTHENTICATION_METHODS_SESSION_KEY] = [e for e in entries if e.get("method") != "mfa"]
