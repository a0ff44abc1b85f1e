"""Counting article views on the reader's private `me` request: no cookie, no address, no robots."""

import pickle

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from readership import counting
from readership.flush import flush_views
from readership.models import ArticleDailyViews
from tests import factories

from .conftest import BROWSER, PHONE, me_url

pytestmark = pytest.mark.django_db

ROBOTS = [
    "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
    "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0 Safari/537",
    "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
    "python-requests/2.32.3",
    "curl/8.5.0",
    "",
    "   ",
]


def test_each_page_view_counts_once_for_its_article_and_day(client, listicle, view):
    other = factories.PublishedListicleFactory()
    view(client, listicle, times=3)
    view(client, other, agent=PHONE)

    today = timezone.localdate().isoformat()
    assert counting.waiting() == {(today, listicle.pk): 3, (today, other.pk): 1}
    assert flush_views() == 4
    assert {(row.listicle_id, row.day, row.views) for row in ArticleDailyViews.objects.all()} == {
        (listicle.pk, timezone.localdate(), 3),
        (other.pk, timezone.localdate(), 1),
    }


def test_asking_me_again_without_view_is_not_a_view(client, listicle, view):
    """reader.js asks `me/` again when a page comes back from the back-forward cache: not a new view."""
    view(client, listicle)
    for _ in range(3):
        assert client.get(me_url(listicle), HTTP_USER_AGENT=BROWSER).status_code == 200
    assert client.get(me_url(listicle) + "?view=yes", HTTP_USER_AGENT=BROWSER).status_code == 200
    assert sum(counting.waiting().values()) == 1


@pytest.mark.parametrize("agent", ROBOTS)
def test_robots_and_nameless_clients_are_not_counted(client, listicle, agent):
    response = client.get(me_url(listicle) + "?view=1", HTTP_USER_AGENT=agent)
    assert response.status_code == 200  # answered as anyone is
    assert counting.waiting() == {}


def test_a_robot_is_told_from_a_browser_whatever_came_before(rf):
    """The verdict is kept per User-Agent, never mixed up between two."""
    for agent, robot in [
        (BROWSER, False),
        (ROBOTS[0], True),
        (BROWSER, False),
        (PHONE, False),
        (ROBOTS[2], True),
    ]:
        assert counting.is_robot(rf.get("/", HTTP_USER_AGENT=agent)) is robot


def test_views_of_an_article_readers_cannot_see_are_not_counted(client, view):
    draft = factories.ListicleFactory()
    response = client.get(me_url(draft) + "?view=1", HTTP_USER_AGENT=BROWSER)
    assert response.status_code == 404
    assert counting.waiting() == {}


def test_counting_sets_no_cookie_and_keeps_nothing_of_the_reader(client, listicle):
    """The answer with ?view=1 sets the same cookies as without (only the CSRF token scripts post
    with), and what is stored is an article id and a number: no address, agent or cookie."""
    address, agent = "203.0.113.77", BROWSER + " UniqueAgentMarker"
    plain = client.get(me_url(listicle), HTTP_USER_AGENT=agent, REMOTE_ADDR=address)
    client.cookies.clear()
    counted = client.get(
        me_url(listicle) + "?view=1", HTTP_USER_AGENT=agent, REMOTE_ADDR=address, HTTP_X_FORWARDED_FOR=address
    )
    assert set(counted.cookies) == set(plain.cookies) <= {"csrftoken"}
    assert "private" in counted["Cache-Control"] and "no-store" in counted["Cache-Control"]
    assert counting.waiting() == {(timezone.localdate().isoformat(), listicle.pk): 1}

    stored = b"".join(stored_values())
    assert address.encode() not in stored and b"UniqueAgentMarker" not in stored
    flush_views()
    row = ArticleDailyViews.objects.values().get()
    assert set(row) == {"id", "listicle_id", "day", "views"} and row["views"] == 1


def stored_values():
    """Every key and value the cache holds (Redis: every key under the test's prefix)."""
    backend = getattr(cache, "_cache", None)
    if hasattr(backend, "get_client"):
        client = backend.get_client(write=True)
        for key in client.scan_iter(match=cache.make_key("*")):
            yield key
            kind = client.type(key)
            if kind == b"hash":
                yield from (part for item in client.hgetall(key).items() for part in item)
            elif kind == b"string":
                yield client.get(key)
        return
    for key, value in cache._cache.items():
        yield key.encode()
        yield value if isinstance(value, bytes) else pickle.dumps(value)
    yield repr(counting.LOCAL.counts).encode()


def test_counting_a_view_adds_no_query_to_the_me_request(client, listicle, django_assert_num_queries):
    client.get(me_url(listicle), HTTP_USER_AGENT=BROWSER)  # the kept record, warm
    with CaptureQueriesContext(connection) as plain:
        client.get(me_url(listicle), HTTP_USER_AGENT=BROWSER)
    with django_assert_num_queries(len(plain.captured_queries)):
        client.get(me_url(listicle) + "?view=1", HTTP_USER_AGENT=BROWSER)
    assert sum(counting.waiting().values()) == 1


def test_only_the_article_page_itself_asks_to_count_its_view(client, listicle):
    """reader.js adds ?view=1 where the body says `data-me-view`: the article page, not its pages of
    comments (which ask the same `me`) nor the listings."""
    args = [listicle.pk, listicle.slug]
    assert "data-me-view" in client.get(listicle.get_absolute_url()).content.decode()
    assert "data-me-view" not in client.get(reverse("articles:comments", args=args)).content.decode()
    assert "data-me-view" not in client.get(reverse("articles:home")).content.decode()
