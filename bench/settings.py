"""The production settings plus what only `make bench` uses.

- One bare page (bench/urls.py). It shares the whole middleware stack and gunicorn with the real
  pages, so the ratios compare the application's work with Django's floor on the same machine and run.
- `BENCH_CACHE_OFF=1`: every Django cache is a DummyCache (nothing kept, a true cold render).
- `BENCH_COUNT_QUERIES=1`: every response carries `X-Bench-Queries`, the SQL queries it cost
  (bench/middleware.py), so the bench counts them on the real server with DEBUG off.
"""

import os

from soompi.settings import *  # noqa: F403
from soompi.settings import MIDDLEWARE, SILENCED_SYSTEM_CHECKS

ROOT_URLCONF = "bench.urls"

if os.environ.get("BENCH_CACHE_OFF") == "1":
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    # Rate limits count in the cache: with nothing kept they count nothing (fail open).
    SILENCED_SYSTEM_CHECKS = [*SILENCED_SYSTEM_CHECKS, "django_ratelimit.E003"]

if os.environ.get("BENCH_COUNT_QUERIES") == "1":
    MIDDLEWARE = ["bench.middleware.QueryCountMiddleware", *MIDDLEWARE]
