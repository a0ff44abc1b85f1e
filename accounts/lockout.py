"""What a locked-out sign-in answers (django-axes' `AXES_LOCKOUT_CALLABLE`): 429 with `Retry-After` in
seconds, and a page (or JSON, to a script) that says in words how long to wait.

A failure during the lock-out starts the cool-off again (axes' default), so the wait is always the
whole `AXES_COOLOFF_TIME`.
"""

from axes.helpers import get_cool_off
from django.http import JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.timesince import timeuntil

TEMPLATE = "accounts/locked_out.html"


def wait_in_words(cool_off):
    """ "15 minutes", "1 hour": how a person says the cool-off."""
    now = timezone.now()
    return timeuntil(now + cool_off, now, depth=2).replace("\xa0", " ")


def lockout_response(request, original_response=None, credentials=None):
    cool_off = get_cool_off(request)
    seconds = max(1, int(cool_off.total_seconds())) if cool_off else None
    wait = wait_in_words(cool_off) if cool_off else None
    message = f"Too many failed sign-ins. Try again in {wait}." if wait else "Too many failed sign-ins."
    if request.META.get(
        "HTTP_X_REQUESTED_WITH"
    ) == "XMLHttpRequest" or "application/json" in request.headers.get("Accept", ""):
        response = JsonResponse({"error": message, "retry_after": seconds}, status=429)
    else:
        response = render(request, TEMPLATE, {"wait": wait}, status=429)
    if seconds:
        response["Retry-After"] = str(seconds)
    response["Cache-Control"] = "private, no-store"
    return response
