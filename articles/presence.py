"""Who has a listicle's change page open right now, and whether they have unsaved changes.

Each open change page reports itself about every half minute; a report lives for `LIFETIME`
seconds, so a closed tab drops out by itself. Reports are kept in Django's cache, which is
Redis when `REDIS_URL` is set, so every app server sees the same people. One cache entry per
listicle holds its open pages; two reports arriving at the same instant may drop one of them,
which the next report, half a minute later, puts back.
"""

import re
import time

from django.core.cache import cache

LIFETIME = 75  # seconds: two missed reports, then the page is taken as closed
PAGE_ID = re.compile(r"^[A-Za-z0-9-]{8,64}$")


def _key(listicle_id):
    return f"presence:listicle:{listicle_id}"


def _alive(pages, now):
    return {page: seen for page, seen in pages.items() if seen["until"] > now}


def report(listicle_id, user, *, page, unsaved):
    """Note that `user` has the listicle open in the browser tab `page` (unsaved changes or not)."""
    now = time.time()
    pages = _alive(cache.get(_key(listicle_id)) or {}, now)
    pages[page] = {
        "user": user.pk,
        "name": user.get_full_name() or user.get_username(),
        "unsaved": bool(unsaved),
        "until": now + LIFETIME,
    }
    cache.set(_key(listicle_id), pages, LIFETIME)


def leave(listicle_id, page):
    pages = cache.get(_key(listicle_id)) or {}
    if pages.pop(page, None) is not None:
        cache.set(_key(listicle_id), pages, LIFETIME)


def others(listicle_id, user, *, page=""):
    """Everyone else with the listicle open, one row per person, as [{"name", "unsaved", "you"}].

    The user's own other tabs count too ("you", in another tab): saving in one overtakes the other.
    """
    people = {}
    for tab, seen in _alive(cache.get(_key(listicle_id)) or {}, time.time()).items():
        if tab == page:
            continue
        key = (seen["user"], seen["user"] == user.pk)
        row = people.setdefault(key, {"name": seen["name"], "unsaved": False, "you": key[1]})
        row["unsaved"] = row["unsaved"] or seen["unsaved"]
    return sorted(people.values(), key=lambda row: (row["you"], row["name"].lower()))
