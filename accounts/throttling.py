"""The account name a failed sign-in was for, as django-axes counts failures per name and address.

The admin's login form posts `username`; allauth's posts `login` (an email address) and
authenticates with `email=`. Both lock the same way.
"""


def attempted_username(request, credentials):
    credentials = credentials or {}
    for key in ("username", "email", "login"):
        if credentials.get(key):
            return str(credentials[key]).strip().lower()
    data = getattr(request, "POST", {}) or {}
    return str(data.get("username") or data.get("login") or "").strip().lower()
