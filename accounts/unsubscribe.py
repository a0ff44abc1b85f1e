"""Signed one-click unsubscribe links for reply emails: the link itself proves whose it is."""

from django.core import signing
from django.urls import reverse

SALT = "accounts.reply-emails.unsubscribe"


def unsubscribe_token(user):
    return signing.dumps(user.pk, salt=SALT, compress=True)


def user_id_from_token(token):
    """The account id the token was made for, or None when it was tampered with."""
    try:
        return signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return None


def unsubscribe_path(user):
    return reverse("accounts:unsubscribe", args=[unsubscribe_token(user)])
