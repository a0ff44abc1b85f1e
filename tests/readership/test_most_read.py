"""The "Most read this week" rail on the home page and under articles."""

import re
from datetime import timedelta
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles.models import Status
from articles.page_invalidation import pages_updated
from readership import flush, most_read
from readership.models import ArticleDailyViews
from tests import factories

pytestmark = pytest.mark.django_db


def rail(html):
    """[(title, views text)] of the rail as a reader sees it, in order."""
    match = re.search(r'<aside class="most-read".*?</aside>', html, re.S)
    if not match:
        return []
    items = re.findall(
        r'<a class="most-read__link" href="([^"]+)">([^<]+)</a>\s*'
        r'<span class="most-read__views">([^<]+)</span>',
        match.group(0),
    )
    return [(unescape(title), views) for _, title, views in items]


def read(listicle, views, days_ago=0):
    """Views as a flush writes them (call `most_read.refresh()` after, as the flush does)."""
    ArticleDailyViews.objects.create(
        listicle=listicle, day=timezone.localdate() - timedelta(days=days_ago), views=views
    )


@pytest.fixture
def purges():
    sent = []

    def receiver(sender, listicle_ids, **kwargs):
        sent.append(listicle_ids)

    pages_updated.connect(receiver, dispatch_uid="test.most_read.purges")
    yield sent
    pages_updated.disconnect(dispatch_uid="test.most_read.purges")


def test_home_page_ranks_this_weeks_most_read_with_their_views(client):
    first = factories.PublishedListicleFactory(title="Goblin's best scenes")
    second = factories.PublishedListicleFactory(title="Coffee Prince, again")
    old_hit = factories.PublishedListicleFactory(title="Read last month")
    draft = factories.ListicleFactory(title="Not out yet")
    read(first, 1200, days_ago=6)
    read(first, 34)
    read(second, 1, days_ago=2)
    read(old_hit, 99_999, days_ago=7)  # seven days before today: last week
    read(draft, 50_000)
    most_read.refresh()
    html = client.get(reverse("articles:home")).content.decode()
    assert rail(html) == [("Goblin's best scenes", "1,234 views"), ("Coffee Prince, again", "1 view")]
    assert f'href="{first.get_absolute_url()}"' in html


def test_rail_shows_at_most_five_and_is_under_every_article(client):
    listicles = [factories.PublishedListicleFactory(title=f"Story {n}") for n in range(7)]
    for n, listicle in enumerate(listicles):
        read(listicle, 10 + n)
    most_read.refresh()
    response = client.get(listicles[0].get_absolute_url())
    html = response.content.decode()
    assert [title for title, _ in rail(html)] == ["Story 6", "Story 5", "Story 4", "Story 3", "Story 2"]
    assert "public" in response["Cache-Control"] and not response.cookies


def test_no_rail_before_anything_was_read(client, listicle):
    assert 'class="most-read"' not in client.get(reverse("articles:home")).content.decode()


def test_a_flush_with_new_counts_refreshes_the_rail_and_purges_the_pages(client, view, purges):
    quiet = factories.PublishedListicleFactory(title="Quiet one")
    rising = factories.PublishedListicleFactory(title="Rising one")
    read(quiet, 3)
    assert most_read.refresh() is True
    home = reverse("articles:home")
    assert rail(client.get(home).content.decode()) == [("Quiet one", "3 views")]
    purges.clear()

    view(client, rising, times=5)
    assert rail(client.get(home).content.decode()) == [("Quiet one", "3 views")]  # not flushed yet
    flush.flush_views()
    assert rail(client.get(home).content.decode()) == [("Rising one", "5 views"), ("Quiet one", "3 views")]
    assert purges == [[]]  # every page: each shows the rail


def test_a_flush_that_changes_nothing_shown_purges_nothing(client, view, purges):
    factories.PublishedListicleFactory(title="Shown")
    flush.flush_views()
    assert purges == []  # no views at all
    shown = factories.PublishedListicleFactory(title="Read")
    view(client, shown)
    flush.flush_views()
    assert purges == [[]]
    flush.flush_views()
    assert purges == [[]]


def test_unpublishing_takes_an_article_off_the_rail_at_once(
    client, purges, django_capture_on_commit_callbacks
):
    gone = factories.PublishedListicleFactory(title="Taken down")
    stays = factories.PublishedListicleFactory(title="Stays up")
    read(gone, 9)
    read(stays, 2)
    most_read.refresh()
    home = reverse("articles:home")
    assert [title for title, _ in rail(client.get(home).content.decode())] == ["Taken down", "Stays up"]
    purges.clear()
    with django_capture_on_commit_callbacks(execute=True):
        gone.status = Status.DRAFT
        gone.save()
    assert [title for title, _ in rail(client.get(home).content.decode())] == ["Stays up"]
    assert [] in purges


def test_writing_a_listicle_off_the_rail_costs_no_query_for_it(
    django_capture_on_commit_callbacks, django_assert_num_queries
):
    shown, other = factories.PublishedListicleFactory(), factories.PublishedListicleFactory()
    read(shown, 3)
    most_read.refresh()
    with django_capture_on_commit_callbacks() as callbacks:
        other.title = "Edited"
        other.save()
    assert callbacks == []


@pytest.mark.parametrize("page", ["home", "article"])
def test_the_rail_adds_no_query_to_a_page(client, page, django_assert_max_num_queries):
    article = factories.PublishedListicleFactory()
    url = reverse("articles:home") if page == "home" else article.get_absolute_url()
    with CaptureQueriesContext(connection) as without:
        assert rail(client.get(url).content.decode()) == []
    for n in range(5):
        read(factories.PublishedListicleFactory(), 2 + n)
    most_read.refresh()
    with django_assert_max_num_queries(len(without.captured_queries)):
        html = client.get(url).content.decode()
    assert len(rail(html)) == 5


def test_a_lost_rail_comes_back_with_the_next_flush(client):
    from django.core.cache import cache

    read(factories.PublishedListicleFactory(title="Back again"), 4)
    most_read.refresh()
    cache.delete(most_read.KEY)  # Redis restarted
    assert rail(client.get(reverse("articles:home")).content.decode()) == []
    flush.flush_views()  # no new views: the rail is worked out all the same
    assert rail(client.get(reverse("articles:home")).content.decode()) == [("Back again", "4 views")]
