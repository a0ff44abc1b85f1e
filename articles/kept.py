"""Values read once per change and kept in the cache beside a version that every change bumps.

`read(name, compute)` gives the value stored under `name` when it was stored under the current
version of `name`, else computes it, stores it under that version and gives it. The version is
read before computing, so a value stored under it never misses a change that bumped it: a reader
never sees a value older than the last change committed before their request. `changed(name)`
bumps the version (`page_cache.bump`: now and, inside a transaction, once it commits). One round
trip reads both the version and the value.

Used for an article's reaction counts and vote counts (bumped by every reaction and vote) and the
small record of a listicle that reader pages and posts check (bumped with the content version).
Without a shared cache (no `REDIS_URL`) values are kept `PAGE_CACHE_SECONDS` at most
(`page_cache.kept_at_most`).
"""

from django.core.cache import cache
from django.db.models import Count

from . import page_cache

SECONDS = 24 * 3600  # a value nobody read for a day is dropped
MISSING = object()


def read(name, compute, *, version_key=None):
    """The value of `name` as of its current version (`version_key`, default `name:version`)."""
    version_key = version_key or f"{name}:version"
    found = cache.get_many([version_key, name])
    version, stored = found.get(version_key), found.get(name, MISSING)
    if version is None:
        version = page_cache.start(version_key)
    elif stored is not MISSING and stored[0] == version:
        return stored[1]
    value = compute()
    seconds = page_cache.kept_at_most(SECONDS)
    if version is not None and seconds > 0:
        cache.set(name, (version, value), timeout=seconds)
    return value


def changed(name):
    """What `name` is computed from changed: compute it again (`page_cache.bump`)."""
    page_cache.bump(f"{name}:version")


def choice_counts(model, field, listicle_id):
    """{`field` id: rows} of a readers' choice `model` (reactions, votes) on the listicle: one
    aggregate on its (listicle, `field`) index, so it equals the stored rows, made once per change."""

    def count():
        rows = model.objects.filter(listicle_id=listicle_id).order_by().values_list(f"{field}_id")
        return dict(rows.annotate(n=Count("id")))

    return read(_choices(model, listicle_id), count)


def choices_changed(model, listicle_id):
    """A reader's choice on the listicle was added, moved or taken back."""
    changed(_choices(model, listicle_id))


def choice_saved_or_deleted(sender, instance, **kwargs):
    choices_changed(sender, instance.listicle_id)


def _choices(model, listicle_id):
    return f"{model._meta.model_name}s:{listicle_id}"
