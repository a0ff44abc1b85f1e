"""Page views in a real browser: reader.js reports each page load once through the private `me`
request, with no cookie but the token scripts post with, and a headless browser's own User-Agent is
a robot's."""

from contextlib import contextmanager

import pytest
from django.conf import settings
from django.core.cache import caches
from django.utils import timezone

from readership import counting, flush

from .conftest import DESKTOP, PHONE, load_demo, open_page, reader_ready

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SLUG = "12-most-memorable-k-drama-confession-scenes"
CHROME = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36"


@pytest.fixture
def article(live_server):
    load_demo()
    from articles.models import Listicle

    return Listicle.objects.get(slug=SLUG)


@contextmanager
def as_the_live_server():
    """The live server's threads use the cache's own key prefix, not this test's (tests/cache_keys.py):
    with Redis, views they count are under it."""
    cache = caches["default"]
    prefix = cache.key_prefix
    cache.key_prefix = settings.CACHES["default"].get("KEY_PREFIX", "")
    try:
        yield
    finally:
        cache.key_prefix = prefix


def views_waiting(article):
    with as_the_live_server():
        return counting.waiting().get((timezone.localdate().isoformat(), article.pk), 0)


@pytest.mark.parametrize("screen", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_each_page_load_is_one_view(browser, live_server, article, screen):
    pages = open_page(browser, {**screen, "user_agent": CHROME})
    page = next(pages)
    url = live_server.url + article.get_absolute_url()
    before = views_waiting(article)
    views = []
    page.on("request", lambda request: "/me/" in request.url and views.append(request.url))
    page.goto(url)
    reader_ready(page)
    page.reload()
    reader_ready(page)
    assert [address.endswith("/me/?view=1") for address in views] == [True, True]
    assert views_waiting(article) - before == 2
    assert not [cookie for cookie in page.context.cookies() if cookie["name"] not in {"csrftoken"}]

    with as_the_live_server():
        flush.flush_views()
    assert views_waiting(article) == 0
    next(pages, None)


def test_a_headless_browser_is_not_counted(page, article, live_server):
    before = views_waiting(article)
    page.goto(live_server.url + article.get_absolute_url())
    reader_ready(page)
    assert "HeadlessChrome" in page.evaluate("() => navigator.userAgent")
    assert views_waiting(article) == before
