"""The API's per-address rate limit: `API_RATE_PER_IP` requests a minute from one client address,
counted by django-ratelimit in Django's cache (Redis when `REDIS_URL` is set, so every app server
counts together), as reactions and votes are (`articles.reader_posts`).

The address is the client's as the trusted proxies vouch for it (`soompi.client_ip`, through
`RATELIMIT_IP_META_KEY`): behind deploy/nginx.conf, the reader's own, never nginx's. Past the
limit the answer is 429 with `Retry-After` (the seconds left in the minute) and `private, no-store`,
so neither a browser nor nginx keeps it. What nginx serves from its page cache never reaches the
app and is not counted: the limit bounds the work a client can make the app servers do.
"""

from functools import wraps

from django.conf import settings
from django.http import JsonResponse
from django_ratelimit.core import get_usage

from soompi.responses import private

GROUP = "api.reads"


def seconds_to_wait(request):
    """How long this client must wait before its next request, or 0; counts this one."""
    per_minute = settings.API_RATE_PER_IP
    if not per_minute:
        return 0
    usage = get_usage(request, group=GROUP, key="ip", rate=f"{per_minute}/m", increment=True)
    if usage and usage["should_limit"]:
        return max(usage["time_left"], 1)
    return 0


def rate_limited(view):
    """`view`, answering 429 with `Retry-After` once the client is over the limit."""

    @wraps(view)
    def limited(request, *args, **kwargs):
        wait = seconds_to_wait(request)
        if wait:
            message = f"Too many requests from this address: try again in {wait} seconds."
            response = private(JsonResponse({"error": message}, status=429))
            response["Retry-After"] = str(wait)
            return response
        return view(request, *args, **kwargs)

    return limited
