"""Who has a listicle's change page open right now, and whether they have unsaved changes.

Each open change page reports itself every `EVERY` seconds, and again when its tab comes back
into view; a report lives for `LIFETIME` seconds, so a closed tab drops out by itself. A page
open read-only (a writer looking at an article they may no longer change) is present too, as
reading: its reader sees who is editing, and the editors see who is looking. Reports are kept
in Django's cache, which is Redis when `REDIS_URL` is set, so every app server sees the same
people. One cache entry per listicle holds its open pages; two reports arriving at the same
instant may drop one of them, which the next report, seconds later, puts back.
"""

import re
import time

from django.core.cache import cache

EVERY = 10  # seconds between a page's reports (static/newsroom/admin/presence.js reads it)
LIFETIME = 35  # seconds: three missed reports, then the page is taken as closed
PAGE_ID = re.compile(r"^[A-Za-z0-9-]{8,64}$")


def _key(listicle_id):
    return f"presence:listicle:{listicle_id}"


def _alive(pages, now):
    return {page: seen for page, seen in pages.items() if seen["until"] > now}


def report(listicle_id, user, *, page, unsaved, reading=False):
    """Note that `user` has the listicle open in the browser tab `page`: editing it, with unsaved
    changes or not, or `reading` it only."""
    now = time.time()
    pages = _alive(cache.get(_key(listicle_id)) or {}, now)
    pages[page] = {
        "user": user.pk,
        "name": user.get_full_name() or user.get_username(),
        "unsaved": bool(unsaved) and not reading,
        "reading": bool(reading),
        "until": now + LIFETIME,
    }
    cache.set(_key(listicle_id), pages, LIFETIME)


def leave(listicle_id, page):
    pages = cache.get(_key(listicle_id)) or {}
    if pages.pop(page, None) is not None:
        cache.set(_key(listicle_id), pages, LIFETIME)


def others(listicle_id, user, *, page=""):
    """Everyone else with the listicle open, one row per person, as [{"name", "unsaved", "reading",
    "you"}]; a person reads only if none of their pages can edit.

    The user's own other tabs count too ("you", in another tab): saving in one overtakes the other.
    """
    people = {}
    for tab, seen in _alive(cache.get(_key(listicle_id)) or {}, time.time()).items():
        if tab == page:
            continue
        key = (seen["user"], seen["user"] == user.pk)
        row = people.setdefault(key, {"name": seen["name"], "unsaved": False, "reading": True, "you": key[1]})
        row["unsaved"] = row["unsaved"] or seen["unsaved"]
        row["reading"] = row["reading"] and seen.get("reading", False)
    return sorted(people.values(), key=lambda row: (row["you"], row["name"].lower()))
