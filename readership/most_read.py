"""The "Most read this week" rail on the home page and under articles: the same for every reader.

The articles most viewed over the last `RAIL_DAYS` days (today included), as the database has them
(`ArticleDailyViews`, written by the flush). Kept inside Django under the `most-read` version
(`soompi.versioned`: no query while kept), which a listicle's write bumps (it may have been
unpublished or retitled) and so does a flush whose counts changed the rail; such a flush also
purges every page from the caches in front of the site (`page_invalidation.pages_updated` for
every page), since every article page and the home page show the rail. A flush that changed
nothing shown (no views, or none among the rail's) purges nothing.
"""

from django.core.cache import cache
from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone

from articles.models import Listicle
from articles.page_invalidation import pages_updated
from soompi import versioned

from .models import ArticleDailyViews

VERSION = "most-read"
KEY = "readership:most-read"
SHOWN_KEY = "readership:most-read-shown"  # the rail as the last flush announced it
RAIL_DAYS = 7
RAIL_SIZE = 5


def compute():
    """[{"title", "url", "views"}] of the `RAIL_SIZE` published articles most viewed this week: one query."""
    since = timezone.localdate() - timezone.timedelta(days=RAIL_DAYS - 1)
    rows = (
        ArticleDailyViews.objects.filter(day__gte=since, listicle__in=Listicle.objects.published())
        .values("listicle_id", "listicle__title", "listicle__slug")
        .annotate(total=Sum("views"))
        .filter(total__gt=0)
        .order_by("-total", "listicle_id")[:RAIL_SIZE]
    )
    return [
        {
            "title": row["listicle__title"],
            "url": reverse(
                "articles:detail", kwargs={"pk": row["listicle_id"], "slug": row["listicle__slug"]}
            ),
            "views": row["total"],
        }
        for row in rows
    ]


def rail():
    """The rail as kept (`compute` once per change)."""
    return versioned.read(KEY, compute, version=VERSION)


def listicle_written(sender, instance, **kwargs):
    versioned.changed(VERSION)


def views_written():
    """A flush wrote views: if the rail readers see changed, read it again and purge every page."""
    shown = compute()
    if cache.get(SHOWN_KEY) == shown:
        return
    versioned.changed(VERSION)
    cache.set(SHOWN_KEY, shown, timeout=None)
    pages_updated.send(sender=ArticleDailyViews, listicle_ids=[])
