"""Articles in the read API: only what readers may see, everything the page shows, the filters."""

import pytest
from django.core.files.storage import default_storage
from django.utils import timezone

from articles.search import search_listicles
from reactions.models import Reaction, ReactionKind
from tests import factories

from .conftest import get, jpeg, unseen

pytestmark = pytest.mark.django_db


def slugs(response):
    assert response.status_code == 200, response.content
    return [item["slug"] for item in response.json()["items"]]


def test_a_listicle_readers_cannot_see_is_in_no_list_and_answers_404_by_id_and_slug(client):
    factories.PublishedListicleFactory(slug="live")
    hidden = unseen()
    assert slugs(get(client, "/articles")) == ["live"]
    for listicle in hidden:
        listicle.tags.add("romance")
        for path in (f"/articles/{listicle.pk}", f"/articles/by-slug/{listicle.slug}"):
            response = get(client, path)
            assert response.status_code == 404, path
            assert response.json()["error"].startswith("There is no published article")
        assert get(client, f"/articles/{listicle.pk}/reactions").status_code == 404
    assert slugs(get(client, "/articles?tag=romance")) == []
    assert slugs(get(client, "/search?q=Listicle")) == ["live"]


def test_a_scheduled_article_appears_when_its_time_comes_without_any_job(client, time_machine):
    soon = timezone.now() + timezone.timedelta(minutes=5)
    scheduled = factories.PublishedListicleFactory(slug="soon", publish_at=soon)
    assert get(client, f"/articles/{scheduled.pk}").status_code == 404
    time_machine.move_to(soon + timezone.timedelta(seconds=1))
    assert get(client, f"/articles/{scheduled.pk}").status_code == 200
    assert slugs(get(client, "/articles")) == ["soon"]


def test_list_is_newest_first_with_the_id_breaking_ties(client):
    now = timezone.now()
    older = factories.PublishedListicleFactory(slug="older", publish_at=now - timezone.timedelta(days=2))
    tie_a = factories.PublishedListicleFactory(slug="tie-a", publish_at=now - timezone.timedelta(days=1))
    tie_b = factories.PublishedListicleFactory(slug="tie-b", publish_at=tie_a.publish_at)
    assert slugs(get(client, "/articles")) == [tie_b.slug, tie_a.slug, older.slug]


@pytest.fixture
def catalogue(db):
    """Three live articles: about Goblin by bina (tagged romance, Gong Yoo featured), about Coffee
    Prince by bina (Gong Yoo quoted), about Goblin by mina (tagged fantasy)."""
    bina, mina = factories.AuthorFactory(slug="bina"), factories.AuthorFactory(slug="mina")
    goblin, coffee = factories.DramaFactory(slug="goblin"), factories.DramaFactory(slug="coffee-prince")
    gong_yoo = factories.ActorFactory(slug="gong-yoo")
    first = factories.PublishedListicleFactory(slug="first", author=bina)
    first.tags.add("romance")
    entry = factories.EntryFactory(listicle=first, drama=goblin)
    entry.featuring.set([factories.RoleFactory(drama=goblin, actor=gong_yoo)])
    second = factories.PublishedListicleFactory(slug="second", author=bina)
    factories.EntryFactory(
        listicle=second,
        drama=coffee,
        quote="I like you.",
        quote_role=factories.RoleFactory(drama=coffee, actor=gong_yoo),
    )
    third = factories.PublishedListicleFactory(slug="third", author=mina)
    third.tags.add("fantasy")
    factories.EntryFactory(listicle=third, drama=goblin)
    for hidden in unseen(author=bina):  # never listed, whatever the filter
        hidden.tags.add("romance")
        factories.EntryFactory(listicle=hidden, drama=goblin).featuring.set(entry.featuring.all())
    return first, second, third


