"""The account name a failed sign-in was for, as django-axes counts failures per name and address.

allauth's sign-in page (the admin's too) posts `login`, an email address or a username, and
authenticates with `email=` and `username=`; a form posting `username` is read the same way. All
lock alike.
"""


def attempted_username(request, credentials):
    credentials = credentials or {}
    for key in ("username", "email", "login"):
        if credentials.get(key):
            return str(credentials[key]).strip().lower()
    data = getattr(request, "POST", {}) or {}
    return str(data.get("username") or data.get("login") or "").strip().lower()
