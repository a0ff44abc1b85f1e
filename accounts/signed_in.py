"""Who is signed in, for the header of every page: the private part of public pages.

Public pages are the same for everyone (`articles.public`); `static/js/reader.js` asks for this
(`accounts:me`, or inside the article's own private answer `articles:me`) and draws the name, Sign
out and the one-time messages.
"""

import os
from functools import lru_cache

from django.contrib.auth import SESSION_KEY, get_user_model
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.core.exceptions import ValidationError
from django.middleware.csrf import CSRF_ALLOWED_CHARS, CSRF_SECRET_LENGTH
from django.urls import get_script_prefix, reverse

from .backends import account_version
from .names import public_name_of


def account(request):
    """Who is signed in, and their messages: what every page's header shows."""
    user = request.user
    data = {
        "signed_in": user.is_authenticated,
        "name": public_name_of(user) if user.is_authenticated else None,
        **account_urls(get_script_prefix()),
        "messages": messages(request),
    }
    if "CSRF_COOKIE" not in request.META:
        # The csrftoken cookie scripts post with, for a request that came without a valid one: a new
        # secret, unmasked (Django's `get_token` would mask it for a form, which this answer has
        # none of). One the request came with is kept: it lasts `CSRF_COOKIE_AGE` from when set.
        # As Django's `rotate_token`, with the secret drawn in one read of the system's randomness.
        request.META.update({"CSRF_COOKIE": csrf_secret(), "CSRF_COOKIE_NEEDS_UPDATE": True})
    return data


def csrf_secret():
    """A new CSRF secret as Django's (`CSRF_SECRET_LENGTH` of `CSRF_ALLOWED_CHARS`, each as likely),
    from one `os.urandom` instead of one per character: only the bytes below the largest multiple
    of the alphabet's size are taken, so none of its characters is favoured."""
    size = len(CSRF_ALLOWED_CHARS)
    below = 256 - 256 % size
    chars = []
    while len(chars) < CSRF_SECRET_LENGTH:
        chars += [
            CSRF_ALLOWED_CHARS[byte % size] for byte in os.urandom(CSRF_SECRET_LENGTH + 8) if byte < below
        ]
    return "".join(chars[:CSRF_SECRET_LENGTH])


def messages(request):
    """The one-time messages waiting for the reader, read (and so taken) only when there can be
    some: reading none cost as much as reading one. Django's default storage (`FallbackStorage`)
    keeps them in a cookie, and in the session only what overflows it, which it reads only when the
    cookie says so; or this request added some."""
    storage = get_messages(request)
    cookie = storage.storages[0].cookie_name if isinstance(storage, FallbackStorage) else None
    if cookie is not None and not storage._queued_messages and cookie not in request.COOKIES:
        return []
    return [{"level": message.tags or "info", "text": str(message)} for message in storage]


@lru_cache(maxsize=8)
def account_urls(script_prefix):
    """The header's links, the same on every request under one script prefix: reversed once."""
    return {"profile_url": reverse("accounts:profile"), "logout_url": reverse("account_logout")}


def kept_reads(request):
    """{key: version} of the kept account the session names (`accounts.backends.account_read`), for
    a request that reads it with others in one cache round trip (`soompi.versioned.gathered`)."""
    if not hasattr(request, "session"):
        return {}
    user_id = request.session.get(SESSION_KEY)
    if user_id is None:
        return {}
    try:
        user_id = get_user_model()._meta.pk.to_python(user_id)
    except ValidationError:
        return {}
    return {account_version(user_id): account_version(user_id)}
