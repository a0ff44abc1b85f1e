"""Signed unsubscribe links for reply emails: the link itself proves whose it is, for a while.

The token carries the account id and when it was made (`django.core.signing`); it stops working
after `UNSUBSCRIBE_MAX_AGE` seconds, so an old forwarded email does not unsubscribe forever.
"""

from django.conf import settings
from django.core import signing
from django.urls import reverse

SALT = "accounts.reply-emails.unsubscribe"


class LinkRefused(Exception):
    """The link was tampered with (`expired` False) or is too old (`expired` True)."""

    def __init__(self, expired):
        super().__init__("expired" if expired else "bad signature")
        self.expired = expired


def unsubscribe_token(user):
    return signing.dumps(user.pk, salt=SALT, compress=True)


def user_id_from_token(token):
    """The account id the token was made for; LinkRefused when it was tampered with or expired."""
    try:
        return signing.loads(token, salt=SALT, max_age=settings.UNSUBSCRIBE_MAX_AGE)
    except signing.SignatureExpired as error:
        raise LinkRefused(expired=True) from error
    except signing.BadSignature as error:
        raise LinkRefused(expired=False) from error


def unsubscribe_path(user):
    return reverse("accounts:unsubscribe", args=[unsubscribe_token(user)])
