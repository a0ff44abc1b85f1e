"""The one cache inside Django: values computed once per change, under a version that changes bump.

`read(key, compute, version=name)` gives the value stored under `key` when it was stored under the
current version of `name`, else computes it, stores it and gives it. The version is read before
computing, so a value stored under it never misses a change that bumped it: a reader never sees a
value older than the last change committed before their request. `changed(name)` bumps it: now
and, inside a transaction, again once it commits (a value computed from the data in between would
otherwise be kept under the new version). One round trip reads both the version and the value
(`read_many`: of several values at once).

`gathered({key: version, ...})` makes the reads of one request one round trip when which of them
it needs shows only as it goes (the `me` request): inside it, `read` and `read_many` of those keys
are answered from one `get_many` of all their versions and values, made on entry, and what was
computed on a miss is stored with one `set_many` on leaving. The versions are still read before
anything is computed; a `changed` inside ends the gathering (later reads ask the cache again).

Versions are per article (`article:<id>`, `comments:<id>`...), so a comment on one article leaves
what is kept for the others alone. Nothing is kept longer than `PAGE_CACHE_SECONDS`: a change made
behind the application's back (SQL, a shell `update()`, `loaddata`), a write from a process with a
cache of its own (no `REDIS_URL`) or a read replica that lags is seen within that time, as public
pages are (`articles.public`).
"""

import time
from collections import defaultdict
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

from soompi.replicas import in_transaction

MISSING = object()


def _version_key(name):
    return f"version:{name}"


def _names(key, version):
    return version if isinstance(version, tuple) else (version or key,)


def _seconds(seconds):
    return settings.PAGE_CACHE_SECONDS if seconds is None else min(seconds, settings.PAGE_CACHE_SECONDS)


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
    gathering = _gathering.get()
    own = gathering is None or not all(gathering.has(key, version) for key, _, version in reads)
    if own:
        gathering = Gathering({key: version for key, _, version in reads})
    values = [gathering.read(key, compute, version, seconds) for key, compute, version in reads]
    if own:
        gathering.store()
    return values


class Gathering:
    """The reads of `read_many` and `gathered`: `reads` maps each key to its version names, whose
    versions and values are fetched with one `get_many` on creation."""

    def __init__(self, reads):
        self.reads = {key: _names(key, version) for key, version in reads.items()}
        version_keys = {_version_key(name) for names in self.reads.values() for name in names}
        self.found = cache.get_many([*version_keys, *self.reads])
        self.computed = defaultdict(dict)  # timeout: {key: (versions, value)}

    def has(self, key, version):
        return self.reads.get(key) == _names(key, version)

    def read(self, key, compute, version, seconds):
        version_keys = [_version_key(name) for name in _names(key, version)]
        for version_key in version_keys:
            if self.found.get(version_key) is None:
                self.found[version_key] = _start(version_key)
        current = tuple(self.found[version_key] for version_key in version_keys)
        stored = self.found.get(key, MISSING)
        if stored is not MISSING and stored[0] == current:
            return stored[1]
        value = compute()
        self.found[key] = (current, value)
        seconds = _seconds(seconds)
        if None not in current and seconds > 0:
            self.computed[seconds][key] = (current, value)
        return value

    def store(self):
        for seconds, values in self.computed.items():
            if len(values) == 1:
                ((key, value),) = values.items()
                cache.set(key, value, timeout=seconds)
            else:
                cache.set_many(values, timeout=seconds)
        self.computed.clear()


_gathering = ContextVar("versioned_gathering", default=None)


@contextmanager
def gathered(reads):
    """Within the block, `read` of the keys of `reads` ({key: version, as `read` takes it}) costs
    one cache round trip in all, and one more to store what was computed."""
    gathering = Gathering(reads)
    token = _gathering.set(gathering)
    try:
        yield
    finally:
        _gathering.reset(token)
    gathering.store()


def changed(*names):
    """What values kept under these versions were computed from changed: compute them again."""
    gathering = _gathering.get()
    if gathering is not None:  # what it read may be older than this change: read anew from here
        gathering.computed.clear()
        _gathering.set(None)

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
