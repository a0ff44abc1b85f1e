"""Search finds what the knowledge base knows, on either database: credited actors, Hangul names
and titles, and says which entry matched. tests/articles/test_full_text.py adds what only
PostgreSQL does (typos, ranking by weight, the indexes)."""

import re

import pytest
from django.db import connection

from articles.models import Entry, Status
from articles.search import search
from tests.factories import (
    ActorFactory,
    DramaFactory,
    EntryFactory,
    ListicleFactory,
    PublishedListicleFactory,
    RoleFactory,
)

pytestmark = pytest.mark.django_db

on_sqlite = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="the fallback of databases without full text"
)

# See tests/articles/test_listings.py: SEARCH_QUERIES.
SEARCH_QUERIES = 12


class Cast:
    """A small knowledge base as the demo has it, and articles that show it in different ways."""

    def __init__(self):
        self.goblin = DramaFactory(title="Goblin", slug="goblin", native_title="도깨비")
        self.coffee = DramaFactory(
            title="Coffee Prince", slug="coffee-prince", native_title="커피프린스 1호점"
        )
        self.cheese = DramaFactory(
            title="Cheese in the Trap", slug="cheese-in-the-trap", native_title="치즈인더트랩"
        )
        self.healer = DramaFactory(title="Healer", slug="healer", native_title="힐러")
        self.gong_yoo = ActorFactory(name="Gong Yoo", slug="gong-yoo", native_name="공유")
        self.kim_go_eun = ActorFactory(name="Kim Go Eun", slug="kim-go-eun", native_name="김고은")
        ji = ActorFactory(name="Ji Chang Wook", slug="ji-chang-wook", native_name="지창욱")
        self.kim_shin = RoleFactory(drama=self.goblin, actor=self.gong_yoo, character="Kim Shin")
        self.eun_tak = RoleFactory(drama=self.goblin, actor=self.kim_go_eun, character="Ji Eun Tak")
        self.han_gyul = RoleFactory(drama=self.coffee, actor=self.gong_yoo, character="Choi Han Gyul")
        self.hong_seol = RoleFactory(drama=self.cheese, actor=self.kim_go_eun, character="Hong Seol")
        self.jung_hoo = RoleFactory(drama=self.healer, actor=ji, character="Seo Jung Hoo")

        # Names the actor in its text, and quotes him.
        self.confessions = PublishedListicleFactory(title="Confession scenes", slug="confessions")
        self.entry(self.confessions, self.coffee, [self.han_gyul], body="Choi Han Gyul (Gong Yoo) admits it.")
        self.entry(self.confessions, self.healer, [self.jung_hoo], body="On the rooftop, at last.")
        self.entry(
            self.confessions,
            self.goblin,
            [self.kim_shin, self.eun_tak],
            quote_role=self.kim_shin,
            body="The sword, the bride, the snow.",
        )
        # Credit only: no actor's name anywhere in its text.
        self.couples = PublishedListicleFactory(title="Couples meant to be", slug="couples")
        self.entry(self.couples, self.goblin, [self.kim_shin, self.eun_tak], body="Fated, in the first snow.")
        self.rom_com = PublishedListicleFactory(title="Rom-com laughs", slug="rom-com")
        self.entry(self.rom_com, self.coffee, [self.han_gyul], body="A coffee shop with a secret.")
        self.heroines = PublishedListicleFactory(title="Heroines we love", slug="heroines")
        self.entry(self.heroines, self.cheese, [self.hong_seol], body="She sees through everyone.")
        self.unrelated = PublishedListicleFactory(title="Kisses in the rain", slug="kisses")
        self.entry(self.unrelated, DramaFactory(title="Another drama"), [], body="Umbrellas.")
        self.draft = ListicleFactory(title="Gong Yoo draft", slug="draft", status=Status.DRAFT)
        self.entry(self.draft, self.goblin, [self.kim_shin], body="Not yet.")

    def entry(self, listicle, drama, featuring, **fields):
        entry = EntryFactory(listicle=listicle, drama=drama, **fields)
        entry.featuring.set(featuring)
        return entry


