"""Each test's own cache keys: parallel workers share one Redis database in the PostgreSQL run."""

import uuid

from django.core.cache import caches


def empty_cache():
    """Start this test's cache over, as a fresh server would see it: a new key prefix, so nothing
    stored so far is found. (`cache.clear()` would empty the Redis database that the other
    parallel worker is using in the middle of its own test.)"""
    caches["default"].key_prefix = f"test-{uuid.uuid4().hex}"


def refuse_to_clear(*args, **kwargs):
    raise AssertionError(
        "cache.clear() empties the Redis database every parallel worker shares; "
        "use tests.cache_keys.empty_cache()"
    )


def in_threads():
    """A function for each thread a test starts to call first: Django's cache objects are per
    thread, and a thread's own starts with the default prefix, so it would read what other tests
    (before the database was flushed) left under it: give it this test's prefix."""
    prefix = caches["default"].key_prefix

    def use():
        caches["default"].key_prefix = prefix

    return use
