"""The shared page cache: reader pages rendered once and served to every anonymous reader.

What is stored is only what every anonymous reader sees. A request with a session, a `reader`
cookie or pending messages is someone's own and goes straight to the view (a known reader's
article page shows their own reaction and vote, a signed-in reader's shows their name). The
CSRF token in the HTML is swapped for a placeholder before storing and each response gets this
reader's token back, so the forms that work without JavaScript keep working from a cached page.

Invalidation is a version: one counter in the cache, bumped by every write that shows on a
reader page (publish, unpublish, edit, restore, the knowledge base, comments and their
moderation). A stored page carries the version it was rendered under and a `fresh_until`
time: the configured lifetime, cut short by the next scheduled publication, so a scheduled
article appears on time without anyone clearing anything. Reaction and vote counts do not bump
the version: JavaScript readers fetch them fresh from the private `reactions/` endpoint, a
reader who chose something has the `reader` cookie and gets their own page, and for everyone
else the counts are at most `PAGE_CACHE_SECONDS` old.

When a page is out of date, the first request takes a short lock (`cache.add`) and renders it
again; the others keep getting the previous copy until it is stored, instead of a stampede of
identical renders.

Serving a fresh page is `PageCacheMiddleware`'s job, early in the middleware stack (no URL
resolving, no view, no session or sign-in lookup): one round trip to the cache reads the version
and the page's small record (version, lifetime, ETag). The page's bytes are kept in this
process once read, by ETag, so a popular page crosses the network from Redis once per worker
and version, not once per request.
"""

import hashlib
import re
import secrets
import threading
import time
from functools import wraps

from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.locmem import LocMemCache
from django.db import transaction
from django.http import HttpResponse
from django.middleware.csrf import CSRF_ALLOWED_CHARS, CSRF_SECRET_LENGTH
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date

from soompi.replicas import in_transaction

from . import gzip_parts, readers

VERSION_KEY = "pages:version"
CONTENT_KEY = "pages:content-version"  # bumped like VERSION_KEY, except by comments
SCHEDULE_KEY = "pages:next-scheduled"  # epoch seconds of the next scheduled publication, 0 for none
RENDERS_KEY = "pages:renders"
LOCK_SECONDS = 10
STALE_SECONDS = 300
MESSAGES_COOKIE = "messages"  # django.contrib.messages' CookieStorage
PLACEHOLDER = "csrf-token-of-this-response"
PLACEHOLDER_BYTES = PLACEHOLDER.encode()
META = ":meta"  # the small record beside each stored page: all but its content
LOCAL_PAGES = 64  # pages' bytes kept in each process, by ETag (oldest dropped first)
KNOWN_KEYS = 10_000  # addresses this process has seen served by a cached view (then forgotten all at once)
_local = {}
_known = set()
_records = {}  # stored pages' records by cache key, as last read or stored by this process
TOKEN_VALUE = re.compile(rb'(name="csrfmiddlewaretoken" value=")[A-Za-z0-9]+(")')
ACCEPTS_GZIP = re.compile(r"\bgzip\b")  # as django.middleware.gzip reads Accept-Encoding


def _counters():
    """This process's `soompi.cache.Counters` (Redis), or None (a cache in this process only)."""
    return getattr(cache, "counters", None)


def version(key=VERSION_KEY):
    """The current version of every reader page (or, with `CONTENT_KEY`, of what editors write).
    Known in this process without a round trip while the cache's counters are live
    (`soompi.cache.Counters`)."""
    counters, made = _counters(), cache.make_key(key)
    if counters is not None and (known := counters.known(made)) is not None:
        return known
    epoch = counters.current_epoch() if counters is not None else None
    current = cache.get(key)
    if current is None:
        return start(key)
    if counters is not None:
        counters.learn(made, current, epoch)
    return current


# Counters: the page versions here, and the versions that values kept per change are stored
# under (`kept`, the comments' likes). Only the page versions are known in every process.
SHARED_COUNTERS = (VERSION_KEY, CONTENT_KEY)


