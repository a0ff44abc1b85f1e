"""Request checks and response headers that belong to the whole site rather than to one view."""

from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.middleware import CheckableLazyObject, CSPMiddleware
from csp.utils import build_policy
from django.conf import settings
from django.core.signals import setting_changed
from django.db import DatabaseError
from django.http import HttpResponse, HttpResponseBadRequest, JsonResponse
from django.template.defaultfilters import filesizeformat
from django.template.loader import render_to_string
from django.utils.cache import patch_cache_control

from .responses import private, wants_json

NUL_REASON = "The address contains a NUL character (%00), which no page or search accepts."


class RejectNulCharactersMiddleware:
    """Answer 400 to a query string carrying a NUL character.

    PostgreSQL cannot hold NUL in text, so a search such as `?q=%00` would otherwise fail deep in
    a query (the admin's changelist and autocomplete searches included). Form fields already
    refuse NUL with a message; query strings have no form in front of them. A client that asks for
    JSON (the read API's) gets the reason as JSON, `{"error": "..."}`.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if any("\x00" in key + "".join(values) for key, values in request.GET.lists()):
            if wants_json(request):
                return private(JsonResponse({"error": NUL_REASON}, status=400))
            page = render_to_string("400.html", {"reason": NUL_REASON}, request=request)
            return HttpResponseBadRequest(page)
        return self.get_response(request)


# What a view's django-csp decorators leave on its response: such a response is built as django-csp does.
VIEW_PARTS = tuple(f"_csp_{part}{ro}" for part in ("config", "update", "replace") for ro in ("", "_ro"))
SENT = (
    (False, HEADER, "_csp_exempt", "CONTENT_SECURITY_POLICY"),
    (True, HEADER_REPORT_ONLY, "_csp_exempt_ro", "CONTENT_SECURITY_POLICY_REPORT_ONLY"),
)
_built = {}


def _site_policy(report_only, admin):
    """The header django-csp builds from the settings (the admin's: `ADMIN_CSP`), once per change of
    them."""
    key = (report_only, admin)
    if key not in _built:
        _built[key] = build_policy(config=settings.ADMIN_CSP if admin else None, report_only=report_only)
    return _built[key]


def _forget_policies(*, setting, **kwargs):
    if setting.startswith("CONTENT_SECURITY_POLICY") or setting == "ADMIN_CSP":
        _built.clear()


setting_changed.connect(_forget_policies, dispatch_uid="soompi.middleware.forget_policies")


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, sending `settings.ADMIN_CSP` on the admin's pages.

    Every other response gets the policy of the `CONTENT_SECURITY_POLICY` setting (or its
    report-only twin), unless a view set its own with one of django-csp's decorators. A page is
    the admin's when its URL resolved into the admin site's namespace, wherever the site is
    mounted.
    """

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if parts.config is None and self._is_admin(request, report_only):
            parts.config = settings.ADMIN_CSP
        return parts

    @staticmethod
    def _is_admin(request, report_only):
        setting = "CONTENT_SECURITY_POLICY_REPORT_ONLY" if report_only else "CONTENT_SECURITY_POLICY"
        match = getattr(request, "resolver_match", None)
        return bool(getattr(settings, setting, None) and match and "admin" in match.app_names)

    def process_response(self, request, response):
        """django-csp's, with the header of a response that takes the site's policy as it is (no
        view's decorator, no nonce: every reader page and answer) built once per policy rather than
        twice per response (enforced and report-only, ~25 µs each)."""
        if getattr(request, "_csp_nonce", None) is not None or any(hasattr(response, a) for a in VIEW_PARTS):
            return super().process_response(request, response)
        if response.status_code in (500, 404) and settings.DEBUG:
            return response  # as django-csp: Django's debug pages keep their inline code
        for report_only, header, exempt, setting in SENT:
            csp = _site_policy(report_only, self._is_admin(request, report_only))
            if csp and header not in response and getattr(response, exempt, False) is False:
                prefixes = (getattr(settings, setting, None) or {}).get("EXCLUDE_URL_PREFIXES", None) or ()
                if not request.path_info.startswith(tuple(prefixes)):
                    response[header] = csp
        request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
        return response


class RequestBodyLimitMiddleware:
    """Answer 413 before reading a body larger than the client may send.

    A visitor who is not signed in posts small forms only (a reaction, a vote, a sign-in), so a
    body over `settings.ANONYMOUS_MAX_BODY_SIZE` is refused from its `Content-Length` alone: a
    300 MB upload to the admin's login page costs nothing. Signed-in users (editors uploading
    images) may send up to `settings.MAX_BODY_SIZE`. nginx caps bodies first
    (`client_max_body_size` in deploy/nginx.conf); this is the same rule behind any proxy.
    Who is signed in is read from the session, which never touches the body.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return HttpResponseBadRequest("Content-Length is not a number.\n", content_type="text/plain")
        if length > settings.ANONYMOUS_MAX_BODY_SIZE:
            limit = (
                settings.MAX_BODY_SIZE if request.user.is_authenticated else settings.ANONYMOUS_MAX_BODY_SIZE
            )
            if length > limit:
                return request_too_large(limit)
        return self.get_response(request)


def request_too_large(limit):
    response = HttpResponse(
        f"This request is too large: at most {filesizeformat(limit)} may be sent here.\n",
        status=413,
        content_type="text/plain; charset=utf-8",
    )
    response["Connection"] = "close"
    return response


class PrivateForSignedInMiddleware:
    """`Cache-Control: private` on what is rendered for a signed-in user, unless the view said more.

    A page for a signed-in reader may hold their name, their email addresses or their own choices;
    no shared cache (nginx, a CDN, a company proxy) may keep it for someone else. A response the view
    already marked `public` (the same bytes for everyone), `private` or `no-store` is left as it is.
    Anonymous readers' pages, and the page cache that serves them, are not touched: whether someone
    is signed in is only asked of a request that carries a session.
    """

    MARKS = ("public", "private", "no-store")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        cache_control = response.get("Cache-Control", "")
        if any(mark in cache_control for mark in self.MARKS):
            return response
        if settings.SESSION_COOKIE_NAME not in request.COOKIES:
            return response
        try:
            signed_in = request.user.is_authenticated
        except DatabaseError:
            return response  # the database went away: the outage answer is already no-store
        if signed_in:
            patch_cache_control(response, private=True)
        return response
