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
import os
import threading
import time

import redis
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.connection import parse_url
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


class Counters:
    """Counters this process knows without asking Redis, kept exact by Redis pub/sub.

    A process that changes a counter publishes its new value (`published`) on a channel that a
    thread of every process listens to (one channel per Redis database). A value is known only
    while that subscription is live; a value read from Redis is learnt (`learn`) only when the
    subscription was already live before the read (`epoch`), so no change can fall between the
    read and the subscription. When the subscription drops, or the table is emptied, everything
    known is forgotten and the epoch moves on, so a read begun before cannot bring back an old
    value: until it is live again every counter is read from Redis, as without this class.

    A change reaches other processes when their thread next runs (well under a millisecond idle,
    up to a few milliseconds under load); the process that made it knows it at once.
    """

    lock = threading.Lock()
    by_server = {}
    LIMIT = 1000  # values kept (only a few counters are watched; the tests' prefixes make more)
    RETRY_SECONDS = 1

    def __init__(self, server):
        self.server = server
        db = parse_url(server).get("db", 0)
        self.channel = f"soompi:counters:{db}"
        self.values = {}
        self.epoch = 0
        self.live = False
        self.pid = os.getpid()
        self.listener_name = f"soompi-counters-{self.pid}-{db}"
        self.listener = threading.Thread(target=self._listen, name="cache-counters", daemon=True)
        self.listener.start()

    @classmethod
    def of(cls, server):
        counters = cls.by_server.get(server)  # read on every page request: no lock once made
        if counters is not None and counters.pid == os.getpid():
            return counters
        with cls.lock:
            counters = cls.by_server.get(server)
            if counters is None or counters.pid != os.getpid():  # none yet, or inherited by a fork
                counters = cls.by_server[server] = cls(server)
            return counters

    def known(self, key):
        """The value of the cache key `key` (made, with its prefix), or None if not known."""
        return self.values.get(key) if self.live else None

    def current_epoch(self):
        """Take before reading a counter from Redis; hand to `learn` with what was read."""
        return self.epoch if self.live else None

    def learn(self, key, value, epoch):
        with self.lock:
            if epoch is not None and self.live and epoch == self.epoch:
                self._keep(key, value)

    def published(self, client, key, value):
        """`key` was just set to `value` in Redis by this process: tell every process."""
        with self.lock:
            if self.live:
                self._keep(key, value)
        client.publish(self.channel, f"{key} {value}")

    def _keep(self, key, value):
        if len(self.values) >= self.LIMIT and key not in self.values:
            self._forget()
        self.values[key] = max(self.values.get(key, value), value)

    def _forget(self):
        self.values.clear()
        self.epoch += 1

    def _heard(self, data):
        key, value = data.decode().rsplit(" ", 1)
        with self.lock:
            self._keep(key, int(value))

    def _listen(self):
        while True:
            client = redis.Redis.from_url(
                self.server,
                socket_connect_timeout=0.5,
                socket_timeout=5,
                health_check_interval=2,  # a silent dead link is found within seconds
                client_name=self.listener_name,
            )
            pubsub = client.pubsub()
            try:
                pubsub.subscribe(self.channel)
                while True:
                    message = pubsub.get_message(timeout=1.0)
                    if message is None:
                        continue
                    if message["type"] == "subscribe":
                        with self.lock:
                            self._forget()
                            self.live = True
                    elif message["type"] == "message":
                        self._heard(message["data"])
            except Exception:  # noqa: BLE001 - whatever broke the subscription: forget, then retry
                with self.lock:
                    self.live = False
                    self._forget()
                time.sleep(self.RETRY_SECONDS)
            finally:
                pubsub.close()
                client.close()


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

    @property
    def counters(self):
        """This process's `Counters` for the (first) Redis server: started on first use."""
        return Counters.of(self._servers[0])

    def publish_counter(self, key, value):
        """Tell every process the counter `key` (as given to `incr`/`add`) is now `value`."""
        if self.outage.skip():
            return
        try:
            client = self._cache.get_client(write=True)
            self.counters.published(client, self.make_and_validate_key(key), value)
        except REDIS_DOWN as error:
            self.outage.failed(error, self.retry_seconds)

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

    def delete_many(self, keys, version=None):
        return self._call("delete_many", None, keys, version=version)

    def clear(self):
        return self._call("clear", False)