def start(key):
    """The value of a counter that is missing (new, or evicted), started from the clock: newer
    than any value it had, so nothing stored under an old one is taken for current."""
    cache.add(key, time.time_ns(), timeout=None)
    value = cache.get(key)
    _published(key, value)
    return value


def bump(*keys):
    """Move each counter on: now, and, inside a transaction, again once it commits (a value
    computed from the data in between would otherwise be kept under the new count). A write
    outside a transaction is committed already: the first bump comes after it."""

    def move():
        for key in keys:
            try:
                _published(key, cache.incr(key))
            except ValueError:
                start(key)

    move()
    if in_transaction():
        transaction.on_commit(move)


def _published(key, value):
    if key in SHARED_COUNTERS and value is not None and hasattr(cache, "publish_counter"):
        cache.publish_counter(key, value)


def invalidate(sender=None, *, comments_only=False, **signal_kwargs):
    """Make every stored page out of date (`bump`).

    A listicle's write may move the next scheduled publication: it is looked up here, on the
    write, so reading a page never needs the query. A comment's write (`sender` Comment, or
    `comments_only` for moderation's updates) leaves what editors wrote alone: the article's
    skeleton (`article_page`) stays valid.
    """
    from .models import Comment, Listicle

    if sender is Listicle:
        _remember_schedule()
    bump(*((VERSION_KEY,) if comments_only or sender is Comment else SHARED_COUNTERS))


def _remember_schedule():
    from .models import Listicle

    upcoming = Listicle.objects.scheduled_next()
    cache.set(SCHEDULE_KEY, upcoming.timestamp() if upcoming else 0, timeout=None)


def kept_at_most(seconds):
    """How long something kept until the next change (a skeleton, counts, a page of comments) may
    be used. A cache in this process alone (no `REDIS_URL`) never hears of another process's
    writes (another worker, a management command); and with a read replica, what a reader's
    request computes may come from a replica still behind the change whose version it is stored
    under. In both cases it is kept `PAGE_CACHE_SECONDS` at most, as stored pages are."""
    from soompi.replicas import has_replica

    if isinstance(caches["default"], LocMemCache) or has_replica():
        return min(seconds, settings.PAGE_CACHE_SECONDS)
    return seconds


def renders():
    """How many times a page was rendered to be stored (the benchmark shows it has no stampede)."""
    return cache.get(RENDERS_KEY, 0)


def shareable(request):
    """A GET from an anonymous reader with nothing of their own on the page."""
    personal = (settings.SESSION_COOKIE_NAME, readers.COOKIE, MESSAGES_COOKIE)
    return (
        settings.PAGE_CACHE_SECONDS > 0
        and request.method in ("GET", "HEAD")
        and not any(name in request.COOKIES for name in personal)
    )


def _key(request):
    address = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    return "pages:" + hashlib.sha256(address.encode()).hexdigest()


def fresh_until(now, seconds):
    """Now plus `seconds`, or the next scheduled publication if it comes sooner."""
    until = now + seconds
    upcoming = cache.get(SCHEDULE_KEY)
    if upcoming is None or 0 < upcoming <= now:  # lost, or that one is live now: find the next
        _remember_schedule()
        upcoming = cache.get(SCHEDULE_KEY)
    return min(until, upcoming) if upcoming else until


def _storable(response):
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and "private" not in response.get("Cache-Control", "")
    )


def _store(request, response, current):
    now = time.time()
    # Kept as the bytes sent (no decoding on the way out); the token's characters are ASCII.
    content = TOKEN_VALUE.sub(rb"\g<1>" + PLACEHOLDER_BYTES + rb"\g<2>", response.content)
    meta = {
        "version": current,
        "fresh_until": fresh_until(now, settings.PAGE_CACHE_SECONDS),
        "content_type": response["Content-Type"],
        "etag": '"' + hashlib.sha256(content).hexdigest()[:32] + '"',
        "last_modified": int(now),
    }
    key, timeout = _key(request), settings.PAGE_CACHE_SECONDS + STALE_SECONDS
    cache.set_many({key: meta | {"content": content}, key + META: meta}, timeout=timeout)
    _remember(key, meta)
    try:
        cache.incr(RENDERS_KEY)
    except ValueError:
        cache.add(RENDERS_KEY, 1, timeout=None)
    return meta, _keep(meta, content)


