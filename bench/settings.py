"""The production settings plus one bare page, for `make bench` only.

The bare view shares the whole middleware stack and gunicorn with the real pages, so the
ratios compare the application's work with Django's floor on the same machine and run.
"""

from soompi.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
