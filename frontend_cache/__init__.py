"""Purges of the HTTP caches in front of the site (nginx, a CDN), in the manner of Wagtail's
`wagtail.contrib.frontend_cache`.

    import frontend_cache
    frontend_cache.enabled()                      # any backend configured?
    frontend_cache.purge(["/", "/article/1/x/"])  # paths (joined to each base URL) or full URLs
    frontend_cache.purge_all()

Backends are chosen by `FRONTEND_CACHE_BACKENDS` (a comma list of `nginx`, `cloudflare`, `fastly`)
and configured by environment variables (soompi/settings.py, README "Caching and purging"). A purge
never raises: each backend's failure is logged and returned as a message, so a request whose write
asks for a purge is answered whatever the cache does. `manage.py purge_pages` purges by hand.
"""

import logging
from urllib.parse import urljoin, urlsplit

from django.conf import settings

logger = logging.getLogger("frontend_cache")

# Query parameters that never change a page: the cache key leaves them out (deploy/nginx.conf).
TRACKING_PREFIXES = ("utm_",)
TRACKING_NAMES = ("fbclid", "gclid")


def enabled():
    return bool(settings.FRONTEND_CACHE_BACKENDS)


def configured_backends():
    from .backends import BACKENDS

    return [BACKENDS[name]() for name in settings.FRONTEND_CACHE_BACKENDS if name in BACKENDS]


def is_tracking(name):
    name = name.lower()
    return name.startswith(TRACKING_PREFIXES) or name in TRACKING_NAMES


def without_tracking(url):
    """`url` without tracking parameters, the rest of its query as it was: the address a cache keeps
    it under (deploy/nginx.conf removes them the same way, as text)."""
    parts = urlsplit(url)
    kept = [item for item in parts.query.split("&") if item and not is_tracking(item.split("=", 1)[0])]
    return parts._replace(query="&".join(kept), fragment="").geturl()


def absolute_urls(paths_or_urls):
    """Each path (starting with "/") joined to every base URL; full URLs as they are. Sorted, unique."""
    urls = set()
    for item in paths_or_urls:
        if item.startswith(("http://", "https://")):
            urls.add(without_tracking(item))
        elif item.startswith("/"):
            urls.update(without_tracking(urljoin(base, item)) for base in settings.FRONTEND_CACHE_BASE_URLS)
        else:
            raise ValueError(f"{item!r} is neither a path starting with / nor an http(s) URL")
    return sorted(urls)


def purge(paths_or_urls):
    """Purge these pages from every configured cache; returns the failures (empty: all purged).

    More than FRONTEND_CACHE_MAX_URLS addresses purge everything instead: one call, not hundreds."""
    if not enabled():
        return []
    try:
        urls = absolute_urls(paths_or_urls)
    except ValueError as error:
        logger.error("Nothing purged: %s", error)
        return [f"nothing purged: {error}"]
    if not urls:
        return []
    if len(urls) > settings.FRONTEND_CACHE_MAX_URLS:
        logger.info("Purging everything rather than %d addresses", len(urls))
        return purge_all()
    return _each_backend(lambda backend: backend.purge(urls), f"{len(urls)} address(es)")


def purge_all():
    """Purge every page from every configured cache; returns the failures (empty: all purged)."""
    if not enabled():
        return []
    return _each_backend(lambda backend: backend.purge_all(), "everything")


def _each_backend(call, what):
    failures = []
    for backend in configured_backends():
        try:
            problems = call(backend) or []
        except Exception as error:  # noqa: BLE001 - a cache's failure must never fail the write
            problems = [f"{type(error).__name__}: {error}"]
        for problem in problems:
            message = f"{backend.name}: could not purge {what}: {problem}"
            logger.error(message)
            failures.append(message)
    return failures
