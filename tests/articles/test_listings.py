"""Home, tag, author and search listings, the health check and robots.txt."""

from unittest import mock

import pytest
from django.db import OperationalError
from django.template.loader import render_to_string
from django.utils import timezone

from articles.models import Status
from tests.factories import AuthorFactory, EntryFactory, ListicleFactory, PublishedListicleFactory, full_entry

pytestmark = pytest.mark.django_db

# Listings: count, page of listicles with their authors, their tags. Tag and author pages also look
# up the tag or author and check there is something published to show.
HOME_QUERIES = 3
TAG_QUERIES = 5
AUTHOR_QUERIES = 5
# The knowledge base's dramas, actors and credits (3), the count and the page (2), the cards' tags
# (1), the matched entries and their credits (2); on PostgreSQL also the similarity threshold set
# for the knowledge base's queries, in a savepoint of its own (3), and the credits of the actors
# found (1).
SEARCH_QUERIES = 12


def hours(n):
    return timezone.now() + timezone.timedelta(hours=n)


def unpublished(**kwargs):
    """One listicle in each state readers may not see."""
    return [
        ListicleFactory(status=Status.DRAFT, title="Draft one", **kwargs),
        ListicleFactory(status=Status.REVIEW, title="Review one", publish_at=hours(-2), **kwargs),
        ListicleFactory(status=Status.ARCHIVED, title="Archived one", publish_at=hours(-2), **kwargs),
        PublishedListicleFactory(title="Scheduled one", publish_at=hours(2), **kwargs),
    ]


def titles(response):
    return [listicle.title for listicle in response.context["listicles"]]


# Home


def test_home_lists_only_published_and_due_listicles_newest_first(client):
    PublishedListicleFactory(title="Older", publish_at=hours(-5))
    PublishedListicleFactory(title="Newer", publish_at=hours(-1))
    unpublished()

    response = client.get("/")

    assert response.status_code == 200
    assert titles(response) == ["Newer", "Older"]
    html = response.content.decode()
    for hidden in ("Draft one", "Review one", "Archived one", "Scheduled one"):
        assert hidden not in html


def test_home_pages_twelve_listicles_at_a_time(client):
    for hour in range(14):
        PublishedListicleFactory(title=f"Article {hour:02d}", publish_at=hours(-1 - hour))

    first = client.get("/")
    second = client.get("/?page=2")

    assert titles(first) == [f"Article {hour:02d}" for hour in range(12)]
    assert titles(second) == ["Article 12", "Article 13"]
    assert 'href="?page=2"' in first.content.decode()
    assert "Page 2 of 2" in second.content.decode()


@pytest.mark.parametrize("page", ["3", "zero", "-1"])
def test_home_page_that_does_not_exist_answers_404(client, page):
    PublishedListicleFactory()

    assert client.get("/", {"page": page}).status_code == 404


def test_home_with_nothing_published_says_so(client):
    ListicleFactory(status=Status.DRAFT)

    response = client.get("/")

    assert response.status_code == 200
    assert "Nothing published yet." in response.content.decode()


def test_card_links_to_the_article_and_escapes_its_title(client):
    listicle = PublishedListicleFactory(title="<script>alert(1)</script>", dek="Dek <b>text</b>")

    html = client.get("/").content.decode()

    assert f'href="/article/{listicle.pk}/{listicle.slug}/"' in html
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "Dek &lt;b&gt;text&lt;/b&gt;" in html


@pytest.mark.parametrize("count", [3, 14])
def test_home_query_count_does_not_grow_with_listicles(client, django_assert_max_num_queries, count):
    for _ in range(count):
        PublishedListicleFactory().tags.add("romance", "comedy")

    with django_assert_max_num_queries(HOME_QUERIES):
        response = client.get("/")

    assert len(response.context["listicles"]) == min(count, 12)


# Tag


