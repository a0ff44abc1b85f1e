"""A cold render stays cheap: the demo article with 200 comments (threads and replies) renders in
at most 10 queries, with what Django keeps warm and with every cache off (DummyCache), and the
count does not grow with the comments."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import Listicle
from tests import factories
from tests.comments.discussions import discussion

pytestmark = pytest.mark.django_db

QUERIES = 10
DEMO_SLUG = "12-most-memorable-k-drama-confession-scenes"
EVERY_CACHE_OFF = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}


@pytest.fixture
def demo():
    """The demo article (12 entries, poll with public results, reactions, related reading) with
    200 comments: 40 threads of a comment and four replies."""
    call_command("loaddemo", verbosity=0)
    listicle = Listicle.objects.get(slug=DEMO_SLUG)
    discussion(listicle, 200)
    return listicle


def render(client, listicle):
    response = client.get(listicle.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def test_the_demo_article_with_200_comments_renders_warm_in_at_most_10_queries(
    client, demo, django_assert_max_num_queries
):
    render(client, demo)  # what Django keeps is kept now
    with django_assert_max_num_queries(QUERIES):
        page = render(client, demo)
    assert page.count('class="comment-thread"') == 20
    assert "Show 1 more reply" in page


def test_the_demo_article_with_200_comments_renders_with_every_cache_off_in_at_most_10_queries(
    client, demo, settings, django_assert_max_num_queries
):
    warm = render(client, demo)
    settings.CACHES = EVERY_CACHE_OFF
    with django_assert_max_num_queries(QUERIES):
        cold = render(client, demo)
    with django_assert_max_num_queries(QUERIES):
        assert render(client, demo) == cold  # nothing was kept: the same work, the same page
    assert cold == warm
    assert cold.count('class="comment-thread"') == 20
    assert cold.count("data-comment-actions=") == 20 * 4  # each thread: its comment, 3 of 4 replies
    assert 'data-more-replies="' in cold and 'rel="next"' in cold


@pytest.mark.parametrize("cache", ["warm", "cold"])
def test_queries_do_not_grow_with_the_comments(client, settings, cache):
    """The same number of queries for no comment, one short thread, and 300 in long chains."""
    if cache == "cold":
        settings.CACHES = EVERY_CACHE_OFF
    counted = []
    for count, per_thread in ((0, 0), (2, 1), (60, 2), (300, 9)):
        listicle = factories.PublishedListicleFactory()
        factories.full_entry(listicle)
        discussion(listicle, count, replies_per_thread=per_thread)
        render(client, listicle)
        with CaptureQueriesContext(connection) as queries:
            render(client, listicle)
        counted.append(len(queries))
    assert len(set(counted)) == 1, counted
    assert counted[0] <= QUERIES
