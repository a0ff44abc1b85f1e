"""Second factors for the tests, the bench and the scripts: an authenticator app whose codes pyotp
computes (an implementation of RFC 6238 apart from allauth's own), and a staff session that used it.

Staff who must use a second factor (accounts.two_factor) reach the admin only in a session that used
one. A test that signs in with `Client.force_login` skips the sign-in page, so tests/conftest.py
gives such a session what the page would have: the account's authenticator app and allauth's record
of its use (`signed_in_with_second_factor`). Tests of the sign-in itself use the real pages.
"""

import time
from html.parser import HTMLParser

import pyotp
from allauth.account.internal.flows.login import (
    _AUTHENTICATION_METHODS_USER_SESSION_KEY,
    AUTHENTICATION_METHODS_SESSION_KEY,
)
from allauth.account.internal.userkit import user_id_to_str
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from allauth.mfa.utils import decrypt
from django.test import Client

# Django's own, kept before tests/conftest.py wraps it: for tests of what a session without a
# second factor meets.
plain_force_login = Client.force_login


def authenticator_app(user, secret=None):
    """The account's authenticator app as a phone holds it (a `pyotp.TOTP`), added if the account has
    none, with `secret` or a fresh one."""
    found = Authenticator.objects.filter(user_id=user.pk, type=Authenticator.Type.TOTP).first()
    if found is not None:
        return pyotp.TOTP(decrypt(found.data["secret"]))
    secret = secret or pyotp.random_base32()
    TOTP.activate(user, secret)
    return pyotp.TOTP(secret)


# The codes typed so far, by secret: a code signs in once.
_typed = {}


def fresh_code(app, used=None):
    """A code the app shows now, or the next one when that was typed already (the server takes the
    one before and after too, `MFA_TOTP_TOLERANCE`); remembered as typed."""
    used = _typed.setdefault(app.secret, set()) if used is None else used
    now = time.time()
    for moment in (now, now + app.interval, now - app.interval):
        code = app.at(moment)
        if code not in used:
            used.add(code)
            return code
    raise AssertionError("every code of this period was typed already")


def record_second_factor(session, user):
    """allauth's record, in `session`, of a sign-in that used the account's authenticator app."""
    authenticator = Authenticator.objects.filter(user_id=user.pk).exclude(type="recovery_codes").first()
    entry = {"method": "mfa", "at": time.time(), "type": "totp"}
    if authenticator is not None:
        entry.update(id=authenticator.pk, type=authenticator.type)
    session[AUTHENTICATION_METHODS_SESSION_KEY] = [{"method": "password", "at": time.time()}, entry]
    session[_AUTHENTICATION_METHODS_USER_SESSION_KEY] = user_id_to_str(user)


def signed_in_with_second_factor(client, user, backend=None):
    """`force_login`, and for a staff account the authenticator app and the session that used it."""
    plain_force_login(client, user, backend)
    if user.is_staff:
        authenticator_app(user)
        session = client.session
        record_second_factor(session, user)
        session.save()


class SecretOnPage(HTMLParser):
    """The authenticator secret allauth's setup page shows beside its QR code."""

    secret = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "input" and attrs.get("id") == "authenticator_secret":
            self.secret = attrs.get("value")


def secret_on(html):
    parser = SecretOnPage()
    parser.feed(html)
    return parser.secret