@pytest.fixture
def cast():
    return Cast()


def slugs(response):
    return {listicle.slug for listicle in response.context["listicles"]}


def actor_page_slugs(actor):
    return {entry.listicle.slug for entry in Entry.objects.featuring_actor(actor)}


def test_an_actor_finds_every_article_their_page_lists_credit_only_included(client, cast):
    response = client.get("/search/", {"q": "Gong Yoo"})

    assert response.status_code == 200
    assert slugs(response) == actor_page_slugs(cast.gong_yoo) == {"confessions", "couples", "rom-com"}


def test_kim_go_eun_finds_the_articles_crediting_either_of_her_characters(client, cast):
    found = slugs(client.get("/search/", {"q": "Kim Go Eun"}))

    assert actor_page_slugs(cast.kim_go_eun) <= found
    assert {"confessions", "couples", "heroines"} <= found
    assert "kisses" not in found


@pytest.mark.parametrize("query", ["도깨비", "공유"])
def test_hangul_titles_and_names_find_the_goblin_articles(client, cast, query):
    found = slugs(client.get("/search/", {"q": query}))

    assert {"confessions", "couples"} <= found
    assert "kisses" not in found and "draft" not in found


def test_a_hangul_substring_finds_the_drama(client, cast):
    response = client.get("/search/", {"q": "커피프린스"})

    assert slugs(response) == {"confessions", "rom-com"}
    assert [drama.slug for drama in response.context["dramas"]] == ["coffee-prince"]


def test_a_character_name_finds_the_entries_crediting_it(client, cast):
    assert slugs(client.get("/search/", {"q": "Hong Seol"})) == {"heroines"}


def test_results_name_and_link_the_entry_that_matched(client, cast):
    html = client.get("/search/", {"q": "Gong Yoo"}).content.decode()

    card = html[html.index(">Couples meant to be<") :]
    link = f'href="{cast.couples.get_absolute_url()}#entry-1">#1 Goblin</a>'
    assert link in card
    credit = re.sub(r"\s+", " ", card[card.index(link) : card.index("</li>", card.index(link))])
    assert '— <span class="credit">Kim Shin (<a' in credit
    assert f'href="{cast.gong_yoo.get_absolute_url()}">Gong Yoo</a>)' in credit
    assert "Ji Eun Tak" not in credit  # the credit that matched, not the whole couple


def test_results_number_the_entry_as_its_article_does(client, cast):
    html = client.get("/search/", {"q": "Kim Shin"}).content.decode()

    assert f'href="{cast.confessions.get_absolute_url()}#entry-3">#3 Goblin</a>' in html


def test_an_entry_found_by_its_drama_shows_the_couple_it_features(client, cast):
    matches = {
        listicle.slug: listicle.search_matches
        for listicle in client.get("/search/", {"q": "도깨비"}).context["listicles"]
    }

    (goblin,) = matches["couples"]
    assert goblin.number == 1
    assert goblin.roles == [cast.kim_shin, cast.eun_tak]


def test_dramas_and_actors_named_by_the_query_come_above_the_articles(client, cast):
    response = client.get("/search/", {"q": "Gong Yoo"})
    html = response.content.decode()

    assert [actor.slug for actor in response.context["actors"]] == ["gong-yoo"]
    hit = html.index(f'href="{cast.gong_yoo.get_absolute_url()}"')
    assert hit < html.index('class="card"')
    assert "공유" in html[hit : html.index("</li>", hit)]

    assert html.count('class="search-hit"') == 1

    response = client.get("/search/", {"q": "Goblin"})
    assert [drama.slug for drama in response.context["dramas"]] == ["goblin"]
    assert response.content.decode().index('href="/drama/goblin/"') < response.content.decode().index(
        'class="card"'
    )


