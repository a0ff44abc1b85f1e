"""Reader pages read from a PostgreSQL streaming replica; everything else uses the primary.

With `DATABASE_REPLICA_URL` set, settings add a `replica` database. `ReplicaMiddleware` marks a
request as a replica reader when it is a GET or HEAD of a reader page by someone who has not just
posted; `ReplicaRouter` then sends that request's reads to the replica. Writes always go to the
primary, and so does every read of:

- the admin, previews and the account pages (editors see what they just saved; a preview may be of
  a draft saved a moment ago);
- any POST, and any request in the `REPLICA_PIN_SECONDS` after one: a post sets a short-lived
  cookie that pins the reader to the primary, so they see their own reaction, vote or comment at
  once however far the replica lags;
- anything inside a transaction (a read there may decide a write).

Without a replica the router answers None and Django uses `default`, as if it were not installed.
"""

from contextvars import ContextVar

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.urls import reverse

REPLICA = "replica"
PIN_COOKIE = "primary"
SAFE_METHODS = ("GET", "HEAD")

reading_from_replica = ContextVar("reading_from_replica", default=False)


def has_replica():
    return REPLICA in connections.settings


def primary_paths():
    """Path prefixes whose every read uses the primary."""
    return (reverse("admin:index"), "/preview/", "/accounts/", "/healthz")


class ReplicaMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not has_replica():
            return self.get_response(request)
        use_replica = (
            request.method in SAFE_METHODS
            and PIN_COOKIE not in request.COOKIES
            and not request.path.startswith(primary_paths())
        )
        token = reading_from_replica.set(use_replica)
        try:
            response = self.get_response(request)
        finally:
            reading_from_replica.reset(token)
        if request.method not in SAFE_METHODS:
            response.set_cookie(
                PIN_COOKIE,
                "1",
                max_age=settings.REPLICA_PIN_SECONDS,
                httponly=True,
                samesite="Lax",
                secure=settings.SESSION_COOKIE_SECURE,
            )
        return response


def in_transaction():
    """Inside a transaction (`atomic()`) on the primary."""
    return connections[DEFAULT_DB_ALIAS].in_atomic_block


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        if reading_from_replica.get() and has_replica() and not in_transaction():
            return REPLICA
        return None

    def db_for_write(self, model, **hints):
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replica holds the same rows as the primary

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db != REPLICA