def test_tag_page_lists_published_listicles_with_that_tag(client):
    tagged = PublishedListicleFactory(title="Tagged")
    tagged.tags.add("Confessions")
    PublishedListicleFactory(title="Untagged").tags.add("kisses")
    for listicle in unpublished():
        listicle.tags.add("Confessions")

    response = client.get("/tag/confessions/")

    assert response.status_code == 200
    assert titles(response) == ["Tagged"]
    assert '<h1 class="listing__title">Confessions</h1>' in response.content.decode()


def test_unknown_tag_answers_404(client):
    assert client.get("/tag/nope/").status_code == 404


def test_tag_used_only_on_unpublished_listicles_answers_404(client):
    ListicleFactory(status=Status.DRAFT).tags.add("secret-project")

    assert client.get("/tag/secret-project/").status_code == 404


@pytest.mark.parametrize("count", [3, 14])
def test_tag_page_query_count_does_not_grow_with_listicles(client, django_assert_max_num_queries, count):
    for _ in range(count):
        PublishedListicleFactory().tags.add("romance", "comedy")

    with django_assert_max_num_queries(TAG_QUERIES):
        response = client.get("/tag/romance/")

    assert len(response.context["listicles"]) == min(count, 12)


# Author


def test_author_page_shows_bio_instagram_and_only_published_listicles(client):
    author = AuthorFactory(
        name="binahearts", slug="binahearts", bio="Karaoke & dessert.", instagram="binahearts"
    )
    PublishedListicleFactory(author=author, title="Hers")
    PublishedListicleFactory(title="Someone else's")
    unpublished(author=author)

    response = client.get("/author/binahearts/")

    assert titles(response) == ["Hers"]
    html = response.content.decode()
    assert "<p>Karaoke &amp; dessert.</p>" in html
    assert 'href="https://www.instagram.com/binahearts/"' in html


def test_unknown_author_answers_404(client):
    assert client.get("/author/nobody/").status_code == 404


def test_author_with_nothing_published_answers_404(client):
    author = AuthorFactory(slug="new-writer")
    ListicleFactory(author=author, status=Status.DRAFT)

    assert client.get("/author/new-writer/").status_code == 404


@pytest.mark.parametrize("count", [3, 14])
def test_author_page_query_count_does_not_grow_with_listicles(client, django_assert_max_num_queries, count):
    author = AuthorFactory(slug="prolific")
    for _ in range(count):
        PublishedListicleFactory(author=author).tags.add("romance", "comedy")

    with django_assert_max_num_queries(AUTHOR_QUERIES):
        response = client.get("/author/prolific/")

    assert len(response.context["listicles"]) == min(count, 12)


# Search


@pytest.fixture
def confessions():
    listicle = PublishedListicleFactory(
        title="Most Memorable Confession Scenes",
        dek="Scenes that took our breath away.",
        intro="Sigh. Lethal.",
    )
    entry = full_entry(listicle)
    entry.heading = "The rooftop"
    entry.body = "Seo Jung Hoo finally reveals his feelings."
    entry.save()
    entry.drama.title = "Healer"
    entry.drama.save()
    return listicle


@pytest.mark.parametrize(
    "query",
    [
        "confession",
        "Memorable Confession",
        "breath",
        "lethal",
        "rooftop",
        "feelings",
        "Healer",
        "healer rooftop",
    ],
)
def test_search_finds_listicles_by_their_text_and_their_entries(client, confessions, query):
    PublishedListicleFactory(title="Unrelated kisses")

    response = client.get("/search/", {"q": query})

    assert response.status_code == 200
    assert titles(response) == [confessions.title]


def test_search_only_finds_published_and_due_listicles(client):
    for listicle in unpublished():
        listicle.title = f"{listicle.title} confession"
        listicle.save()
    PublishedListicleFactory(title="Published confession")

    response = client.get("/search/", {"q": "confession"})

    assert titles(response) == ["Published confession"]


def test_search_puts_title_matches_before_matches_in_the_text(client):
    PublishedListicleFactory(title="Kisses", intro="Not a single confession here.", publish_at=hours(-1))
    PublishedListicleFactory(title="Confession scenes", publish_at=hours(-9))

    response = client.get("/search/", {"q": "confession"})

    assert titles(response) == ["Confession scenes", "Kisses"]


