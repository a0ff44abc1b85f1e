"""Each operation costs a fixed number of queries, however many articles, entries or roles it shows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests import factories

from .conftest import get, jpeg

pytestmark = pytest.mark.django_db


def queries(client, path):
    with CaptureQueriesContext(connection) as captured:
        response = get(client, path)
    assert response.status_code == 200, response.content
    return len(captured)


def article_with(entries):
    listicle = factories.PublishedListicleFactory(hero_image=jpeg("hero.jpg", (400, 200)), hero_alt="Hero")
    listicle.tags.add("romance", "confessions")
    for position in range(entries):
        entry = factories.full_entry(listicle, position=position)
        factories.EntrySceneFactory(entry=entry, position=5)  # a second clip
    return listicle


@pytest.mark.parametrize("entries", [1, 4, 12])
def test_an_article_costs_the_same_queries_whatever_its_entries(
    client, entries, django_assert_max_num_queries
):
    listicle = article_with(entries)
    get(client, f"/articles/{listicle.pk}")  # renditions made once, as for any first reader
    with django_assert_max_num_queries(6):  # the article, tags, entries, credits, watch links, clips
        assert get(client, f"/articles/{listicle.pk}").status_code == 200
    with django_assert_max_num_queries(6):
        assert get(client, f"/articles/by-slug/{listicle.slug}").status_code == 200


def test_article_queries_do_not_grow_with_entries(client):
    small, large = article_with(2), article_with(10)
    for listicle in (small, large):
        get(client, f"/articles/{listicle.pk}")
    assert queries(client, f"/articles/{small.pk}") == queries(client, f"/articles/{large.pk}")


@pytest.mark.parametrize("articles", [1, 5, 20])
def test_a_page_of_articles_costs_the_same_queries_whatever_its_length(
    client, articles, django_assert_max_num_queries
):
    for _ in range(articles):
        article_with(1)
    get(client, "/articles?limit=100")
    for query in ("", "?tag=romance", "?drama=drama-x&actor=actor-x&author=nobody", "?limit=3"):
        with django_assert_max_num_queries(2):  # the page, its tags
            assert get(client, f"/articles{query}").status_code == 200
    # The knowledge base's names (3; on PostgreSQL 4 more: the similarity threshold in a savepoint,
    # the credits of the actors found), the page, its tags, the matched entries and their credits,
    # the genres of the dramas found.
    with django_assert_max_num_queries(12):
        assert get(client, "/search?q=Listicle").status_code == 200
    with django_assert_max_num_queries(12):
        assert get(client, "/search?q=Drama").status_code == 200


def test_article_list_queries_do_not_grow_with_the_page(client):
    for _ in range(12):
        article_with(1)
    get(client, "/articles?limit=12")
    assert queries(client, "/articles?limit=2") == queries(client, "/articles?limit=12")


@pytest.mark.parametrize("size", [1, 6])
def test_knowledge_base_pages_cost_fixed_queries(client, size, django_assert_max_num_queries):
    drama = factories.DramaFactory(slug="goblin")
    drama.tags.add("fantasy")
    actor = factories.ActorFactory(slug="gong-yoo")
    for number in range(size):
        factories.RoleFactory(drama=drama, character=f"Character {number}")
        factories.RoleFactory(actor=actor, character=f"Role {number}")
        factories.WatchLinkFactory(drama=drama)
        factories.PublishedListicleFactory().tags.add(f"tag-{number}")
    budgets = {"/dramas": 2, "/dramas/goblin": 4, "/actors": 1, "/actors/gong-yoo": 2, "/tags": 2}
    for path, budget in budgets.items():
        with django_assert_max_num_queries(budget):
            assert get(client, path).status_code == 200, path


def test_reaction_counts_are_kept_between_requests(client, django_assert_max_num_queries):
    listicle = factories.PublishedListicleFactory()
    get(client, f"/articles/{listicle.pk}/reactions")
    with django_assert_max_num_queries(0):  # the record and the counts come from the cache
        assert get(client, f"/articles/{listicle.pk}/reactions").status_code == 200
