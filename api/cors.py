"""Cross-origin reads of the read API: a page on any site may fetch `/api/` answers from the
reader's browser.

The API is public and read-only, and sends nothing that depends on a cookie or the caller, so
every answer under `/api/` carries `Access-Control-Allow-Origin: *` (the same bytes for every
origin, so caches need no `Vary: Origin`) and exposes the headers a client needs to cache and back
off (`ETag`, `Retry-After`). A preflight (`OPTIONS` with `Access-Control-Request-Method`) is
answered here with 204, before any view: GET and HEAD only, the conditional request headers, kept
by the browser for a day. Credentials are never allowed: a `*` origin forbids them anyway.
"""

from django.http import HttpResponse

PREFIX = "/api/"
ALLOWED_METHODS = "GET, HEAD"
ALLOWED_HEADERS = "Accept, Accept-Language, Content-Language, If-None-Match, If-Modified-Since"
EXPOSED_HEADERS = "ETag, Retry-After, Content-Language"
PREFLIGHT_SECONDS = 86400


class CrossOriginReadsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith(PREFIX):
            return self.get_response(request)
        if request.method == "OPTIONS" and "HTTP_ACCESS_CONTROL_REQUEST_METHOD" in request.META:
            response = HttpResponse(status=204)
            response["Access-Control-Allow-Methods"] = ALLOWED_METHODS
            response["Access-Control-Allow-Headers"] = ALLOWED_HEADERS
            response["Access-Control-Max-Age"] = str(PREFLIGHT_SECONDS)
        else:
            response = self.get_response(request)
            response["Access-Control-Expose-Headers"] = EXPOSED_HEADERS
        response["Access-Control-Allow-Origin"] = "*"
        return response
