"""What readers get while the database is unreachable: a friendly 503 with `Retry-After`, not a 500.

PostgreSQL restarting, failing over or refusing connections raises `OperationalError` (or
`InterfaceError` on a connection that died under the request). Nothing is wrong with the request,
so the answer is 503 "try again shortly", which load balancers and crawlers understand as temporary.
The site recovers by itself: persistent connections are health-checked before reuse
(`CONN_HEALTH_CHECKS`), and a request after the outage opens a fresh one.

`DatabaseOutageMiddleware` answers for errors raised in views and templates; `server_error` (the
site's `handler500`) answers for those raised elsewhere, in another middleware for example.

A reader's write is either answered or undone (`answered_or_undone`): a POST view runs in one
transaction, so when the database fails after the row is written but before the answer is ready
(counting the reactions, rendering the new comment), the row goes with the 503 and trying again is
safe; a reader told "try again" must never find that their click counted, or undid itself.
"""

import logging
import sys
from functools import wraps

from django.conf import settings
from django.db import InterfaceError, OperationalError, transaction
from django.http import HttpResponse
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)

OUTAGE_ERRORS = (OperationalError, InterfaceError)


def outage_response():
    """The 503 page; renders without the database (no session, no user, no query)."""
    response = HttpResponse(render_to_string("503.html"), status=503)
    response["Retry-After"] = str(settings.OUTAGE_RETRY_AFTER)
    response["Cache-Control"] = "no-store"
    return response


def answered_or_undone(view):
    """Run a view's POST in one transaction: what it writes commits only with its answer."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method != "POST":
            return view(request, *args, **kwargs)
        with transaction.atomic():
            return view(request, *args, **kwargs)

    return wrapper


class DatabaseOutageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, OUTAGE_ERRORS):
            logger.warning("Database unavailable, answering 503 to %s: %s", request.path, exception)
            return outage_response()
        return None


def server_error(request):
    """`handler500`: 503 while the database is down, else the site's 500 page."""
    exception = sys.exc_info()[1]
    if isinstance(exception, OUTAGE_ERRORS):
        return outage_response()
    return HttpResponse(render_to_string("500.html"), status=500)
