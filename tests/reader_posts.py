"""What a reader's browser sends to the reaction, poll and comment endpoints, for the tests."""

import random
from html.parser import HTMLParser

from django.urls import reverse

JSON = {"HTTP_ACCEPT": "application/json"}


def url(name, listicle):
    return reverse(f"articles:{name}", kwargs={"pk": listicle.pk, "slug": listicle.slug})


def comments_url(listicle):
    return url("comments", listicle)


def react(client, listicle, kind, **extra):
    data = {} if kind is None else {"kind": kind}
    return client.post(url("react", listicle), data, **extra)


def vote(client, listicle, entry, **extra):
    data = {} if entry is None else {"entry": entry if isinstance(entry, str) else entry.pk}
    return client.post(url("vote", listicle), data, **extra)


def counts(client, listicle):
    response = client.get(url("reactions", listicle))
    assert response.status_code == 200, response.content
    return response.json()


def reason(response):
    """The one-line reason of a refusal, from its JSON or its page."""
    if response["Content-Type"].startswith("application/json"):
        return response.json()["error"]
    return response.content.decode()


def unlimited_addresses(settings):
    """Tests post from one address, on workers that share the cache: only rate-limit tests limit it."""
    settings.READER_POST_RATE_PER_IP = None


def fresh_address():
    """An address no other test posts from, for a test of the per-address limit."""
    return f"10.{random.randrange(256)}.{random.randrange(256)}.{random.randrange(1, 255)}"


# The reader's own part of a public page, and the two ways to post from it: a script with the token
# from `me`, or a browser without JavaScript through the confirm step.

STRICT = {"enforce_csrf_checks": True}


def me(client, listicle=None):
    """The private `me` answer (the article's, or the account's for any other page), checked private."""
    address = url("me", listicle) if listicle is not None else reverse("accounts:me")
    response = client.get(address)
    assert response.status_code == 200, response.content
    assert set(response["Cache-Control"].replace(" ", "").split(",")) >= {"private", "no-store"}
    assert "csrftoken" in client.cookies, "me sets the token scripts post with"
    return response.json()


def csrf_token(client, listicle=None):
    """The token a script sends as X-CSRFToken: the csrftoken cookie `me` sets."""
    me(client, listicle)
    return client.cookies["csrftoken"].value


def script_post(client, address, data, listicle=None):
    """What reader.js sends: the token taken from `me`, `Accept: application/json`."""
    token = csrf_token(client, listicle)
    return client.post(address, data, HTTP_X_CSRFTOKEN=token, **JSON)


def confirm_url(target, action):
    """The confirm step of an article's action (react, vote, comment) or a comment's (like, reply,
    flag, delete)."""
    from comments.models import Comment

    if isinstance(target, Comment):
        return reverse("articles:comment_confirm", kwargs={"pk": target.pk, "action": action})
    return reverse("articles:confirm", kwargs={"pk": target.pk, "slug": target.slug, "action": action})


class Forms(HTMLParser):
    """The forms of a page: action, method and what a browser would submit (hidden and text inputs,
    checked boxes, textareas, selected options)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms, self._form, self._field, self._select = [], None, None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._form = {
                "action": attrs.get("action", ""),
                "method": attrs.get("method", "get"),
                "fields": {},
            }
            self.forms.append(self._form)
        elif self._form is None:
            return
        elif tag == "input" and attrs.get("name"):
            kind = attrs.get("type", "text")
            if kind not in ("checkbox", "radio"):
                self._form["fields"][attrs["name"]] = attrs.get("value", "")
            elif "checked" in attrs:
                self._form["fields"][attrs["name"]] = attrs.get("value", "on")
        elif tag == "textarea" and attrs.get("name"):
            self._field = attrs["name"]
            self._form["fields"][self._field] = ""
        elif tag == "select":
            self._select = attrs.get("name")
        elif (
            tag == "option"
            and self._select
            and ("selected" in attrs or self._select not in self._form["fields"])
        ):
            self._form["fields"][self._select] = attrs.get("value", "")

    def handle_data(self, data):
        if self._form is not None and self._field:
            self._form["fields"][self._field] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "textarea":
            self._field = None
        elif tag == "select":
            self._select = None


def forms_of(response):
    parser = Forms()
    parser.feed(response.content.decode())
    return parser.forms


def the_form_of(step):
    """The one form of a confirm step that posts somewhere (but the header's Sign out), with the
    reader's token in it."""
    sign_out = reverse("account_logout")
    posting = [
        form
        for form in forms_of(step)
        if form["method"].lower() == "post" and form["action"] not in ("", sign_out)
    ]
    assert len(posting) == 1, posting
    assert posting[0]["fields"].get("csrfmiddlewaretoken"), "the confirm step's form carries the token"
    return posting[0]


def confirm_step(client, target, action, data=None):
    """What a browser without JavaScript gets when a public page's form posts to the confirm step."""
    step = client.post(confirm_url(target, action), data or {})
    assert step.status_code == 200, step.content
    assert set(step["Cache-Control"].replace(" ", "").split(",")) >= {"private", "no-store"}
    return step


def through_confirm(client, target, action, data=None, **changes):
    """Post without JavaScript: the public page's form to the confirm step, then its form (with the
    token, and `changes` made by the reader on the way) to the real address. The real answer."""
    form = the_form_of(confirm_step(client, target, action, data))
    return client.post(form["action"], form["fields"] | changes)