def _remember(key, meta):
    """Keep a page's record in this process, to serve it with no round trip while it is fresh."""
    if len(_records) >= KNOWN_KEYS:
        _records.clear()
    _records[cache.make_key(key)] = meta


def _lookup(key):
    """(key, the stored page's record or None, the current version): from this process when it
    knows the version (`version`) and holds a fresh record of that version, else one round trip."""
    counters = _counters()
    if counters is not None:
        made = cache.make_key(VERSION_KEY)
        current, meta = counters.known(made), _records.get(cache.make_key(key))
        if current is not None and _fresh(meta, current):
            return key, meta, current
        epoch = counters.current_epoch()
    found = cache.get_many([VERSION_KEY, key + META])
    current, meta = found.get(VERSION_KEY), found.get(key + META)
    if current is None:
        current = version()
    elif counters is not None:
        counters.learn(made, current, epoch)
    if meta is not None:
        _remember(key, meta)
    return key, meta, current


def _fresh(meta, current):
    return meta is not None and meta["version"] == current and time.time() < meta["fresh_until"]


def keep(etag, value):
    """Keep `value` (a stored page or skeleton, ready to use) in this process under its ETag."""
    if len(_local) >= LOCAL_PAGES:
        _local.pop(next(iter(_local)))
    _local[etag] = value
    return value


def kept(key, meta, field, prepare):
    """`prepare(stored[field])` for the record `meta` of `key`: from this process if it has it,
    else read from the cache once and kept; None when the cache no longer has that version."""
    value = _local.get(meta["etag"])
    if value is None:
        stored = cache.get(key)
        if stored is None or stored["etag"] != meta["etag"]:
            return None
        value = keep(meta["etag"], prepare(stored[field]))
    return value


class StoredPage:
    """A stored page's bytes in this process: split where each response's token goes, and
    gzipped once, by the first request that accepts it (`gzip_parts`)."""

    __slots__ = ("parts", "_compressed", "_compressing")

    def __init__(self, content):
        self.parts = content.split(PLACEHOLDER_BYTES)
        self._compressed = None
        self._compressing = threading.Lock()

    @property
    def has_token(self):
        return len(self.parts) > 1

    def content(self, token):
        return token.join(self.parts)

    def gzipped(self, token):
        """The gzip body with `token`; None while another thread is still compressing the page
        (the response goes uncompressed rather than wait or compress it a second time)."""
        if self._compressed is None:
            if not self._compressing.acquire(blocking=False):
                return None
            try:
                if self._compressed is None:
                    self._compressed = gzip_parts.Compressed(self.parts)
            finally:
                self._compressing.release()
        return self._compressed.body(token)


def _keep(meta, content):
    return keep(meta["etag"], StoredPage(content))


def _page(key, meta):
    return kept(key, meta, "content", StoredPage)


def _with_headers(request, response, meta, page, state):
    """Shared-cache headers on a page without a token; a page with one is this reader's copy."""
    response["X-Page-Cache"] = state
    patch_vary_headers(response, ["Cookie", "Accept-Encoding"])
    if page.has_token:
        # This reader's CSRF token is in it: no proxy, CDN or browser cache may keep it. The page
        # is still the same for every anonymous reader (not "private"); only our own cache shares it.
        patch_cache_control(response, no_store=True)
        return response
    etag = meta["etag"]
    if response.has_header("Content-Encoding"):  # another representation: another validator
        etag = etag[:-1] + '-gzip"'
    response["ETag"] = etag
    response["Last-Modified"] = http_date(meta["last_modified"])
    patch_cache_control(
        response, public=True, max_age=settings.PAGE_CACHE_SECONDS, stale_while_revalidate=STALE_SECONDS
    )
    return get_conditional_response(
        request, etag=etag, last_modified=meta["last_modified"], response=response
    )


