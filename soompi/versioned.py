"""The one cache inside Django: values computed once per change, under a version that changes bump.

`read(key, compute, version=name)` gives the value stored under `key` when it was stored under the
current version of `name`, else computes it, stores it and gives it. The version is read before
computing, so a value stored under it never misses a change that bumped it: a reader never sees a
value older than the last change committed before their request. `changed(name)` bumps it: now
and, inside a transaction, again once it commits (a value computed from the data in between would
otherwise be kept under the new version). One round trip reads both the version and the value
(`read_many`: of several values at once).

Versions are per article (`article:<id>`, `comments:<id>`...), so a comment on one article leaves
what is kept for the others alone. Nothing is kept longer than `PAGE_CACHE_SECONDS`: a change made
behind the application's back (SQL, a shell `update()`, `loaddata`), a write from a process with a
cache of its own (no `REDIS_URL`) or a read replica that lags is seen within that time, as public
pages are (`articles.public`).
"""

import time

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

from soompi.replicas import in_transaction

MISSING = object()


def _version_key(name):
    return f"version:{name}"


def _start(version_key):
    """A missing version (new, or evicted), started from the clock: newer than any value it had."""
    cache.add(version_key, time.time_ns(), timeout=None)
    return cache.get(version_key)


def read(key, compute, *, version=None, seconds=None):
    """The value of `key` as of the current version of `version` (default: `key` itself); a tuple
    of names keeps the value until any of them changes."""
    (value,) = read_many((key, compute, version), seconds=seconds)
    return value


def read_many(*reads, seconds=None):
    """The values of several `(key, compute, version)` reads, as `read` gives each, with one
    round trip for all their versions and values (and one more to store those computed)."""
    wanted = []
    for key, _, version in reads:
        names = version if isinstance(version, tuple) else (version or key,)
        wanted.append((key, [_version_key(name) for name in names]))
    found = cache.get_many([name for key, version_keys in wanted for name in (*version_keys, key)])
    seconds = settings.PAGE_CACHE_SECONDS if seconds is None else min(seconds, settings.PAGE_CACHE_SECONDS)
    values, computed = [], {}
    for (key, compute, _), (_, version_keys) in zip(reads, wanted, strict=True):
        current = tuple(found.get(version_key) for version_key in version_keys)
        stored = found.get(key, MISSING)
        if None in current:
            current = tuple(
                _start(version_key) if stamp is None else stamp
                for version_key, stamp in zip(version_keys, current, strict=True)
            )
        elif stored is not MISSING and stored[0] == current:
            values.append(stored[1])
            continue
        value = compute()
        if None not in current and seconds > 0:
            computed[key] = (current, value)
        values.append(value)
    if len(computed) == 1:
        ((key, stored),) = computed.items()
        cache.set(key, stored, timeout=seconds)
    elif computed:
        cache.set_many(computed, timeout=seconds)
    return values


def changed(*names):
    """What values kept under these versions were computed from changed: compute them again."""

    def bump():
        for name in names:
            if hasattr(cache, "incr_or_start"):  # Redis (soompi.cache): one round trip
                cache.incr_or_start(_version_key(name), time.time_ns())
                continue
            try:
                cache.incr(_version_key(name))
            except ValueError:
                _start(_version_key(name))

    bump()
    if in_transaction():
        transaction.on_commit(bump)
