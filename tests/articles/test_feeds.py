"""The RSS feed and the sitemap only ever list what readers may see."""

import xml.etree.ElementTree as ET
from datetime import UTC, datetime

import pytest
from django.utils import timezone

from articles.models import Status
from tests.factories import (
    AuthorFactory,
    ListicleFactory,
    PublishedListicleFactory,
    RoleFactory,
    full_entry,
)

pytestmark = pytest.mark.django_db

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
FEED_QUERIES = 3  # listicles with their authors, their tags, their entries (none here)


def hours(n):
    return timezone.now() + timezone.timedelta(hours=n)


def unpublished():
    return [
        ListicleFactory(status=Status.DRAFT, title="Draft one"),
        ListicleFactory(status=Status.REVIEW, title="Review one", publish_at=hours(-2)),
        ListicleFactory(status=Status.ARCHIVED, title="Archived one", publish_at=hours(-2)),
        PublishedListicleFactory(title="Scheduled one", publish_at=hours(2)),
    ]


def feed_items(client):
    response = client.get("/feed/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    return ET.fromstring(response.content).findall("./channel/item")


def sitemap_urls(client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    return [loc.text for loc in ET.fromstring(response.content).iter(f"{SITEMAP}loc")]


# Feed


def test_feed_item_carries_title_dek_author_date_and_tags(client):
    listicle = PublishedListicleFactory(
        title="Confessions <3",
        dek="The scenes we never forget.",
        author=AuthorFactory(name="binahearts"),
        publish_at=datetime(2017, 5, 12, 9, tzinfo=UTC),
    )
    listicle.tags.add("romance", "confessions")

    (item,) = feed_items(client)

    assert item.findtext("title") == "Confessions <3"
    assert item.findtext("description") == "The scenes we never forget."
    assert item.findtext("link") == f"http://testserver/article/{listicle.pk}/{listicle.slug}/"
    assert item.findtext("{http://purl.org/dc/elements/1.1/}creator") == "binahearts"
    assert item.findtext("pubDate") == "Fri, 12 May 2017 09:00:00 +0000"
    assert sorted(category.text for category in item.findall("category")) == ["confessions", "romance"]


def test_feed_lists_only_published_and_due_listicles_newest_first(client):
    PublishedListicleFactory(title="Older", publish_at=hours(-5))
    PublishedListicleFactory(title="Newer", publish_at=hours(-1))
    unpublished()

    assert [item.findtext("title") for item in feed_items(client)] == ["Newer", "Older"]


def test_feed_holds_the_twenty_latest(client):
    for hour in range(22):
        PublishedListicleFactory(title=f"Article {hour:02d}", publish_at=hours(-1 - hour))

    titles = [item.findtext("title") for item in feed_items(client)]

    assert titles == [f"Article {hour:02d}" for hour in range(20)]


@pytest.mark.parametrize("count", [3, 22])
def test_feed_query_count_does_not_grow_with_items(client, django_assert_max_num_queries, count):
    for _ in range(count):
        PublishedListicleFactory().tags.add("romance", "comedy")

    with django_assert_max_num_queries(FEED_QUERIES):
        response = client.get("/feed/")

    assert response.status_code == 200


# Sitemap


def test_sitemap_lists_published_listicles_and_the_pages_they_lead_to(client):
    listicle = PublishedListicleFactory(author=AuthorFactory(slug="binahearts"))
    listicle.tags.add("romance")
    entry = full_entry(listicle)
    lead, partner = entry.featuring.all()

    urls = sitemap_urls(client)

    assert f"http://testserver/article/{listicle.pk}/{listicle.slug}/" in urls
    assert f"http://testserver/drama/{entry.drama.slug}/" in urls
    assert f"http://testserver/actor/{lead.actor.slug}/" in urls
    assert f"http://testserver/actor/{partner.actor.slug}/" in urls
    assert "http://testserver/tag/romance/" in urls
    assert "http://testserver/author/binahearts/" in urls


def test_sitemap_leaves_out_everything_readers_may_not_see(client):
    for listicle in unpublished():
        listicle.tags.add("secret")
        full_entry(listicle)
    RoleFactory()  # an actor in no article at all

    urls = sitemap_urls(client)

    assert urls == []


def test_sitemap_gives_listicles_their_last_modification(client, time_machine):
    # 20:00 UTC is already the next day in Seoul: the day is the one the site's time zone names.
    time_machine.move_to(datetime(2026, 3, 1, 20, 0, tzinfo=UTC), tick=False)
    listicle = PublishedListicleFactory(publish_at=datetime(2026, 3, 1, 8, 0, tzinfo=UTC))

    response = client.get("/sitemap.xml")

    lastmod = ET.fromstring(response.content).find(f"{SITEMAP}url/{SITEMAP}lastmod").text
    # The day of the last change in the site's time zone (TIME_ZONE), as every date on the site.
    assert lastmod == timezone.localdate(listicle.updated).isoformat() == "2026-03-02"


def test_sitemap_lists_each_page_once(client):
    listicle = PublishedListicleFactory()
    listicle.tags.add("romance")
    first = full_entry(listicle, 0)
    second = full_entry(listicle, 1)
    second.featuring.add(*first.featuring.all())  # the same actors in two entries

    urls = sitemap_urls(client)

    assert len(urls) == len(set(urls))