_PLACE = {char: place for place, char in enumerate(CSRF_ALLOWED_CHARS)}


def _random_string(length):
    """`length` characters of `CSRF_ALLOWED_CHARS` from one read of the system's random source
    (Django draws each character with its own read); rejection sampling keeps them uniform."""
    chars, picked = CSRF_ALLOWED_CHARS, ""
    limit = 256 - 256 % len(chars)
    while len(picked) < length:
        picked += "".join(
            chars[byte % len(chars)] for byte in secrets.token_bytes(2 * length) if byte < limit
        )
    return picked[:length]


def csrf_token(request):
    """What `django.middleware.csrf.get_token` gives, in the same format (the secret masked with a
    new random mask; `CsrfViewMiddleware` sets or refreshes the cookie), from one random read."""
    secret = request.META.get("CSRF_COOKIE")
    if secret is None:
        secret = request.META["CSRF_COOKIE"] = _random_string(CSRF_SECRET_LENGTH)
    request.META["CSRF_COOKIE_NEEDS_UPDATE"] = True
    mask, chars = _random_string(CSRF_SECRET_LENGTH), CSRF_ALLOWED_CHARS
    return mask + "".join(
        chars[(_PLACE[x] + _PLACE[y]) % len(chars)] for x, y in zip(secret, mask, strict=True)
    )


def _from_store(request, meta, page, state):
    """This reader's response: the stored page with their token, gzipped if their browser asks."""
    token = csrf_token(request).encode() if page.has_token else b""
    accepts = ACCEPTS_GZIP.search(request.META.get("HTTP_ACCEPT_ENCODING", ""))
    if accepts and (body := page.gzipped(token)) is not None:
        response = HttpResponse(body, content_type=meta["content_type"])
        response["Content-Encoding"] = "gzip"
    else:
        response = HttpResponse(page.content(token), content_type=meta["content_type"])
    return _with_headers(request, response, meta, page, state)


class PageCacheMiddleware:
    """Serve a fresh stored page before the rest of the stack (see the module's docstring).

    It looks only at addresses this process has already seen answered by a cached view, so
    other pages cost no round trip. It sits after `CsrfViewMiddleware` (the response carries
    this reader's token and cookie) and `XFrameOptionsMiddleware` (whose header it keeps);
    anything it does not answer goes on to the view, which renders and stores the page
    (`shared_page`).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if shareable(request) and (key := _key(request)) in _known:
            key, meta, current = request.page_cache_lookup = _lookup(key)
            if _fresh(meta, current) and (page := _page(key, meta)) is not None:
                return _from_store(request, meta, page, "hit")
        return self.get_response(request)


def shared_page(view):
    """Serve `view` from the shared page cache to anonymous readers (see the module's docstring)."""

    @wraps(view)
    def cached_view(request, *args, **kwargs):
        if not shareable(request):
            return view(request, *args, **kwargs)
        key, meta, current = getattr(request, "page_cache_lookup", None) or _lookup(_key(request))
        if len(_known) >= KNOWN_KEYS:
            _known.clear()
        _known.add(key)
        page = _page(key, meta) if meta else None
        if page is not None and _fresh(meta, current):
            return _from_store(request, meta, page, "hit")
        lock = key + ":rendering"
        if page is not None and not cache.add(lock, 1, timeout=LOCK_SECONDS):
            return _from_store(request, meta, page, "stale")  # another request is rendering it now
        try:
            response = view(request, *args, **kwargs)
            if hasattr(response, "render"):
                response.render()
            if not _storable(response):
                return response
            # Answered from what was just stored, as every later request will be (gzip included).
            return _from_store(request, *_store(request, response, current), "miss")
        finally:
            if page is not None:
                cache.delete(lock)

    return cached_view
