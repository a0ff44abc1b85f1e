"""What a reader's browser sends to the reaction, poll and comment endpoints, for the tests."""

import random

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