def test_search_without_a_query_shows_the_empty_form(client):
    PublishedListicleFactory()

    for params in ({}, {"q": ""}, {"q": "   "}):
        response = client.get("/search/", params)
        assert response.status_code == 200
        assert list(response.context["listicles"]) == []
        assert 'name="q"' in response.content.decode()


def test_search_with_no_match_says_so_and_escapes_the_query(client):
    PublishedListicleFactory()

    response = client.get("/search/", {"q": "<script>nothing</script>"})

    html = response.content.decode()
    assert response.status_code == 200
    assert "No articles match “&lt;script&gt;nothing&lt;/script&gt;”." in html
    assert "<script>nothing" not in html


@pytest.mark.parametrize("query", ["'\"&|!:*()", "-", "or", "%_", "\\"])
def test_search_made_of_operators_or_wildcards_answers_normally(client, query):
    PublishedListicleFactory(title="100% confessions_")

    response = client.get("/search/", {"q": query})

    assert response.status_code == 200
    assert titles(response) in ([], ["100% confessions_"])


def test_over_long_search_answers_400_with_the_reason(client):
    response = client.get("/search/", {"q": "confession " * 20})

    assert response.status_code == 400
    assert "Searches can be at most 100 characters long; try fewer words." in response.content.decode()


def test_search_with_a_null_character_answers_400_not_500(client):
    response = client.get("/search/", {"q": "con\x00fession"})

    assert response.status_code == 400
    assert "contains a NUL character" in response.content.decode()


def test_search_results_are_paginated_and_pages_keep_the_query(client):
    for hour in range(13):
        PublishedListicleFactory(title=f"Confession {hour:02d}", publish_at=hours(-1 - hour))

    first = client.get("/search/", {"q": "confession"})
    second = client.get("/search/", {"q": "confession", "page": 2})

    assert len(first.context["listicles"]) == 12
    assert titles(second) == ["Confession 12"]
    assert 'href="?q=confession&amp;page=2"' in first.content.decode()


@pytest.mark.parametrize("count", [3, 14])
def test_search_query_count_does_not_grow_with_results(client, django_assert_max_num_queries, count):
    for _ in range(count):
        listicle = PublishedListicleFactory(title="Confession")
        listicle.tags.add("romance", "comedy")
        EntryFactory(listicle=listicle, body="A confession.")

    with django_assert_max_num_queries(SEARCH_QUERIES):
        response = client.get("/search/", {"q": "confession"})

    assert len(response.context["listicles"]) == min(count, 12)


# Health and robots


def test_healthz_answers_ok_when_the_database_answers(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.content == b"ok"
    assert "no-cache" in response["Cache-Control"]


def test_healthz_answers_503_when_the_database_does_not(client):
    with mock.patch("articles.views.connection.cursor", side_effect=OperationalError("connection refused")):
        response = client.get("/healthz")

    assert response.status_code == 503
    assert response.content == b"database unavailable\n"


def test_robots_txt_allows_all_but_admin_and_previews_and_names_the_sitemaps(client):
    response = client.get("/robots.txt")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert lines[0] == "User-agent: *"
    assert "Disallow: /admin/" in lines
    assert "Disallow: /preview/" in lines
    assert "Disallow: /" not in lines
    assert lines[-2:] == [
        "Sitemap: http://testserver/sitemap.xml",
        "Sitemap: http://testserver/news-sitemap.xml",
    ]


# Error pages


def test_unknown_page_answers_404_in_the_site_style(client, settings):
    settings.DEBUG = False

    response = client.get("/no-such-page/")

    assert response.status_code == 404
    html = response.content.decode()
    assert "This page has left the drama" in html
    assert '<link rel="stylesheet" href="/static/css/site.css">' in html


def test_server_error_page_renders_without_the_database(django_assert_num_queries):
    with django_assert_num_queries(0):
        html = render_to_string("500.html")

    assert "Something went wrong on our side" in html
    assert '<a class="site-logo" href="/"' in html
