"""Django's Redis cache, failing soft: while Redis is unreachable the site serves from the database.

Every read answers a miss and every write is dropped, so pages are built from PostgreSQL as if
the cache were cold. The error is logged once when the outage starts and once when Redis answers
again, not per request. After a failure the backend waits `RETRY_SECONDS` (OPTIONS, default 1)
before trying Redis again, so a Redis that hangs instead of refusing costs one socket timeout a
second, not one per cache call.

Rate limits (django-ratelimit) count in this cache: while it is down `add` answers False and
`incr` None, which django-ratelimit reads as "the cache failed" and settles with
`RATELIMIT_FAIL_OPEN` (see settings).
"""

import logging
import threading
import time

from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import ConnectionError, TimeoutError

logger = logging.getLogger(__name__)

REDIS_DOWN = (ConnectionError, TimeoutError, OSError)


class Outage:
    """One Redis server's state in this process. Django builds a cache backend per thread, so the
    state lives here, shared by the threads of a worker: one log line per worker process and outage."""

    lock = threading.Lock()
    by_server = {}

    def __init__(self):
        self.since = None
        self.retry_at = 0.0

    @classmethod
    def of(cls, server):
        with cls.lock:
            return cls.by_server.setdefault(server, cls())

    def skip(self):
        return self.since is not None and time.monotonic() < self.retry_at

    def failed(self, error, retry_seconds):
        with self.lock:
            first = self.since is None
            if first:
                self.since = time.monotonic()
            self.retry_at = time.monotonic() + retry_seconds
        if first:
            logger.error("Redis cache unreachable, serving without it: %s", error)

    def succeeded(self):
        if self.since is None:
            return
        with self.lock:
            since, self.since = self.since, None
        if since is not None:
            logger.warning("Redis cache reachable again after %.0f s", time.monotonic() - since)


class ReusingRedisCacheClient(RedisCacheClient):
    """Django's client, keeping one `redis.Redis` per connection pool instead of one per call.

    Django builds a new `redis.Redis` for every cache operation, and building one registers
    some 170 response callbacks: about half a millisecond, twice per cached page served. A
    `redis.Redis` is safe to share between threads (each command takes a connection from the
    pool), so one per pool is kept.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            if index not in self._pools:
                self._pools[index] = self._pool_class.from_url(self._servers[index], **self._pool_options)
            client = self._clients[index] = self._client(connection_pool=self._pools[index])
        return client


class FailSoftRedisCache(RedisCache):
    def __init__(self, server, params):
        options = dict(params.get("OPTIONS") or {})
        self.retry_seconds = float(options.pop("RETRY_SECONDS", 1))
        options.setdefault("socket_connect_timeout", 0.5)
        options.setdefault("socket_timeout", 0.5)
        super().__init__(server, {**params, "OPTIONS": options})
        self._class = ReusingRedisCacheClient
        self.outage = Outage.of(str(server))

    def _call(self, method, fallback, *args, **kwargs):
        if self.outage.skip():
            return fallback
        try:
            result = getattr(super(), method)(*args, **kwargs)
        except REDIS_DOWN as error:
            self.outage.failed(error, self.retry_seconds)
            return fallback
        self.outage.succeeded()
        return result

    def add(self, key, value, *args, **kwargs):
        return self._call("add", False, key, value, *args, **kwargs)

    def get(self, key, default=None, version=None):
        return self._call("get", default, key, default, version=version)

    def set(self, key, value, *args, **kwargs):
        return self._call("set", None, key, value, *args, **kwargs)

    def touch(self, key, *args, **kwargs):
        return self._call("touch", False, key, *args, **kwargs)

    def delete(self, key, version=None):
        return self._call("delete", False, key, version=version)

    def get_many(self, keys, version=None):
        return self._call("get_many", {}, keys, version=version)

    def has_key(self, key, version=None):
        return self._call("has_key", False, key, version=version)

    def incr(self, key, delta=1, version=None):
        return self._call("incr", None, key, delta, version=version)

    def set_many(self, data, *args, **kwargs):
        return self._call("set_many", [], data, *args, **kwargs)

    def incr_or_start(self, key, start):
        """Add one to the integer at `key`, set to `start` first when it is missing (kept without
        expiry): one round trip, where Django's `incr` takes two (EXISTS, then INCR) and a missing
        key a third. The new value, or None while Redis is unreachable."""
        key = self.make_and_validate_key(key)

        def bump():
            client = self._cache.get_client(key, write=True)
            pipeline = client.pipeline(transaction=False)
            pipeline.set(key, self._cache._serializer.dumps(start), nx=True)
            pipeline.incr(key)
            return pipeline.execute()[1]

        if self.outage.skip():
            return None
        try:
            value = bump()
        except REDIS_DOWN as error:
            self.outage.failed(error, self.retry_seconds)
            return None
        self.outage.succeeded()
        return value

    def delete_many(self, keys, version=None):
        return self._call("delete_many", None, keys, version=version)

    def clear(self):
        return self._call("clear", False)
