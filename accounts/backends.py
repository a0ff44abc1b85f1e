"""How a signed-in account is found on each request: kept in the cache with its reader profile.

Every request of a signed-in reader loads their account (Django's `AuthenticationMiddleware`)
and then names them by their profile's display name (`accounts.names.public_name_of`) and checks
that they may comment (`comments.comments.check_may_comment`). These backends are Django's and
allauth's own, sign-in included (axes still stands before them), with one change: `get_user`
reads the account and its profile together (`select_related`), once per change of either
(`account_read`, kept by `soompi.versioned` under the account's own version). Every save or
delete of an account or a profile bumps that version (`accounts.kept_accounts`), so a password
change, a deactivation or a deletion counts on the next request; Django still checks the session
against the account's password hash after `get_user` (`django.contrib.auth.get_user`). An account
without a profile (staff, the shell) still gets one when it first comments
(`accounts.models.profile_for`).

Sessions signed in before these backends were named in `AUTHENTICATION_BACKENDS` name Django's or
allauth's; `SessionStore` reads them as the backends here, so nobody is signed out by the change.
"""

import copy

from allauth.account import auth_backends
from django.contrib.auth import BACKEND_SESSION_KEY, backends, get_user_model
from django.contrib.sessions.backends import cached_db

from soompi import versioned


def account_version(user_id):
    """The version an account is kept under: bumped by every write to it or its profile."""
    return f"account:{user_id}"


def account_read(user_id):
    """The read (`soompi.versioned.read_many`) of the account with this id and its reader profile,
    or None when there is none."""

    def fetch():
        users = get_user_model()._default_manager.select_related("reader_profile")
        return users.filter(pk=user_id).first()

    return account_version(user_id), fetch, account_version(user_id)


class WithProfile:
    """`get_user` of a ModelBackend: the account with its reader profile, kept per change."""

    def get_user(self, user_id):
        (user,) = versioned.read_many(account_read(user_id))
        if user is None or not self.user_can_authenticate(user):
            return None
        # A copy: what a request caches on its account (permissions...) stays out of the kept one.
        return copy.copy(user)

    async def aget_user(self, user_id):
        users = get_user_model()._default_manager.select_related("reader_profile")
        try:
            user = await users.aget(pk=user_id)
        except get_user_model().DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None


class ModelBackend(WithProfile, backends.ModelBackend):
    """Username and password (the admin's sign-in)."""


class AuthenticationBackend(WithProfile, auth_backends.AuthenticationBackend):
    """Email and password (allauth's reader sign-in)."""


RENAMED = {
    "django.contrib.auth.backends.ModelBackend": f"{__name__}.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend": f"{__name__}.AuthenticationBackend",
}


class SessionStore(cached_db.SessionStore):
    """Django's cached database sessions (`SESSION_ENGINE`), reading a session signed in through
    Django's or allauth's own backend as signed in through its twin here. Only what is read is
    changed: the session is written back only when something else changes it."""

    def load(self):
        data = super().load()
        renamed = RENAMED.get(data.get(BACKEND_SESSION_KEY))
        if renamed is not None:
            data[BACKEND_SESSION_KEY] = renamed
        return data
