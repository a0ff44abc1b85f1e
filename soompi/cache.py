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
import time

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError, TimeoutError

logger = logging.getLogger(__name__)

REDIS_DOWN = (ConnectionError, TimeoutError, OSError)


class FailSoftRedisCache(RedisCache):
    def __init__(self, server, params):
        options = dict(params.get("OPTIONS") or {})
        self.retry_seconds = float(options.pop("RETRY_SECONDS", 1))
        options.setdefault("socket_connect_timeout", 0.5)
        options.setdefault("socket_timeout", 0.5)
        super().__init__(server, {**params, "OPTIONS": options})
        self.down_since = None
        self.retry_at = 0.0

    def _call(self, method, fallback, *args, **kwargs):
        if self.down_since is not None and time.monotonic() < self.retry_at:
            return fallback
        try:
            result = getattr(super(), method)(*args, **kwargs)
        except REDIS_DOWN as error:
            if self.down_since is None:
                self.down_since = time.monotonic()
                logger.error("Redis cache unreachable, serving without it: %s", error)
            self.retry_at = time.monotonic() + self.retry_seconds
            return fallback
        if self.down_since is not None:
            logger.warning("Redis cache reachable again after %.0f s", time.monotonic() - self.down_since)
            self.down_since = None
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

    def delete_many(self, keys, version=None):
        return self._call("delete_many", None, keys, version=version)

    def clear(self):
        return self._call("clear", False)
