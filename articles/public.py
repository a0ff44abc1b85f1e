"""Public pages: the same bytes for every reader, so any HTTP cache may keep them.

Article, home, tag, author, drama and actor pages, the feeds and the sitemap are rendered without
anything of the reader's: no CSRF token, no cookie, no session read (so no `Vary: Cookie`), no
name in the header, no one-time messages. What is a reader's own (their reaction and vote, their
name, the comment form, their likes and flags, fresh counts) comes from one small private request
per page view (`articles:me`, `accounts:me`), made by `static/js/reader.js`.

`public_page(view)` marks the request before the view runs (`request.public_page`: templates
leave the reader's parts out, `base.html` and `includes/header.html` among them) and sends what
the view answered with::

    Cache-Control: public, max-age=PAGE_CACHE_SECONDS, s-maxage=PAGE_CACHE_SECONDS,
                   stale-while-revalidate=STALE_SECONDS
    ETag: "<sha256 of the body>"        (strong: the same bytes, whatever the Accept-Encoding)

and answers `304 Not Modified` to a matching `If-None-Match`. nginx (`deploy/nginx.conf`) keeps
the page, revalidates it with that ETag once it expires, and is told of edits at once through
`frontend_cache` purges; a change made behind the application's back (SQL, a shell `update()`)
shows within `PAGE_CACHE_SECONDS`.
"""

import hashlib
from functools import wraps

from django.conf import settings
from django.utils.cache import get_conditional_response, patch_cache_control

STALE_SECONDS = 30


def shareable(response):
    """A response any cache may keep: a complete 200 that sets no cookie and is nobody's own."""
    cache_control = response.get("Cache-Control", "")
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and "private" not in cache_control
        and "no-store" not in cache_control
    )


def read_the_session(request):
    """Whether the view read the session, so that its page varies by cookie (SessionMiddleware adds
    `Vary: Cookie` after the view): deploy/nginx.conf keys pages by address and encoding alone and
    ignores Vary, so such a page is never marked public."""
    session = getattr(request, "session", None)
    return bool(session is not None and session.accessed)


def etag_of(content):
    return '"' + hashlib.sha256(content).hexdigest()[:32] + '"'


def public_page(view):
    """Serve `view` as a public page (see the module's docstring)."""

    @wraps(view)
    def public_view(request, *args, **kwargs):
        request.public_page = True
        response = view(request, *args, **kwargs)
        if hasattr(response, "render") and callable(response.render):
            response.render()
        if request.method not in ("GET", "HEAD") or not shareable(response) or read_the_session(request):
            return response
        seconds = settings.PAGE_CACHE_SECONDS
        if seconds <= 0:
            patch_cache_control(response, no_cache=True)
        else:
            patch_cache_control(
                response,
                public=True,
                max_age=seconds,
                s_maxage=seconds,
                stale_while_revalidate=STALE_SECONDS,
            )
        response["ETag"] = etag_of(response.content)
        return get_conditional_response(request, etag=response["ETag"], response=response)

    return public_view
