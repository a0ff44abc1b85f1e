"""Answers any view gives: private responses, refusals with their reason, 303s, allowed methods.

A refusal (`refuse`, or a `Refused` raised and answered by `refused`) answers JSON
(`{"error": "..."}`) to a script that asks for JSON, otherwise a short page with the reason and a
link back (`articles/refused.html`); either is private.
"""

from functools import wraps

from django.http import HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.utils.cache import patch_cache_control


def wants_json(request):
    return request.get_preferred_type(["text/html", "application/json"]) == "application/json"


def private(response):
    """Mark a response that holds one reader's view: never stored by a shared cache."""
    if "Cache-Control" in response:
        patch_cache_control(response, private=True, no_store=True)
    else:  # what `patch_cache_control` writes on a response without one, without parsing it
        response.headers["Cache-Control"] = "private, no-store"
    return response


def see_other(url):
    """303: after a post, the browser goes back with a GET."""
    response = HttpResponseRedirect(url)
    response.status_code = 303
    return response


class Refused(Exception):
    """A reader's request that cannot be taken: the `status` and one-line `message` to answer with
    (`refused`); `finish(response)`, when given, adds what that answer must also do (clear a forged
    cookie, say)."""

    def __init__(self, message, status=400, *, finish=None):
        super().__init__(message)
        self.message = message
        self.status = status
        self.finish = finish or (lambda response: response)


def refused(request, refusal, *, json=None):
    """The answer to a `Refused`: its status and message, finished as it asks."""
    return refusal.finish(refuse(request, refusal.status, refusal.message, json=json))


def refuse(request, status, message, *, json=None):
    if json or (json is None and wants_json(request)):
        response = JsonResponse({"error": message}, status=status)
    else:
        response = render(
            request, "articles/refused.html", {"status": status, "message": message}, status=status
        )
    return private(response)


def only(*methods, json=False):
    """A view that answers these methods only (HEAD with GET); any other answers 405 with the
    reason, the `Allow` header and `no-store`, as JSON when `json` or when the client asks for it."""
    allowed = [*methods, "HEAD"] if "GET" in methods and "HEAD" not in methods else list(methods)
    message = "This address only answers " + " or ".join(methods) + "."

    def decorate(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.method not in allowed:
                response = refuse(request, 405, message, json=json or None)
                response["Allow"] = ", ".join(allowed)
                return response
            return view(request, *args, **kwargs)

        return wrapper

    return decorate
