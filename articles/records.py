"""The kept record of an article that readers' requests are checked against.

A reader's post (a reaction, a vote), the private `articles:me` answer and the confirm and done
steps need to know little of a listicle — whether it is live, at which address, what it lets
readers do — and ask it on every request: `record` reads that much once per change of the
article (`soompi.versioned`), and `live` checks it against the clock.
"""

from soompi import versioned
from soompi.responses import Refused

from .models import Listicle
from .page_invalidation import article_version

# What the article page's reader parts and the readers' posts read of a listicle: not its texts.
RECORD_FIELDS = (
    "id", "slug", "status", "publish_at", "numbering", "allow_reactions", "allow_comments", "poll_question",
)  # fmt: skip


def record(pk):
    """The read (`soompi.versioned.read_many`) of the listicle with this id, with `RECORD_FIELDS`
    only (any other field is read from the database when asked for), or None. Kept under the
    article's version: every write to the listicle bumps it, and a change behind the application's
    back shows within `PAGE_CACHE_SECONDS`."""

    def fetch():
        return Listicle.objects.filter(pk=pk).only(*RECORD_FIELDS).first()

    return f"listicle:{pk}", fetch, article_version(pk)


def live(listicle):
    """The listicle of a `record` if readers may see it; whether it is due is checked against the
    clock on each call, so a scheduled article appears at its time. Refused (404) otherwise."""
    if listicle is None or not listicle.is_live:
        raise Refused("There is no published article at this address.", status=404)
    return listicle


def published_listicle(pk):
    """The listicle readers may see with this id (`record`, `live`); Refused (404) otherwise."""
    (listicle,) = versioned.read_many(record(pk))
    return live(listicle)