@pytest.mark.parametrize(
    "query, expected",
    [
        ("tag=romance", {"first"}),
        ("tag=fantasy", {"third"}),
        ("drama=goblin", {"first", "third"}),
        ("drama=coffee-prince", {"second"}),
        ("actor=gong-yoo", {"first", "second"}),
        ("author=bina", {"first", "second"}),
        ("author=bina&drama=goblin", {"first"}),
        ("actor=gong-yoo&tag=fantasy", set()),
        ("tag=no-such-tag", set()),
        ("drama=no-such-drama", set()),
        ("actor=nobody", set()),
        ("author=nobody", set()),
    ],
)
def test_filters_narrow_the_list_and_an_unknown_value_gives_an_empty_one(client, catalogue, query, expected):
    found = slugs(get(client, f"/articles?{query}"))
    assert set(found) == expected
    assert len(found) == len(expected)  # an article with two matching entries is listed once


@pytest.mark.parametrize(
    "query", ["tag=two%20words", "drama=a/b", "actor=%3Cscript%3E", "author=" + "x" * 221]
)
def test_a_filter_that_is_not_a_slug_answers_422_naming_it(client, query):
    response = get(client, f"/articles?{query}")
    assert response.status_code == 422
    assert response.json()["error"].startswith(query.split("=")[0] + ": ")


@pytest.fixture
def article(db, django_capture_on_commit_callbacks):
    """An article with everything the page shows, its pictures saved and committed (their renditions
    made, in-process without a broker)."""
    with django_capture_on_commit_callbacks(execute=True):
        listicle = factories.PublishedListicleFactory(
            slug="confessions",
            intro="Intro with *emphasis* and <script>alert(1)</script>.",
            outro="[a link](javascript:alert(1)) and **bold**",
            numbering="countdown",
            hero_image=jpeg("hero.jpg"),
            hero_alt="The hero",
        )
        listicle.tags.add("romance", "Confessions")
        first = factories.full_entry(listicle, position=0)
        first.body = 'Body with <img src=x onerror="alert(1)"> and _markdown_.'
        first.save()
        second = factories.full_entry(listicle, position=1)
        factories.EntrySceneFactory(
            entry=second, scene=None, image=jpeg("moment.jpg"), image_alt="A moment", position=9, credit="tvN"
        )
    return listicle


def test_detail_by_id_and_by_slug_give_the_same_article(client, article):
    by_id = get(client, f"/articles/{article.pk}")
    by_slug = get(client, f"/articles/by-slug/{article.slug}")
    assert by_id.status_code == by_slug.status_code == 200
    assert by_id.content == by_slug.content


def test_detail_holds_what_the_page_shows(client, article):
    data = get(client, f"/articles/{article.pk}").json()
    assert data["url"] == f"http://testserver/article/{article.pk}/confessions/"
    assert [tag["name"] for tag in data["tags"]] == ["Confessions", "romance"]  # the page's order
    assert data["author"]["slug"] == article.author.slug
    assert data["author_details"]["bio"] == article.author.bio
    first, second = data["entries"]
    assert [(first["position"], first["number"]), (second["position"], second["number"])] == [(1, 2), (2, 1)]
    entry = article.entries.get(position=0)
    lead, partner = entry.featuring.all()
    assert first["heading"] == entry.drama.title
    assert first["drama"] == {
        "slug": entry.drama.slug,
        "title": entry.drama.title,
        "year": entry.drama.year,
        "url": f"http://testserver/drama/{entry.drama.slug}/",
    }
    assert first["quote"] == "I like you."
    assert first["quote_by"]["character"] == lead.character
    assert [credit["actor"]["slug"] for credit in first["featuring"]] == [lead.actor.slug, partner.actor.slug]
    assert first["featuring"][0]["actor"]["url"] == f"http://testserver/actor/{lead.actor.slug}/"
    link = entry.drama.watch_links.get()
    assert first["watch"] == [{"provider": "Viki", "url": link.url}]
    (clip_item,) = first["items"]
    assert clip_item["lead_in_html"] == "<p>Before the clip.</p>"
    assert clip_item["caption_html"] == "<p>After the clip.</p>"
    assert clip_item["image"] is None
    assert clip_item["clip"] == {
        "title": entry.scene_links.get().scene.title,
        "episode": 3,
        "video_url": "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
        "provider": "YouTube",
        "embed_url": "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?rel=0",
        "still": None,
    }
    assert [item["position"] for item in second["items"]] == [1, 2]
    assert second["items"][1]["clip"] is None
    assert second["items"][1]["image"]["alt"] == "A moment"
    assert second["items"][1]["credit"] == "tvN"