def test_search_never_finds_what_readers_may_not_see(client, cast):
    scheduled = PublishedListicleFactory(title="Gong Yoo soon", slug="soon")
    scheduled.publish_at = scheduled.publish_at.replace(year=scheduled.publish_at.year + 1)
    scheduled.save()

    found = slugs(client.get("/search/", {"q": "Gong Yoo"}))

    assert "draft" not in found and "soon" not in found


@pytest.mark.parametrize("size", [1, 6])
def test_search_query_count_does_not_grow_with_entries_credits_or_hits(
    client, django_assert_max_num_queries, size
):
    actor = ActorFactory(name="Gong Yoo", native_name="공유")
    for number in range(size):
        drama = DramaFactory(title=f"Goblin {number}", native_title=f"도깨비 {number}")
        role = RoleFactory(drama=drama, actor=actor, character=f"Kim Shin {number}")
        partner = RoleFactory(drama=drama, character=f"Ji Eun Tak {number}")
        listicle = PublishedListicleFactory(title=f"Goblin list {number}")
        listicle.tags.add("fantasy", "romance")
        for position in range(size):
            entry = EntryFactory(listicle=listicle, drama=drama, position=position, quote_role=role)
            entry.featuring.set([role, partner])

    for query in ("Gong Yoo", "도깨비", "Goblin"):
        with django_assert_max_num_queries(SEARCH_QUERIES):
            response = client.get("/search/", {"q": query})
        assert len(response.context["listicles"]) == size


def test_search_results_are_a_public_page_like_the_others(client, cast):
    response = client.get("/search/", {"q": "Gong Yoo"})

    assert response.status_code == 200
    assert "public" in response["Cache-Control"] and "s-maxage" in response["Cache-Control"]
    assert not response.cookies
    assert "csrfmiddlewaretoken" not in response.content.decode()
    again = client.get("/search/", {"q": "Gong Yoo"}, HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304


@pytest.mark.parametrize(
    ("query", "reason"),
    [
        ("Gong\x07Yoo", "Searches can only contain letters, digits, spaces and punctuation."),
        ("\x1b[31m", "Searches can only contain letters, digits, spaces and punctuation."),
        ("공유 " * 40, "Searches can be at most 100 characters long; try fewer words."),
    ],
)
def test_bad_search_input_answers_400_with_the_reason_and_is_not_kept_by_caches(client, query, reason):
    response = client.get("/search/", {"q": query})

    assert response.status_code == 400
    assert reason in response.content.decode()
    assert "public" not in response.get("Cache-Control", "")


@pytest.mark.parametrize("query", ["Gong\tYoo", "  Gong   Yoo  ", "Gong\nYoo"])
def test_spaces_of_any_kind_between_words_search_as_one(client, cast, query):
    response = client.get("/search/", {"q": query})

    assert response.status_code == 200
    assert response.context["query"] == "Gong Yoo"
    assert "rom-com" in slugs(response)


@pytest.mark.parametrize("query", ["!!!", "'\"&|!:*()", "%_", "<>", "ㅋㅋㅋ", "🙂", "-goblin", '"kim shin"'])
def test_odd_searches_answer_normally(client, cast, query):
    assert client.get("/search/", {"q": query}).status_code == 200


def test_the_read_api_finds_what_the_search_page_finds(client, cast):
    from articles.models import Listicle

    expected = [listicle.slug for listicle in search("Gong Yoo", Listicle.objects.published()).listicles]
    answer = client.get("/api/v1/search", {"q": "Gong Yoo"}).json()

    assert [item["slug"] for item in answer["items"]] == expected
    assert set(expected) == {"confessions", "couples", "rom-com"}


@on_sqlite
def test_without_full_text_every_word_must_appear_somewhere_as_a_substring(client, cast):
    assert slugs(client.get("/search/", {"q": "Gong Yo"})) == {"confessions", "couples", "rom-com"}
    assert slugs(client.get("/search/", {"q": "goblin snow"})) == {"confessions", "couples"}
    assert slugs(client.get("/search/", {"q": "goblin umbrellas"})) == set()
    assert slugs(client.get("/search/", {"q": "Helaer"})) == set()  # no typo tolerance without pg_trgm
