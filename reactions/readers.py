"""Who a reader is, for the choices they make on an article (reactions, votes).

A signed-in reader is their account. An anonymous reader is a random id in a signed, HttpOnly
cookie, set the first time they choose something; merely reading sets nothing, so there is no
session row or cookie for every visitor. When an anonymous reader signs in, their choices move to
the account (`adopt_anonymous_choices`, on Django's `user_logged_in` signal, so it works with any
login view).
"""

import secrets
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.core import signing
from django.db import transaction
from django.dispatch import receiver

from soompi.responses import Refused

from .models import Reaction, Vote

COOKIE = "reader"
SALT = "articles.readers"  # as when this module was in articles: another salt would forget every reader
MAX_AGE = 2 * 365 * 24 * 3600
TAMPERED = "Your reader cookie was altered, so it was not accepted; it has been cleared, please try again."


class TamperedCookie(Refused):
    """The reader cookie is there but its signature does not match: answered 400, and cleared."""

    def __init__(self):
        super().__init__(TAMPERED, status=400, finish=forget)


@dataclass(frozen=True)
class Reader:
    user: object = None  # the account, when signed in
    key: str = ""  # the anonymous reader id
    is_new: bool = False  # the id was made for this request: the response must set the cookie

    @property
    def is_known(self):
        return self.user is not None or bool(self.key)

    def lookup(self):
        """Filter arguments that select this reader's rows."""
        if self.user is not None:
            return {"user": self.user}
        return {"user__isnull": True, "reader": self.key}

    def owner(self):
        """Field values that make a row this reader's."""
        return {"user": self.user} if self.user is not None else {"reader": self.key}

    def rate_key(self):
        return f"user:{self.user.pk}" if self.user is not None else f"reader:{self.key}"


def cookie_key(request):
    """The anonymous reader id from the cookie, "" without one; TamperedCookie when forged."""
    if COOKIE not in request.COOKIES:
        return ""
    try:
        return request.get_signed_cookie(COOKIE, salt=SALT)
    except signing.BadSignature as error:
        raise TamperedCookie from error


def identify(request, *, create=False):
    """The reader making `request`; with `create`, a new anonymous id when they have none.

    Raises TamperedCookie when the cookie's signature is wrong, even for a signed-in reader, so a
    forged cookie is never silently accepted.
    """
    key = cookie_key(request)
    user = getattr(request, "user", None)
    user = user if user is not None and user.is_authenticated else None
    if user is not None:
        return Reader(user=user)
    if key or not create:
        return Reader(key=key)
    return Reader(key=secrets.token_hex(16), is_new=True)


def remember(response, reader):
    """Set the cookie of a reader whose id was made for this request."""
    if reader.is_new:
        response.set_signed_cookie(
            COOKIE,
            reader.key,
            salt=SALT,
            max_age=MAX_AGE,
            httponly=True,
            secure=settings.SESSION_COOKIE_SECURE,
            samesite="Lax",
        )
    return response


def forget(response):
    """Clear a cookie that could not be read (a tampered one), so the next try starts afresh."""
    response.delete_cookie(COOKIE, samesite="Lax")
    return response


@receiver(user_logged_in, dispatch_uid="reactions.readers.adopt_anonymous_choices")
def adopt_anonymous_choices(sender, request, user, **kwargs):
    """Move an anonymous reader's reactions and votes to the account they signed in to.

    Where the account already made that choice on an article, the account's stays and the
    anonymous one is dropped, so one person never counts twice.
    """
    if request is None:
        return
    try:
        key = cookie_key(request)
    except TamperedCookie:
        return
    if not key:
        return
    with transaction.atomic():
        for model in (Reaction, Vote):
            anonymous = model.objects.filter(user__isnull=True, reader=key)
            taken = model.objects.filter(user=user).values("listicle_id")
            anonymous.exclude(listicle__in=taken).update(user=user, reader="")
            anonymous.delete()
