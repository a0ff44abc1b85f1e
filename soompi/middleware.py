"""Request checks that belong to the whole site rather than to one view."""

from django.http import HttpResponseBadRequest
from django.template.loader import render_to_string

NUL_REASON = "The address contains a NUL character (%00), which no page or search accepts."


class RejectNulCharactersMiddleware:
    """Answer 400 to a query string carrying a NUL character.

    PostgreSQL cannot hold NUL in text, so a search such as `?q=%00` would otherwise fail deep in
    a query (the admin's changelist and autocomplete searches included). Form fields already
    refuse NUL with a message; query strings have no form in front of them.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if any("\x00" in key + "".join(values) for key, values in request.GET.lists()):
            page = render_to_string("400.html", {"reason": NUL_REASON}, request=request)
            return HttpResponseBadRequest(page)
        return self.get_response(request)
