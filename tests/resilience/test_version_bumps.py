"""A version bump on Redis (`soompi.versioned.changed` through `FailSoftRedisCache.incr_or_start`):
one round trip, a missing version started from the clock, and what was kept under the old one
computed again. Needs a Redis: `REDIS_URL` (keys under a prefix of their own, deleted after)."""

import os
import secrets

import pytest
import redis
from django.core.cache import caches
from redis.connection import Connection

from soompi import versioned

URL = os.environ.get("REDIS_URL")


@pytest.fixture
def redis_cache(settings, monkeypatch):
    if not URL:
        pytest.skip("needs REDIS_URL")
    try:
        redis.Redis.from_url(URL, socket_connect_timeout=1).ping()
    except redis.RedisError:
        pytest.skip(f"Redis is not answering at {URL}")
    prefix = f"test-bumps-{secrets.token_hex(4)}"
    settings.CACHES = {
        "default": {"BACKEND": "soompi.cache.FailSoftRedisCache", "LOCATION": URL, "KEY_PREFIX": prefix}
    }
    cache = caches["default"]
    monkeypatch.setattr(versioned, "cache", cache)
    yield cache
    client = redis.Redis.from_url(URL)
    for key in client.scan_iter(f"{prefix}:*"):
        client.delete(key)


@pytest.fixture
def round_trips(monkeypatch):
    sent = []
    real = Connection.send_packed_command

    def counted(self, command, *args, **kwargs):
        sent.append(command)
        return real(self, command, *args, **kwargs)

    monkeypatch.setattr(Connection, "send_packed_command", counted)
    return sent


def test_a_bump_is_one_round_trip_and_what_was_kept_is_computed_again(redis_cache, round_trips):
    computed = []

    def compute():
        computed.append(1)
        return len(computed)

    assert versioned.read("value", compute, version="thing") == 1
    assert versioned.read("value", compute, version="thing") == 1, "kept under the version"
    before = redis_cache.get("version:thing")

    round_trips.clear()
    versioned.changed("thing")

    assert len(round_trips) == 1
    assert redis_cache.get("version:thing") == before + 1
    assert versioned.read("value", compute, version="thing") == 2


def test_a_missing_version_starts_from_the_clock_when_bumped(redis_cache):
    versioned.read("value", lambda: "old", version="evicted")
    stamp = redis_cache.get("version:evicted")
    redis_cache.delete("version:evicted")  # evicted, or never made

    versioned.changed("evicted")

    assert redis_cache.get("version:evicted") > stamp
    assert versioned.read("value", lambda: "new", version="evicted") == "new"