def test_markdown_is_sanitised_html_as_on_the_page(client, article):
    data = get(client, f"/articles/{article.pk}").json()
    assert (
        data["intro_html"] == "<p>Intro with <em>emphasis</em> and &lt;script&gt;alert(1)&lt;/script&gt;.</p>"
    )
    assert "javascript:" not in data["outro_html"]
    assert "<strong>bold</strong>" in data["outro_html"]
    body = data["entries"][0]["body_html"]
    assert "<img" not in body and "<em>markdown</em>" in body
    page = client.get(article.get_absolute_url()).content.decode()
    assert body in page  # the very HTML the page renders


def test_images_are_absolute_rendition_urls(client, article):
    hero = get(client, f"/articles/{article.pk}").json()["hero"]
    assert hero["alt"] == "The hero"
    assert (hero["width"], hero["height"]) == (800, 450)
    assert hero["url"].startswith("http://testserver/media/renditions/listicles/")
    assert [source["type"] for source in hero["sources"]][-1] == "image/jpeg"
    widths = [rendition["width"] for rendition in hero["sources"][-1]["renditions"]]
    assert widths == [360, 720, 800]
    for source in hero["sources"]:
        for rendition in source["renditions"]:
            assert rendition["url"].startswith("http://testserver/media/renditions/")
            assert default_storage.exists(rendition["url"].removeprefix("http://testserver/media/"))


def test_an_image_whose_renditions_are_not_made_yet_is_the_original_at_its_size(client):
    listicle = factories.PublishedListicleFactory(hero_image=jpeg("new.jpg", (640, 360)), hero_alt="New")
    hero = get(client, f"/articles/{listicle.pk}").json()["hero"]
    assert hero == {
        "url": f"http://testserver/media/{listicle.hero_image.name}",
        "alt": "New",
        "width": 640,
        "height": 360,
        "animated": False,
        "poster": None,
        "sources": [],
    }


def test_an_article_without_images_or_author_says_none(client):
    listicle = factories.PublishedListicleFactory(author=None)
    data = get(client, f"/articles/{listicle.pk}").json()
    assert (data["hero"], data["author"], data["author_details"], data["entries"]) == (None, None, None, [])


def test_a_stale_slug_answers_404_by_slug_while_the_id_still_finds_it(client, article):
    article.slug = "renamed"
    article.save()
    assert get(client, "/articles/by-slug/confessions").status_code == 404
    assert get(client, f"/articles/{article.pk}").json()["slug"] == "renamed"


def test_reaction_counts_are_those_of_the_reaction_box(client, article):
    love, wow = ReactionKind.objects.get(slug="love"), ReactionKind.objects.get(slug="wow")
    for number, kind in enumerate([love, love, love, wow]):
        Reaction.objects.create(listicle=article, kind=kind, reader=f"reader-{number}")
    data = get(client, f"/articles/{article.pk}/reactions").json()
    counts = {kind["slug"]: (kind["count"], kind["share"]) for kind in data["kinds"]}
    assert data["total"] == 4 and data["article_id"] == article.pk
    assert counts["love"] == (3, 75) and counts["wow"] == (1, 25)
    assert [kind["slug"] for kind in data["kinds"]] == list(
        ReactionKind.objects.filter(active=True).values_list("slug", flat=True)
    )


def test_reaction_counts_answer_404_when_reactions_are_off(client, article):
    article.allow_reactions = False
    article.save()
    response = get(client, f"/articles/{article.pk}/reactions")
    assert response.status_code == 404
    assert response.json() == {"error": "Reactions are turned off for this article."}


