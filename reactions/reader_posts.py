"""The frame around a reader's post (a reaction, a vote): method, identity, rate limits, refusals.

`reader_post` wraps a view `view(request, reader, **kwargs)`:

- anything but POST answers 405 (CSRF is checked before, by Django's middleware: 403);
- a forged reader cookie answers 400 and is cleared;
- more posts than `settings.READER_POST_RATE` per reader or `READER_POST_RATE_PER_IP` per address
  answer 429 with `Retry-After` (django-ratelimit, counting in Django's cache: Redis when
  `REDIS_URL` is set);
- a `Refused` (`soompi.responses`) raised by the view answers its status with its one-line message;
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

from soompi.outages import answered_or_undone
from soompi.responses import Refused, refuse, refused, wants_json

from . import readers

GROUP = "articles.reader-posts"


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
            return refused(request, error)
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
            return refused(request, refusal)
        return readers.remember(response, reader)

    return wrapper
