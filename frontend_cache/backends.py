"""The caches a purge reaches: nginx on this machine, Cloudflare and Fastly.

Each backend has `name`, `purge(urls)` (absolute URLs, tracking parameters already removed) and
`purge_all()`; both return a list of problems (empty: done) and may raise, which
`frontend_cache.purge` turns into a logged problem. Settings are read on each call.
"""

import contextlib
import hashlib
import json
import os
import re
import urllib.error
import urllib.request
from urllib.parse import urlsplit

from django.conf import settings

# The encodings deploy/nginx.conf keeps one copy of a page for ($soompi_encoding).
NGINX_ENCODINGS = ("br", "gzip", "identity")
NGINX_CACHE_FILE = re.compile(r"^[0-9a-f]{32}$")  # not the temporary files nginx is still writing


def send(method, url, *, headers=None, body=None):
    """(status, body) of one HTTP request; an error status is an answer, not an exception."""
    if urlsplit(url).scheme not in ("http", "https"):
        raise ValueError(f"not an http(s) URL: {url}")
    request = urllib.request.Request(url, data=body, method=method, headers=headers or {})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=settings.FRONTEND_CACHE_TIMEOUT) as response:  # noqa: S310
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def attempt(problems, what, call):
    """Run `call`; a failure is added to `problems` as one line and the next call still runs."""
    try:
        return call()
    except Exception as error:  # noqa: BLE001 - one failed request must not stop the others
        problems.append(f"{what}: {type(error).__name__}: {error}")
        return None


def nginx_cache_key(encoding, url):
    """The key deploy/nginx.conf stores `url` under: "<encoding> <host>[:port]<path>[?query]"."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if ":" in host:
        host = f"[{host}]"
    port = f":{parts.port}" if parts.port else ""
    query = f"?{parts.query}" if parts.query else ""
    return f"{encoding} {host}{port}{parts.path or '/'}{query}"


def nginx_cache_file(cache_dir, key, levels="1:2"):
    """Where nginx keeps `key` in a `proxy_cache_path` with these `levels`: the md5 of the key,
    under folders named by its last characters."""
    digest = hashlib.md5(key.encode()).hexdigest()  # noqa: S324 - nginx's own naming, not security
    folders, end = [], len(digest)
    for width in map(int, levels.split(":")):
        folders.append(digest[end - width : end])
        end -= width
    return os.path.join(cache_dir, *folders, digest)


class Nginx:
    """nginx's page cache: files deleted from FRONTEND_CACHE_NGINX_CACHE_DIR (nginx on this machine),
    and/or PURGE requests to FRONTEND_CACHE_NGINX_URL (nginx built with the cache-purge module)."""

    name = "nginx"

    def purge(self, urls):
        problems = []
        cache_dir, purge_url = settings.FRONTEND_CACHE_NGINX_CACHE_DIR, settings.FRONTEND_CACHE_NGINX_URL
        for url in urls:
            for encoding in NGINX_ENCODINGS:
                key = nginx_cache_key(encoding, url)
                if cache_dir:
                    path = nginx_cache_file(cache_dir, key, settings.FRONTEND_CACHE_NGINX_LEVELS)
                    attempt(problems, f"delete {path} ({key})", lambda path=path: self._delete(path))
                if purge_url:
                    parts = urlsplit(url)
                    query = f"?{parts.query}" if parts.query else ""
                    target = purge_url.rstrip("/") + (parts.path or "/") + query
                    headers = {"Host": parts.netloc, "Accept-Encoding": encoding}
                    attempt(problems, f"PURGE {target}", lambda t=target, h=headers: self._purge(t, h))
        return problems

    def purge_all(self):
        problems = []
        if settings.FRONTEND_CACHE_NGINX_CACHE_DIR:
            attempt(problems, "empty the cache folder", self._delete_all)
        if settings.FRONTEND_CACHE_NGINX_URL:
            # The cache-purge module's wildcard: every key that starts with "<encoding> <host>/".
            for base in settings.FRONTEND_CACHE_BASE_URLS:
                netloc = urlsplit(base).netloc
                for encoding in NGINX_ENCODINGS:
                    target = settings.FRONTEND_CACHE_NGINX_URL.rstrip("/") + "/*"
                    headers = {"Host": netloc, "Accept-Encoding": encoding}
                    attempt(problems, f"PURGE {target}", lambda t=target, h=headers: self._purge(t, h))
        return problems

    @staticmethod
    def _delete(path):
        with contextlib.suppress(FileNotFoundError):  # not cached: nothing to purge
            os.unlink(path)

    @staticmethod
    def _delete_all():
        for folder, _, files in os.walk(settings.FRONTEND_CACHE_NGINX_CACHE_DIR):
            for name in files:
                if NGINX_CACHE_FILE.match(name):
                    Nginx._delete(os.path.join(folder, name))

    @staticmethod
    def _purge(target, headers):
        status, _ = send("PURGE", target, headers=headers)
        if status not in (200, 204, 404):  # 404: the module had nothing under that key
            raise RuntimeError(f"answered {status}")


class Cloudflare:
    """Cloudflare's purge API: URLs in batches of 30 (its limit per call), or everything."""

    name = "cloudflare"
    BATCH = 30

    def purge(self, urls):
        problems = []
        for start in range(0, len(urls), self.BATCH):
            batch = urls[start : start + self.BATCH]
            what = f"{len(batch)} URL(s) from {batch[0]}"
            attempt(problems, what, lambda b=batch: self._post({"files": b}))
        return problems

    def purge_all(self):
        problems = []
        attempt(problems, "purge everything", lambda: self._post({"purge_everything": True}))
        return problems

    @staticmethod
    def _post(payload):
        url = f"{settings.CLOUDFLARE_API_URL.rstrip('/')}/zones/{settings.CLOUDFLARE_ZONE_ID}/purge_cache"
        headers = {
            "Authorization": f"Bearer {settings.CLOUDFLARE_API_TOKEN}",
            "Content-Type": "application/json",
        }
        status, body = send("POST", url, headers=headers, body=json.dumps(payload).encode())
        try:
            answer = json.loads(body or b"{}")
        except ValueError:
            answer = {}
        if status != 200 or not answer.get("success"):
            errors = "; ".join(str(e.get("message", e)) for e in answer.get("errors") or [])
            raise RuntimeError(f"Cloudflare answered {status}: {errors or 'no reason given'}")


class Fastly:
    """Fastly: a PURGE request per URL, or POST /service/<id>/purge_all to its API."""

    name = "fastly"

    def purge(self, urls):
        problems = []
        headers = self._key()
        for url in urls:
            attempt(problems, f"PURGE {url}", lambda u=url: self._check(send("PURGE", u, headers=headers)))
        return problems

    def purge_all(self):
        problems = []
        url = f"{settings.FASTLY_API_URL.rstrip('/')}/service/{settings.FASTLY_SERVICE_ID}/purge_all"
        headers = {**self._key(), "Accept": "application/json"}
        attempt(problems, "purge_all", lambda: self._check(send("POST", url, headers=headers)))
        return problems

    @staticmethod
    def _key():
        return {"Fastly-Key": settings.FASTLY_API_KEY}

    @staticmethod
    def _check(answer):
        status, body = answer
        if status != 200:
            raise RuntimeError(f"Fastly answered {status}: {body[:200].decode(errors='replace')}")


BACKENDS = {backend.name: backend for backend in (Nginx, Cloudflare, Fastly)}
