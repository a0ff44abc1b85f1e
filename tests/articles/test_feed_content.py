"""Feeds worth subscribing to: each item carries the whole article, its images at absolute rendition
addresses and its lead image as an enclosure, parses cleanly in feedparser and keeps to the feed
validator's rules (absolute links, valid dates, permalink guids)."""

import io
import re
import xml.etree.ElementTree as ET
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from html.parser import HTMLParser

import feedparser
import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from articles.models import EntryScene
from tests import factories

pytestmark = pytest.mark.django_db

FEED_QUERIES = 6  # listicles with authors, tags, entries, featured characters, watch links, clips
CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"
MEDIA = "{http://search.yahoo.com/mrss/}content"
HERO = r"http://testserver/media/renditions/listicles/hero[^/]*\.jpg/1440\.jpeg"
MOMENT = r"http://testserver/media/renditions/entries/moment[^/]*\.jpg/800\.jpeg"


def jpeg(name, size=(1600, 900)):
    buffer = io.BytesIO()
    Image.new("RGB", size, "teal").save(buffer, "JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


class Addresses(HTMLParser):
    """Every href and src in a piece of HTML."""

    def __init__(self):
        super().__init__()
        self.found = []
        self.images = []

    def handle_starttag(self, tag, attrs):
        self.found += [(tag, name, value) for name, value in attrs if name in ("href", "src")]
        if tag == "img":
            self.images.append(dict(attrs))


def addresses(html):
    return read(html).found


def read(html):
    parser = Addresses()
    parser.feed(html)
    return parser


def fetch(client, path="/feed/"):
    response = client.get(path)
    assert response.status_code == 200
    return response


def parsed(client, path="/feed/"):
    feed = feedparser.parse(fetch(client, path).content)
    assert feed.bozo == 0, feed.get("bozo_exception")
    return feed


@pytest.fixture
def article(db, django_capture_on_commit_callbacks):
    """An article with a lead image and an entry image, saved and committed: their renditions are
    made (in-process, without a broker)."""
    with django_capture_on_commit_callbacks(execute=True):
        return article_with_images()


def article_with_images():
    listicle = factories.PublishedListicleFactory(
        title="Confessions",
        intro="Our favourite [Goblin](/drama/goblin/) moments.",
        outro="Which one is **yours**?",
        hero_image=jpeg("hero.jpg"),
        hero_alt="Two leads in the rain",
        publish_at=datetime(2026, 3, 1, 9, 0, tzinfo=UTC),
    )
    entry = factories.full_entry(listicle)
    entry.drama.title = "Coffee Prince"
    entry.drama.native_title = "커피프린스 1호점"
    entry.drama.save()
    entry.body = "The *best* confession, [see why](/tag/romance/)."
    entry.save()
    EntryScene.objects.create(
        entry=entry, position=2, image=jpeg("moment.jpg", (800, 450)), image_alt="A hug", credit="MBC"
    )
    return listicle


def test_item_content_is_the_whole_article_as_the_page_shows_it(client, article):
    entry = article.entries.get()
    lead, partner = entry.featuring.all()
    clip = entry.scene_links.filter(scene__isnull=False).get().scene
    watch = entry.drama.watch_links.get()

    (item,) = parsed(client).entries
    html = item.content[0].value

    assert item.content[0].type == "text/html"
    assert "Our favourite" in html and "<strong>yours</strong>" in html
    assert "<em>(In no particular order)</em>" in html
    assert re.search(
        r'<h2 id="entry-1">1\. <a href="http://testserver/drama/[^"]+">Coffee Prince</a></h2>', html
    )
    assert "커피프린스 1호점" in html
    assert "<p>The <em>best</em> confession" in html
    assert f"“I like you.” — {lead.character} (" in html
    actor_link = f'<a href="http://testserver/actor/{partner.actor.slug}/">{partner.actor.name}</a>'
    assert f"{partner.character} ({actor_link})" in html
    assert f'<a href="{clip.video_url}">▶ Watch “{clip.title}”, episode {clip.episode} on YouTube</a>' in html
    assert "Before the clip." in html and "After the clip." in html
    assert html.index("Before the clip.") < html.index(clip.video_url) < html.index("After the clip.")
    utm = f"utm_source=soompi&amp;utm_medium=referral&amp;utm_campaign={article.slug}"
    assert f'<a href="{watch.url}?{utm}">Viki</a>' in html
    assert "<figcaption>MBC</figcaption>" in html


def test_every_address_in_the_content_is_absolute(client, article):
    (item,) = parsed(client).entries

    found = addresses(item.content[0].value)

    assert len(found) >= 8
    assert [value for _, _, value in found if not value.startswith(("http://", "https://"))] == []
    hrefs = [value for _, name, value in found if name == "href"]
    assert "http://testserver/drama/goblin/" in hrefs  # the editor's relative Markdown link
    assert "http://testserver/tag/romance/" in hrefs


def test_images_are_the_pages_renditions_at_absolute_addresses(client, article):
    (item,) = parsed(client).entries

    hero, moment = read(item.content[0].value).images

    assert re.fullmatch(
        r"http://testserver/media/renditions/listicles/hero[^/]*\.jpg/1440\.jpeg", hero.pop("src")
    )
    assert hero == {"alt": "Two leads in the rain", "width": "1440", "height": "810"}
    assert re.fullmatch(
        r"http://testserver/media/renditions/entries/moment[^/]*\.jpg/800\.jpeg", moment.pop("src")
    )
    assert moment == {"alt": "A hug", "width": "800", "height": "450"}


def test_lead_image_is_the_enclosure_with_its_size_and_a_media_content(client, article):
    root = ET.fromstring(fetch(client).content)
    item = root.find("./channel/item")

    enclosure = item.find("enclosure")
    media = item.find(MEDIA)

    url = enclosure.get("url")
    assert re.fullmatch(HERO, url)
    stored = url.removeprefix("http://testserver/media/")
    assert enclosure.get("length") == str(default_storage.size(stored))
    assert enclosure.get("type") == "image/jpeg"
    assert media.attrib == {
        "url": url,
        "medium": "image",
        "type": "image/jpeg",
        "width": "1440",
        "height": "810",
    }


def test_before_its_renditions_are_made_an_image_is_the_original_with_its_size(client, db):
    article_with_images()  # not committed: the renditions task has not run

    root = ET.fromstring(fetch(client).content)
    item = root.find("./channel/item")
    hero, moment = read(item.findtext(CONTENT)).images

    assert re.fullmatch(r"http://testserver/media/listicles/hero[^/]*\.jpg", hero.pop("src"))
    assert hero == {"alt": "Two leads in the rain", "width": "1600", "height": "900"}
    assert re.fullmatch(r"http://testserver/media/entries/moment[^/]*\.jpg", moment.pop("src"))
    enclosure = item.find("enclosure")
    stored = enclosure.get("url").removeprefix("http://testserver/media/")
    assert enclosure.get("length") == str(default_storage.size(stored))
    assert enclosure.get("type") == "image/jpeg"


def test_an_article_without_a_lead_image_has_no_enclosure(client):
    factories.PublishedListicleFactory()

    item = ET.fromstring(fetch(client).content).find("./channel/item")

    assert item.find("enclosure") is None
    assert item.find(MEDIA) is None


def test_a_lead_image_whose_file_is_gone_is_shown_without_an_enclosure(client, db):
    article = article_with_images()  # no renditions yet
    default_storage.delete(article.hero_image.name)

    item = ET.fromstring(fetch(client).content).find("./channel/item")

    assert item.find("enclosure") is None  # RSS requires a length, which nobody can tell now
    assert item.find(MEDIA).get("url").startswith("http://testserver/media/listicles/hero")


def test_guid_is_the_permalink_and_dates_are_valid(client, article):
    root = ET.fromstring(fetch(client).content)
    item = root.find("./channel/item")

    guid = item.find("guid")
    assert guid.get("isPermaLink") == "true"
    assert guid.text == item.findtext("link") == f"http://testserver{article.get_absolute_url()}"
    assert parsedate_to_datetime(item.findtext("pubDate")) == article.publish_at
    assert parsedate_to_datetime(root.findtext("./channel/lastBuildDate")).tzinfo is not None
    self_link = root.find("./channel/{http://www.w3.org/2005/Atom}link")
    assert self_link.attrib == {"href": "http://testserver/feed/", "rel": "self"}
    feed = parsed(client)
    assert feed.entries[0].published_parsed[:5] == (2026, 3, 1, 9, 0)


def test_titles_and_text_with_markup_are_escaped_not_run(client, article):
    article.title = "Confessions <script>alert(1)</script>"
    article.save()
    entry = article.entries.get()
    entry.heading = "<img src=x onerror=alert(2)>"
    entry.body = "<script>alert(3)</script> and [bad](javascript:alert(4))"
    entry.save()

    raw = fetch(client).content.decode()
    (item,) = parsed(client).entries
    html = item.content[0].value

    assert "<script>" not in raw
    assert item.title == "Confessions <script>alert(1)</script>"
    assert "&lt;script&gt;alert(3)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(2)&gt;" in html
    assert "<script" not in html and "<img src=x" not in html
    assert "javascript:" not in html


@pytest.mark.parametrize("path", ["/tag/romance/feed/", "/author/binahearts/feed/"])
def test_tag_and_author_feeds_carry_the_whole_article_too(client, article, path):
    article.tags.add("romance")
    article.author.slug = "binahearts"
    article.author.save()

    (item,) = parsed(client, path).entries

    assert "Coffee Prince" in item.content[0].value
    assert item.enclosures[0].href.startswith("http://testserver/media/renditions/")


@pytest.mark.parametrize("count", [2, 20])
def test_feed_query_count_does_not_grow_with_articles_or_entries(
    client, django_assert_max_num_queries, django_capture_on_commit_callbacks, count
):
    with django_capture_on_commit_callbacks(execute=True):
        for number in range(count):
            listicle = factories.PublishedListicleFactory(hero_image=jpeg(f"hero{number}.jpg", (400, 225)))
            listicle.tags.add("romance", "comedy")
            for position in range(3):
                factories.full_entry(listicle, position)

    with django_assert_max_num_queries(FEED_QUERIES):
        feed = parsed(client)

    assert len(feed.entries) == count
    assert all(entry.content[0].value.count("<h2") == 3 for entry in feed.entries)
