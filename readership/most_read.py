"""The "Most read this week" rail on the home page and under articles: the same for every reader.

The articles most viewed over the last `RAIL_DAYS` days (today included), as the database has them
(`ArticleDailyViews`). The rail is worked out by the writers, never by a reader's page: each views
flush (`readership.flush`, every `READERSHIP_FLUSH_SECONDS`) and each write of a listicle the rail
shows (it may have been unpublished, retitled or deleted) read it again with one query and keep it
in the cache with no expiry, so a page shows it with no query at all (the article page's cold
render keeps its query budget). When what it shows changed, every page is purged from the caches in
front of the site (`page_invalidation.pages_updated` for every page): the home page and every
article show it. A flush that changed nothing shown purges nothing. Should the cache lose it (a
Redis restart), pages go without the rail until the next flush, at most `READERSHIP_FLUSH_SECONDS`
later.
"""

from datetime import timedelta

from django.core.cache import cache
from django.db import transaction
from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone

from articles.models import Listicle
from articles.page_invalidation import pages_updated

from .models import ArticleDailyViews

KEY = "readership:most-read"
RAIL_DAYS = 7
RAIL_SIZE = 5


def compute():
    """[{"id", "title", "url", "views"}] of the `RAIL_SIZE` published articles most viewed this week:
    one query."""
    since = timezone.localdate() - timedelta(days=RAIL_DAYS - 1)
    rows = (
        ArticleDailyViews.objects.filter(day__gte=since, listicle__in=Listicle.objects.published())
        .values("listicle_id", "listicle__title", "listicle__slug")
        .annotate(total=Sum("views"))
        .filter(total__gt=0)
        .order_by("-total", "listicle_id")[:RAIL_SIZE]
    )
    return [
        {
            "id": row["listicle_id"],
            "title": row["listicle__title"],
            "url": reverse("articles:detail", args=[row["listicle_id"], row["listicle__slug"]]),
            "views": row["total"],
        }
        for row in rows
    ]


def rail():
    """The rail as last worked out ([] before anything was read, or while the cache lost it)."""
    return cache.get(KEY) or []


def refresh():
    """Work the rail out again; when it changed, keep it and purge every page. Whether it changed."""
    shown = compute()
    stored = cache.get(KEY)
    if stored != shown:
        cache.set(KEY, shown, timeout=None)
    if (stored or []) == shown:  # a rail the cache lost was shown as none
        return False
    pages_updated.send(sender=ArticleDailyViews, listicle_ids=[])
    return True


def listicle_written(sender, instance, **kwargs):
    """A listicle on the rail saved or deleted: unpublished, retitled or gone, the rail says so at once."""
    if any(item["id"] == instance.pk for item in rail()):
        transaction.on_commit(refresh)
