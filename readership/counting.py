"""Counting article views: one Redis HINCRBY per view, no SQL, nothing of the reader's kept.

A view is reported by the reader's private `me` request (`articles.page_views.viewed`), which
browsers make once per page load while the page itself comes from nginx's or a CDN's cache. Counting
reads the User-Agent header and nothing else: no cookie is read or set, no address, account or
session is looked at, and what is stored is a number per article and day.

Robots are left out by their User-Agent, matched against crawler-user-agents, the maintained list of
crawler patterns also used by other analytics tools (some 600 patterns: search engines, SEO tools,
feed readers, link previewers, HTTP libraries, headless browsers). Most crawlers never run the
page's script, so never make the `me` request; the list catches those that do, and an empty
User-Agent counts as a robot. A verdict is kept per distinct User-Agent (`_is_robot`'s cache), so a
browser's repeat views cost a dictionary lookup, not the ~100 µs of matching.

Where the counts wait for `flush.flush_views`:
- with `REDIS_URL`: a hash per day, `readership:views:<YYYY-MM-DD>` (one field per article id),
  shared by every app server, kept until flushed;
- without (development, tests): this process's memory, as the local-memory cache itself is.
While Redis is unreachable a view is not counted (logged with the cache's own outage notice), and
the reader's page is answered as ever.
"""

import logging
import threading
from collections import Counter
from functools import lru_cache

import crawleruseragents
from django.core.cache import cache
from django.utils import timezone
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

KEY_PREFIX = "readership:views:"
TAKEN_PREFIX = "readership:taken:"  # a day's hash being flushed: readership:taken:<day>:<batch>


@lru_cache(maxsize=4096)
def _is_robot(user_agent):
    return not user_agent.strip() or crawleruseragents.is_crawler(user_agent)


def is_robot(request):
    """Whether the request's User-Agent names a crawler, or names nothing."""
    return _is_robot(request.headers.get("User-Agent", "")[:512])


def count_view(sender, request, listicle_id, **kwargs):
    """`articles.page_views.viewed`'s receiver: one more view of the article today, unless a robot."""
    if is_robot(request):
        return
    store().add(listicle_id, timezone.localdate())


def store():
    """Where views wait: Redis when the cache is Django's Redis cache, else this process's memory."""
    return RedisViews() if hasattr(getattr(cache, "_cache", None), "get_client") else LOCAL


class RedisViews:
    """Counts in Redis hashes beside the cache's keys (under its `KEY_PREFIX` and version)."""

    def client(self):
        return cache._cache.get_client(write=True)  # Django's RedisCache keeps no public handle

    def key(self, name):
        return cache.make_key(name)

    def add(self, listicle_id, day):
        outage = getattr(cache, "outage", None)  # soompi.cache.FailSoftRedisCache
        if outage is not None and outage.skip():
            return
        try:
            self.client().hincrby(self.key(f"{KEY_PREFIX}{day.isoformat()}"), listicle_id, 1)
        except (RedisError, OSError) as error:
            if outage is not None:
                outage.failed(error, cache.retry_seconds)
            else:
                logger.warning("A view was not counted: %s", error)

    def take(self, batch):
        """Each day's hash renamed under `batch` (RENAME is atomic: a view counted meanwhile goes
        into a new hash), then every taken hash waiting, this batch's and any a stopped flush left:
        [(name, day, {listicle id: views})]."""
        client = self.client()
        prefix = self.key(KEY_PREFIX)
        for key in client.scan_iter(match=f"{prefix}*", count=100):
            day = key.decode()[len(prefix) :]
            try:
                client.rename(key, self.key(f"{TAKEN_PREFIX}{day}:{batch}"))
            except RedisError:  # emptied by another flush since the scan
                continue
        taken = []
        prefix = self.key(TAKEN_PREFIX)
        for key in client.scan_iter(match=f"{prefix}*", count=100):
            name = key.decode()[len(prefix) :]
            counts = {int(pk): int(views) for pk, views in client.hgetall(key).items()}
            taken.append((name, name.split(":", 1)[0], counts))
        return taken

    def done(self, name):
        self.client().delete(self.key(f"{TAKEN_PREFIX}{name}"))


class LocalViews:
    """Counts in this process's memory, for development and tests without Redis."""

    def __init__(self):
        self.lock = threading.Lock()
        self.waiting = {}  # name: (day, {listicle id: views}) taken and not yet written
        self.counts = Counter()  # (day, listicle id): views

    def add(self, listicle_id, day):
        with self.lock:
            self.counts[(day.isoformat(), listicle_id)] += 1

    def take(self, batch):
        with self.lock:
            counts, self.counts = self.counts, Counter()
            days = {}
            for (day, pk), views in counts.items():
                days.setdefault(day, {})[pk] = views
            for day, by_article in days.items():
                self.waiting[f"{day}:{batch}"] = (day, by_article)
            return [(name, day, dict(by_article)) for name, (day, by_article) in self.waiting.items()]

    def done(self, name):
        with self.lock:
            self.waiting.pop(name, None)

    def clear(self):
        with self.lock:
            self.counts.clear()
            self.waiting.clear()


LOCAL = LocalViews()


def waiting():
    """Views counted and not yet flushed, {(day, listicle id): views} (for tests and the load test)."""
    found = Counter()
    backend = store()
    if isinstance(backend, LocalViews):
        with backend.lock:
            found.update(backend.counts)
            for day, by_article in backend.waiting.values():
                found.update({(day, pk): views for pk, views in by_article.items()})
        return dict(found)
    client = backend.client()
    for prefix in (KEY_PREFIX, TAKEN_PREFIX):
        full = backend.key(prefix)
        for key in client.scan_iter(match=f"{full}*", count=100):
            day = key.decode()[len(full) :].split(":", 1)[0]
            for pk, views in client.hgetall(key).items():
                found[(day, int(pk))] += int(views)
    return dict(found)
