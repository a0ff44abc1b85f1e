"""Cursor pagination: a walk over every page gives each item once, whatever is added meanwhile."""

import pytest
from django.core import signing
from django.utils import timezone

from api.cursors import SALT
from tests import factories

from .conftest import get

pytestmark = pytest.mark.django_db


def walk(client, path, limit, between_pages=None, query=""):
    """Every item of a list, page by page; `between_pages(page_number)` runs after each page."""
    seen, cursor, pages = [], None, 0
    while True:
        page_query = f"{query}limit={limit}" + (f"&cursor={cursor}" if cursor else "")
        response = get(client, f"{path}?{page_query}")
        assert response.status_code == 200, response.content
        page = response.json()
        assert len(page["items"]) <= limit
        seen += [item.get("slug") for item in page["items"]]
        pages += 1
        cursor = page["next_cursor"]
        if cursor is None:
            return seen, pages
        if between_pages:
            between_pages(pages)


@pytest.fixture
def articles(db):
    """17 live articles, some sharing a publication time (the id orders those)."""
    now = timezone.now()
    times = [
        now - timezone.timedelta(hours=hours)
        for hours in (1, 2, 2, 2, 3, 5, 5, 8, 9, 9, 9, 9, 12, 13, 14, 20, 30)
    ]
    return [
        factories.PublishedListicleFactory(slug=f"a-{number}", publish_at=at)
        for number, at in enumerate(times)
    ]


@pytest.mark.parametrize("limit", [1, 2, 5, 16, 17, 100])
def test_walking_every_page_gives_every_article_once_in_order(client, articles, limit):
    seen, pages = walk(client, "/articles", limit)
    expected = [a.slug for a in sorted(articles, key=lambda a: (a.publish_at, a.pk), reverse=True)]
    assert seen == expected
    assert pages == -(-len(articles) // limit)


def test_articles_added_during_a_walk_cause_no_duplicate_and_no_gap(client, articles):
    """New articles (newest first, so before the cursor) and ones backdated into pages not yet read
    (a scheduled article going live with an earlier time) may or may not show; every article that
    existed when the walk started shows exactly once."""
    oldest = min(article.publish_at for article in articles)
    added = []

    def publish_more(page):
        added.append(factories.PublishedListicleFactory(slug=f"new-{page}"))
        backdated = factories.PublishedListicleFactory(
            slug=f"backdated-{page}", publish_at=oldest - timezone.timedelta(minutes=page)
        )
        added.append(backdated)

    seen, _ = walk(client, "/articles", 3, between_pages=publish_more)
    assert len(seen) == len(set(seen))
    assert {article.slug for article in articles} <= set(seen)
    assert not any(slug.startswith("new-") for slug in seen)  # they came before the cursor
    assert any(slug.startswith("backdated-") for slug in seen)  # they came after it


def test_an_article_unpublished_during_a_walk_does_not_break_it(client, articles):
    def withdraw(page):
        if page == 1:
            target = articles[-1]
            target.status = "draft"
            target.save()

    seen, _ = walk(client, "/articles", 4, between_pages=withdraw)
    assert articles[-1].slug not in seen
    assert len(seen) == len(articles) - 1


def test_filters_page_the_same_way(client, articles):
    for article in articles[::2]:
        article.tags.add("romance")
    found, pages = walk(client, "/articles", 2, query="tag=romance&")
    assert sorted(found) == sorted(article.slug for article in articles[::2])
    assert pages == 5


@pytest.mark.parametrize("path", ["/dramas", "/actors", "/tags"])
def test_knowledge_base_lists_walk_completely(client, path):
    for number in range(7):
        drama = factories.DramaFactory(slug=f"drama-{number}", title=f"Same title {number % 2}")
        factories.RoleFactory(drama=drama, actor__slug=f"actor-{number}", actor__name="Same name")
        factories.PublishedListicleFactory().tags.add(f"tag-{number}")
    seen, pages = walk(client, path, 2)
    assert len(seen) == len(set(seen)) == 7
    assert pages == 4


def cursor_of(client, path="/articles"):
    return get(client, f"{path}?limit=1").json()["next_cursor"]


# Signed cursors carry the time they were made: made in the test, so that parallel workers collect
# the same test ids.
CURSORS = {
    "garbage": lambda: "garbage",
    "long": lambda: "a" * 500,
    "not-ours": lambda: signing.dumps(["articles", ["2024-01-01T00:00:00+00:00", 1]], salt="another"),
    "ours-but-nonsense": lambda: signing.dumps(["articles", ["not a time", 1]], salt=SALT),
    "too-short": lambda: signing.dumps(["articles", [1]], salt=SALT),
    "not-a-list": lambda: signing.dumps(["articles", "x"], salt=SALT),
    "negative-offset": lambda: signing.dumps(["search", [-4]], salt=SALT),
}


@pytest.mark.parametrize("kind", CURSORS)
def test_a_cursor_this_list_did_not_give_answers_400_with_the_reason(client, articles, kind):
    cursor = CURSORS[kind]()
    for path in ("/articles", "/search?q=Listicle&"):
        separator = "&" if "?" in path else "?"
        response = get(client, f"{path.rstrip('&')}{separator}cursor={cursor}")
        assert response.status_code == 400, (path, response.content)
        assert response.json() == {"error": "cursor: not a cursor this list gave; start again without one."}


def test_a_cursor_of_one_list_is_refused_by_another(client, articles):
    factories.DramaFactory.create_batch(3)
    response = get(client, f"/articles?cursor={cursor_of(client, '/dramas')}")
    assert response.status_code == 400


def test_an_edited_cursor_is_refused(client, articles):
    cursor = cursor_of(client)
    edited = cursor[:-1] + ("A" if cursor[-1] != "A" else "B")
    assert get(client, f"/articles?cursor={edited}").status_code == 400


@pytest.mark.parametrize(
    "query, reason",
    [
        ("limit=0", "limit: Input should be greater than or equal to 1."),
        ("limit=101", "limit: Input should be less than or equal to 100."),
        ("limit=ten", "limit: Input should be a valid integer, unable to parse string as an integer."),
        ("cursor=" + "a" * 501, "cursor: String should have at most 500 characters."),
        ("cursor=a%20b", "cursor: String should match pattern '^[-a-zA-Z0-9_.:]+$'."),
    ],
)
def test_a_limit_or_cursor_out_of_bounds_answers_422_naming_it(client, query, reason):
    for path in ("/articles", "/dramas", "/actors", "/tags", "/search?q=x&"):
        separator = "&" if "?" in path else "?"
        response = get(client, f"{path.rstrip('&')}{separator}{query}")
        assert response.status_code == 422, path
        assert response.json()["error"] == reason
        assert response.json()["detail"][0]["loc"] == ["query", query.split("=")[0]]
