"""Version 1 of the read API, at `/api/v1/`: published content as JSON, for apps and partners.

Built with django-ninja: each operation's parameters and answer are typed (`api.schemas`,
`api.parameters`), checked on every request and answer, and published as the OpenAPI document at
`/api/v1/openapi.json`, browsable at `/api/v1/docs` (Swagger UI from ninja's own static files,
so the site's Content-Security-Policy holds there too).

Every answer is a public page (`articles.public.public_page`): the same bytes for every client,
`Cache-Control: public` with `PAGE_CACHE_SECONDS`, a strong `ETag` answering 304, no cookie and no
session read; nginx keeps it as it keeps pages. Every request counts toward the client's rate
limit (`api.limits`). Refusals are JSON `{"error": "<reason>"}` (a 422 adds `detail`, every problem
found), `private, no-store`: 400 for a cursor this API did not give, 404 for what readers cannot
see, 422 for a parameter outside its bounds, 429 past the rate limit.
"""

import json
from functools import reduce

from django.http import Http404
from ninja import NinjaAPI, Swagger
from ninja.errors import HttpError, ValidationError

from articles.public import public_page
from soompi.responses import private

from . import articles, knowledge_base, search
from .limits import rate_limited

DESCRIPTION = """Published Soompi articles, the dramas and actors they are about, and their tags.

Only what readers may see: an article is here once it is published and its publication time has
passed, exactly as on its page. Lists are paged with an opaque `cursor` (pass the `next_cursor` of
a page to get the next). Answers may be kept by any cache for a few seconds (`Cache-Control`) and
carry an `ETag`; send it back in `If-None-Match` to get `304 Not Modified`. Each client address may
make a limited number of requests a minute; past it, 429 with `Retry-After`."""


def compose(*decorators):
    return lambda view: reduce(lambda wrapped, decorate: decorate(wrapped), decorators, view)


api = NinjaAPI(
    title="Soompi read API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api-v1",
    openapi_url="/openapi.json",
    docs=Swagger(settings={"validatorUrl": None}),  # no badge fetched from a third party
    docs_url="/docs",
    docs_decorator=compose(public_page, rate_limited),
)
# "view" decorators wrap each operation before its parameters are read: the last added runs first.
api.add_decorator(public_page, mode="view")
api.add_decorator(rate_limited, mode="view")
api.add_router("", articles.router)
api.add_router("", knowledge_base.router)
api.add_router("", search.router)


def refusal(request, status, message, **extra):
    return private(api.create_response(request, {"error": message, **extra}, status=status))


@api.exception_handler(Http404)
def not_found(request, exc):
    return refusal(request, 404, str(exc) or "Not found.")


@api.exception_handler(HttpError)
def http_error(request, exc):
    return refusal(request, exc.status_code, exc.message)


@api.exception_handler(ValidationError)
def invalid_input(request, exc):
    errors = json.loads(json.dumps(exc.errors, default=str))
    first = errors[0] if errors else {}
    where = ".".join(str(part) for part in first.get("loc", ())[1:]) or "request"
    return refusal(request, 422, f"{where}: {first.get('msg', 'invalid')}.", detail=errors)


def no_such_address(request, rest=""):
    """Anything else under /api/: a JSON 404 pointing to the documentation."""
    return private(
        api.create_response(
            request, {"error": "There is no such address in the API: see /api/v1/docs."}, status=404
        )
    )
