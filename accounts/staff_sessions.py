"""Staff sessions last a working day; readers keep theirs for weeks.

A staff account's session ends `STAFF_SESSION_HOURS` after it signed in, however busy it was since:
an absolute end (`set_expiry` with a time, not a number of seconds, which Django would count again
from each change to the session), and the cookie the browser keeps ends with it. Readers keep
Django's `SESSION_COOKIE_AGE` (two weeks), or their browser's session when they did not ask to be
remembered.

The end is set when the account signs in (`user_logged_in`, whichever step completes the sign-in),
and once more after allauth's sign-in form has applied its own "Remember me" choice, which it does
after a sign-in that needed no second step (`accounts.sign_in.SignInForm`).
"""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.utils import timezone


def end_of_working_day():
    return timezone.now() + timedelta(hours=settings.STAFF_SESSION_HOURS)


def limit_staff_session(request, user):
    """Give a signed-in staff account's session its working-day end; a reader's is left alone."""
    if user is not None and user.is_authenticated and user.is_staff and hasattr(request, "session"):
        request.session.set_expiry(end_of_working_day())


@receiver(user_logged_in, dispatch_uid="accounts.staff_sessions.signed_in")
def staff_signed_in(sender, request, user, **kwargs):
    if request is not None:
        limit_staff_session(request, user)
