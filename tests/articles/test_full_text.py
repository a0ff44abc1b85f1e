"""What only PostgreSQL's search does: typos, words found in different places, ranking by weight,
and the GIN indexes the migrations made, checked with EXPLAIN."""

import pytest
from django.db import connection

from articles import full_text
from articles.models import Listicle
from articles.search import search
from dramas.models import Actor, Drama
from tests.factories import DramaFactory, EntryFactory, PublishedListicleFactory

from .test_search import Cast, slugs

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="full text and pg_trgm are PostgreSQL's"),
]


@pytest.fixture
def cast():
    return Cast()


def test_a_typo_in_a_drama_title_finds_it(client, cast):
    response = client.get("/search/", {"q": "Helaer"})

    assert slugs(response) == {"confessions"}
    assert [drama.slug for drama in response.context["dramas"]] == ["healer"]
    assert f'href="{cast.confessions.get_absolute_url()}#entry-2">#2 Healer</a>' in response.content.decode()


@pytest.mark.parametrize("query", ["Gong Yo", "Gong Yoo", "Yoo Gong", "gong yoo"])
def test_an_actors_name_with_a_letter_missing_or_words_swapped_finds_them(client, cast, query):
    response = client.get("/search/", {"q": query})

    assert slugs(response) == {"confessions", "couples", "rom-com"}
    assert [actor.slug for actor in response.context["actors"]] == ["gong-yoo"]


def test_a_close_name_is_not_a_hit_beside_the_name_itself(client, cast):
    """ "Kim Go Eun" is one actor: Kim Shin, a character whose name shares a word, is no hit."""
    response = client.get("/search/", {"q": "Kim Go Eun"})

    assert [actor.slug for actor in response.context["actors"]] == ["kim-go-eun"]
    assert "rom-com" not in slugs(response)


def test_words_may_be_found_in_different_places_of_an_article(client, cast):
    """A drama title and a word of an entry's body."""
    assert slugs(client.get("/search/", {"q": "healer rooftop"})) == {"confessions"}
    assert slugs(client.get("/search/", {"q": "goblin snow"})) == {"confessions", "couples"}
    assert slugs(client.get("/search/", {"q": "goblin umbrellas"})) == set()


def test_a_negated_word_leaves_out_the_articles_that_have_it(client, cast):
    found = slugs(client.get("/search/", {"q": "Gong Yoo -coffee"}))

    assert found == {"couples"}


def test_title_matches_rank_above_drama_matches_above_body_matches(client):
    drama = DramaFactory(title="Secret Garden", native_title="시크릿 가든")
    in_body = PublishedListicleFactory(title="Winter dramas", slug="in-body")
    EntryFactory(listicle=in_body, body="A secret garden of snow.")
    by_drama = PublishedListicleFactory(title="Body swaps", slug="by-drama")
    EntryFactory(listicle=by_drama, drama=drama, body="They swap bodies.")
    in_title = PublishedListicleFactory(title="Secret Garden, ten years on", slug="in-title")

    results = search("secret garden", Listicle.objects.published())

    assert [listicle.slug for listicle in results.listicles] == [in_title.slug, by_drama.slug, in_body.slug]


def plan(queryset):
    """The plan PostgreSQL would choose were the tables large: a sequential scan priced out."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE articles_listicle, articles_entry, dramas_drama, dramas_actor, dramas_role")
        cursor.execute("SET LOCAL enable_seqscan = off")
        try:
            return queryset.explain()
        finally:
            cursor.execute("SET LOCAL enable_seqscan = on")


def test_the_search_finds_its_candidates_through_the_articles_and_entries_gin_indexes(cast):
    """The tables that grow with the newsroom's work; the knowledge base's are checked below."""
    results = full_text.FullTextSearch("rooftop confession", Listicle.objects.published())

    explained = plan(results.listicles)

    assert "articles_listicle_search" in explained
    assert "articles_entry_search" in explained


@pytest.mark.parametrize(
    ("query", "index"),
    [
        ("Helaer", "dramas_drama_title_trgm"),
        ("도깨", "dramas_drama_native_title_trgm"),
        ("Goblin", "dramas_drama_search"),
    ],
)
def test_the_knowledge_base_is_searched_through_its_gin_indexes(cast, query, index):
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config('pg_trgm.similarity_threshold', '0.25', true)")
    dramas = Drama.objects.alias(document=full_text.drama_document()).filter(
        full_text.names_match(query, "document", "title", "native_title")
    )

    assert index in plan(dramas)
    assert list(dramas.values_list("slug", flat=True)) == (["goblin"] if query != "Helaer" else ["healer"])


def test_actor_names_are_searched_through_their_gin_indexes(cast):
    actors = Actor.objects.alias(document=full_text.actor_document()).filter(
        full_text.names_match("공유", "document", "name", "native_name")
    )

    explained = plan(actors)

    assert "dramas_actor_search" in explained and "dramas_actor_native_name_trgm" in explained
    assert list(actors.values_list("slug", flat=True)) == ["gong-yoo"]