def test_search_finds_what_the_search_page_finds_in_the_same_order(client, catalogue):
    goblin = factories.PublishedListicleFactory(slug="goblin-special", title="Goblin special")
    factories.ListicleFactory(slug="goblin-draft", title="Goblin draft")
    from articles.models import Listicle

    expected = [item.slug for item in search_listicles(Listicle.objects.published(), "Goblin")]
    found = slugs(get(client, "/search?q=Goblin"))
    assert found == expected and goblin.slug in found and "goblin-draft" not in found


def test_search_pages_by_cursor(client):
    for number in range(5):
        factories.PublishedListicleFactory(slug=f"kiss-{number}", title=f"Kiss number {number}")
    first = get(client, "/search?q=Kiss&limit=2").json()
    second = get(client, f"/search?q=Kiss&limit=2&cursor={first['next_cursor']}").json()
    third = get(client, f"/search?q=Kiss&limit=2&cursor={second['next_cursor']}").json()
    seen = [item["slug"] for page in (first, second, third) for item in page["items"]]
    assert sorted(seen) == [f"kiss-{number}" for number in range(5)]
    assert third["next_cursor"] is None


@pytest.mark.parametrize(
    "query, status, reason",
    [
        ("", 422, "q: Field required."),
        ("?q=", 422, "q: String should have at least 1 character."),
        ("?q=" + "x" * 101, 422, "q: String should have at most 100 characters."),
    ],
)
def test_search_refuses_a_missing_or_overlong_query_with_the_reason(client, query, status, reason):
    response = get(client, f"/search{query}")
    assert (response.status_code, response.json()["error"]) == (status, reason)


def test_a_blank_search_finds_nothing(client, catalogue):
    assert get(client, "/search?q=%20%20").json() == {
        "items": [],
        "dramas": [],
        "actors": [],
        "next_cursor": None,
    }


def test_search_names_the_entries_that_matched_with_a_link_to_each(client):
    listicle = factories.PublishedListicleFactory(slug="confessions", numbering="countdown")
    goblin = factories.DramaFactory(title="Goblin", slug="goblin")
    shin = factories.RoleFactory(drama=goblin, character="Kim Shin", actor__name="Gong Yoo")
    other = factories.EntryFactory(listicle=listicle, position=0, heading="A rooftop")
    entry = factories.EntryFactory(listicle=listicle, drama=goblin, position=1, heading="The first snow")
    entry.featuring.set([shin])
    [hit] = get(client, "/search?q=Kim%20Shin").json()["items"]
    [match] = hit["matched_entries"]
    assert match["id"] == entry.pk and match["id"] != other.pk
    assert match["number"] == 1  # a countdown of two: the second entry is number 1
    assert match["heading"] == "The first snow"
    assert match["url"] == f"http://testserver{listicle.get_absolute_url()}#entry-1"
    assert match["drama"]["title"] == "Goblin"
    assert [(c["character"], c["actor"]["name"]) for c in match["credits"]] == [("Kim Shin", "Gong Yoo")]


def test_search_names_the_dramas_and_actors_it_finds_on_the_first_page_only(client):
    factories.DramaFactory(title="Goblin", slug="goblin").tags.add("fantasy")
    factories.ActorFactory(name="Goblin Player", slug="goblin-player")
    for number in range(3):
        factories.PublishedListicleFactory(slug=f"goblin-{number}", title=f"Goblin moments {number}")
    first = get(client, "/search?q=Goblin&limit=2").json()
    assert [drama["slug"] for drama in first["dramas"]] == ["goblin"]
    assert first["dramas"][0]["genres"] == [{"slug": "fantasy", "name": "fantasy"}]
    assert [actor["slug"] for actor in first["actors"]] == ["goblin-player"]
    second = get(client, f"/search?q=Goblin&limit=2&cursor={first['next_cursor']}").json()
    assert second["dramas"] == [] and second["actors"] == []
    assert len(second["items"]) == 1


def test_a_nul_character_answers_400_as_json_to_a_json_client(client):
    response = get(client, "/search?q=a%00b", HTTP_ACCEPT="application/json")
    assert response.status_code == 400
    assert response.json()["error"].startswith("The address contains a NUL character")
