"""The Google News sitemap: the articles of the last 48 hours, valid against the published schemas of
the sitemap protocol and its news extension, named in robots.txt."""

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from lxml import etree

from articles.models import Status
from articles.sitemaps import news_language
from tests import factories

pytestmark = pytest.mark.django_db

SCHEMAS = Path(__file__).resolve().parent.parent / "schemas"
SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"
NEWS = "http://www.google.com/schemas/sitemap-news/0.9"
NS = {"s": SITEMAP, "news": NEWS}
NOW = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)
# A urlset whose <url> carries news:news, as search engines read it: each namespace by its schema.
BOTH = f"""<xsd:schema xmlns:xsd="http://www.w3.org/2001/XMLSchema">
  <xsd:import namespace="{SITEMAP}" schemaLocation="sitemap.xsd"/>
  <xsd:import namespace="{NEWS}" schemaLocation="sitemap-news.xsd"/>
</xsd:schema>"""


def schema(text):
    return etree.XMLSchema(etree.fromstring(text.encode(), base_url=f"{SCHEMAS.as_uri()}/"))


def news_sitemap(client):
    response = client.get("/news-sitemap.xml")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml"
    return etree.fromstring(response.content)


@pytest.fixture
def now(time_machine):
    time_machine.move_to(NOW, tick=False)
    return NOW


def published(hours_ago, **values):
    return factories.PublishedListicleFactory(publish_at=NOW - timedelta(hours=hours_ago), **values)


def test_news_sitemap_is_valid_against_the_sitemap_and_news_schemas(client, now):
    published(1, title="Goblin & Coffee Prince: “The” <best> confessions")
    published(30)

    document = news_sitemap(client)

    validator = schema(BOTH)
    assert validator.validate(document), validator.error_log
    assert len(document.findall("s:url", NS)) == 2


def test_the_schemas_refuse_what_google_would_refuse(client, now):
    """The check can fail: a news entry without its title, or with a language as a region code."""
    published(1)
    document = news_sitemap(client)
    validator = schema(BOTH)
    news = document.find("s:url/news:news", NS)

    broken_language = etree.fromstring(etree.tostring(document))
    broken_language.find("s:url/news:news/news:publication/news:language", NS).text = "en-us"
    news.remove(news.find("news:title", NS))

    assert not validator.validate(document)
    assert not validator.validate(broken_language)


def test_news_lists_articles_published_in_the_last_48_hours_newest_first(client, now):
    recent = published(2, title="Recent")
    yesterday = published(26, title="Yesterday")
    published(49, title="Too old")
    published(-1, title="Scheduled")
    factories.ListicleFactory(status=Status.DRAFT, publish_at=NOW - timedelta(hours=1), title="Draft")
    factories.ListicleFactory(status=Status.ARCHIVED, publish_at=NOW - timedelta(hours=1), title="Gone")

    document = news_sitemap(client)

    assert [url.findtext("s:loc", namespaces=NS) for url in document.findall("s:url", NS)] == [
        f"http://testserver{recent.get_absolute_url()}",
        f"http://testserver{yesterday.get_absolute_url()}",
    ]
    assert [title.text for title in document.iterfind(".//news:title", NS)] == ["Recent", "Yesterday"]


def test_each_article_names_the_publication_its_language_date_and_title(client, now, settings):
    settings.TIME_ZONE = "Asia/Seoul"
    listicle = published(3, title="Confessions <script>alert(1)</script>")

    response = client.get("/news-sitemap.xml")
    news = etree.fromstring(response.content).find("s:url/news:news", NS)

    assert news.findtext("news:publication/news:name", namespaces=NS) == "Soompi"
    assert news.findtext("news:publication/news:language", namespaces=NS) == "en"
    published_at = news.findtext("news:publication_date", namespaces=NS)
    assert published_at == "2026-03-10T18:00:00+09:00"  # 09:00 UTC, in the site's time zone
    assert datetime.fromisoformat(published_at) == listicle.publish_at
    assert news.findtext("news:title", namespaces=NS) == "Confessions <script>alert(1)</script>"
    assert b"<script>" not in response.content


def test_a_news_sitemap_with_nothing_recent_is_an_empty_urlset(client, now):
    published(72)

    document = news_sitemap(client)

    assert document.tag == f"{{{SITEMAP}}}urlset" and len(document) == 0


@pytest.mark.parametrize(
    ("code", "language"),
    [
        ("en-us", "en"),
        ("en", "en"),
        ("ko", "ko"),
        ("pt-br", "pt"),
        ("zh-hans", "zh-cn"),
        ("zh-hant", "zh-tw"),
    ],
)
def test_the_language_is_the_code_google_news_takes(code, language):
    assert news_language(code) == language
    assert re.fullmatch(r"zh-cn|zh-tw|[a-z]{2,3}", language)


def test_the_main_sitemap_is_valid_against_the_sitemap_schema(client, now):
    listicle = published(1)
    listicle.tags.add("romance")
    factories.full_entry(listicle)

    response = client.get("/sitemap.xml")
    validator = schema(BOTH)

    assert validator.validate(etree.fromstring(response.content)), validator.error_log


def test_robots_txt_names_the_news_sitemap_beside_the_sitemap(client):
    lines = client.get("/robots.txt").content.decode().splitlines()

    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert "Sitemap: http://testserver/news-sitemap.xml" in lines
