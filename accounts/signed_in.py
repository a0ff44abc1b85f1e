"""Who is signed in, for the header of every page: the private part of public pages.

Public pages are the same for everyone (`articles.public`); `static/js/reader.js` asks for this
(`accounts:me`, or inside the article's own private answer `articles:me`) and draws the name, Sign
out and the one-time messages.
"""

from django.contrib.messages import get_messages
from django.middleware.csrf import get_token
from django.urls import reverse

from .names import public_name_of


def account(request):
    """Who is signed in, and their messages: what every page's header shows."""
    user = request.user
    data = {
        "signed_in": user.is_authenticated,
        "name": public_name_of(user) if user.is_authenticated else None,
        "profile_url": reverse("accounts:profile"),
        "logout_url": reverse("account_logout"),
        "messages": [
            {"level": message.tags or "info", "text": str(message)} for message in get_messages(request)
        ],
    }
    get_token(request)  # the csrftoken cookie, set or refreshed with this answer
    return data
