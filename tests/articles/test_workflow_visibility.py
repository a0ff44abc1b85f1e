"""A scheduled listicle goes live by itself: readers see nothing before its time and everything after.

The clock moves with time_machine; nothing runs in between. Every reader-facing way to reach an
article is checked: home, article page, tag, drama, actor and author pages, feed, sitemap, search.
"""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from articles.models import Status
from newsroom.workflow import transition
from tests import factories

pytestmark = pytest.mark.django_db

TITLE = "Moonlit Rooftop Confessions"


@pytest.fixture
def scheduled(editor):
    """A listicle scheduled for tomorrow, with a tag, a drama, a credited actor and an author."""
    listicle = factories.ListicleFactory(title=TITLE, slug="moonlit-rooftop-confessions")
    listicle.tags.add("moonlit")
    entry = factories.full_entry(listicle)
    listicle.go_live = timezone.now().replace(microsecond=0) + timedelta(days=1)
    transition(listicle, to=Status.PUBLISHED, by=editor, publish_at=listicle.go_live)
    listicle.drama = entry.drama
    listicle.actor = entry.quote_role.actor
    return listicle


def reader_pages(listicle):
    """Every page that lists or links the article, with its address."""
    return {
        "home": reverse("articles:home"),
        "tag": reverse("articles:tag", kwargs={"slug": "moonlit"}),
        "drama": listicle.drama.get_absolute_url(),
        "actor": listicle.actor.get_absolute_url(),
        "author": listicle.author.get_absolute_url(),
        "feed": reverse("articles:feed"),
        "sitemap": reverse("django.contrib.sitemaps.views.sitemap"),
        "search": reverse("articles:search") + "?q=Moonlit",
    }


def shows(client, url, listicle):
    response = client.get(url)
    assert response.status_code in (200, 404), (url, response.status_code)
    return response.status_code == 200 and listicle.get_absolute_url() in response.content.decode()


def test_scheduled_listicle_is_invisible_before_its_time_and_visible_after_without_any_job(client, scheduled):
    article = scheduled.get_absolute_url()

    with time_machine.travel(scheduled.go_live - timedelta(minutes=1), tick=False):
        assert client.get(article).status_code == 404
        seen = {name: shows(client, url, scheduled) for name, url in reader_pages(scheduled).items()}
        assert not any(seen.values()), seen

    with time_machine.travel(scheduled.go_live + timedelta(minutes=1), tick=False):
        page = client.get(article)
        assert page.status_code == 200
        assert TITLE in page.content.decode()
        seen = {name: shows(client, url, scheduled) for name, url in reader_pages(scheduled).items()}
        assert all(seen.values()), seen


@pytest.mark.parametrize("status", [Status.DRAFT, Status.REVIEW, Status.ARCHIVED])
def test_listicles_that_are_not_published_stay_hidden_whatever_the_time(client, scheduled, editor, status):
    if status == Status.ARCHIVED:
        with time_machine.travel(scheduled.go_live + timedelta(minutes=1)):
            transition(scheduled, to=Status.ARCHIVED, by=editor)
    else:
        transition(scheduled, to=Status.DRAFT, by=editor)
        if status == Status.REVIEW:
            transition(scheduled, to=Status.REVIEW, by=editor)

    with time_machine.travel(scheduled.go_live + timedelta(days=30), tick=False):
        assert client.get(scheduled.get_absolute_url()).status_code == 404
        seen = {name: shows(client, url, scheduled) for name, url in reader_pages(scheduled).items()}
        assert not any(seen.values()), seen


def test_unpublishing_hides_a_live_listicle_at_once(client, scheduled, editor):
    with time_machine.travel(scheduled.go_live + timedelta(hours=1), tick=False):
        assert client.get(scheduled.get_absolute_url()).status_code == 200
        transition(scheduled, to=Status.DRAFT, by=editor)
        assert client.get(scheduled.get_absolute_url()).status_code == 404
        assert not shows(client, reverse("articles:home"), scheduled)
