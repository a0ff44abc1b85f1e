"""The frame around a reader's post (a reaction, a vote): method, identity, rate limits, refusals.

`reader_post` wraps a view `view(request, reader, **kwargs)`:

- anything but POST answers 405 (CSRF is checked before, by Django's middleware: 403);
- a forged reader cookie answers 400 and is cleared;
- more posts than `settings.READER_POST_RATE` per reader or `READER_POST_RATE_PER_IP` per address
  answer 429 with `Retry-After` (django-ratelimit, counting in Django's cache: Redis when
  `REDIS_URL` is set);
- a `choices.Refused` raised by the view answers its status with its one-line message;
- a view answering JSON runs in one transaction (`soompi.outages.answered_or_undone`): a database
  failure before its answer is ready undoes the post instead of leaving it counted behind a 503
  (a view may keep that promise itself: `one_transaction=False`);
- a new anonymous reader gets their cookie with the response, and only when the post was taken.

Refusals answer JSON (`{"error": "..."}`) to a script that asks for JSON, otherwise a short page
with the reason and a link back.
"""

from functools import partial, wraps

from django.conf import settings
from django_ratelimit.core import get_usage

from soompi import versioned
from soompi.outages import answered_or_undone
from soompi.responses import refuse, wants_json

from . import readers
from .choices import Refused
from .models import Listicle
from .page_invalidation import article_version

GROUP = "articles.reader-posts"


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


def seconds_to_wait(request, reader):
    """How long `reader` must wait before posting again, or 0; counts this post."""
    limits = [
        ("ip", "ip", settings.READER_POST_RATE_PER_IP),
        ("reader", lambda group, request: reader.rate_key(), settings.READER_POST_RATE),
    ]
    wait = 0
    for name, key, rate in limits:
        usage = get_usage(request, group=f"{GROUP}:{name}", key=key, rate=rate, increment=True)
        if usage and usage["should_limit"]:
            wait = max(wait, usage["time_left"], 1)
    return wait


def reader_post(view=None, *, one_transaction=True):
    """The frame above around `view`; `one_transaction=False` for a view that keeps the answered
    or undone promise itself (`views.react`: a new reader's post is one statement)."""
    if view is None:
        return partial(reader_post, one_transaction=one_transaction)

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method != "POST":
            response = refuse(request, 405, "This address only takes a POST from the article's buttons.")
            response["Allow"] = "POST"
            return response
        try:
            reader = readers.identify(request, create=True)
        except readers.TamperedCookie as error:
            return readers.forget(refuse(request, 400, str(error)))
        wait = seconds_to_wait(request, reader)
        if wait:
            response = refuse(request, 429, f"Too many posts in a short time: try again in {wait} seconds.")
            response["Retry-After"] = str(wait)
            return response
        try:
            # A post answered with its counts (JSON) reads them after writing: in one transaction,
            # so a failure there undoes the write. A redirect reads nothing after it.
            run = answered_or_undone(view) if one_transaction and wants_json(request) else view
            response = run(request, reader, *args, **kwargs)
        except Refused as refusal:
            return refuse(request, refusal.status, refusal.message)
        return readers.remember(response, reader)

    return wrapper
