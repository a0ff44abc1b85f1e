"""Related reading: up to four other published articles sharing dramas, actors or tags, ranked by
overlap then recency, as cards under the article and on drama and actor pages."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Status
from articles.related import related_listicles
from tests import factories
from tests.articles.test_pages import ARTICLE_PAGE_QUERIES

pytestmark = pytest.mark.django_db


def article(title, *, days_ago=1, dramas=(), roles=(), tags=(), status=Status.PUBLISHED):
    listicle = factories.ListicleFactory(
        title=title, status=status, publish_at=timezone.now() - timedelta(days=days_ago)
    )
    for position, drama in enumerate(dramas):
        entry = factories.EntryFactory(listicle=listicle, drama=drama, position=position)
        entry.featuring.set([role for role in roles if role.drama_id == drama.pk])
    listicle.tags.add(*tags)
    return listicle


def card_titles(html):
    section = html[html.index('<section class="related"') :]
    return re.findall(r'<h2 class="card__title"><a href="[^"]+">([^<]+)</a>', section)


@pytest.fixture
def world(db):
    goblin, coffee, guardian = (
        factories.DramaFactory(title=t) for t in ("Goblin", "Coffee Prince", "Guardian")
    )
    gong_yoo = factories.ActorFactory(name="Gong Yoo")
    goblin_role = factories.RoleFactory(drama=goblin, actor=gong_yoo, character="Kim Shin")
    coffee_role = factories.RoleFactory(drama=coffee, actor=gong_yoo, character="Choi Han Gyul")
    main = article("Main", dramas=[goblin], roles=[goblin_role], tags=["romance", "fantasy"])
    return {
        "main": main,
        "goblin": goblin,
        "coffee": coffee,
        "gong_yoo": gong_yoo,
        # Goblin (drama) + Gong Yoo (actor) + romance + fantasy: overlap 4
        "best": article(
            "Best", days_ago=30, dramas=[goblin], roles=[goblin_role], tags=["romance", "fantasy"]
        ),
        # Gong Yoo in another drama + romance: overlap 2, newer than "Older two"
        "newer_two": article("Newer two", days_ago=2, dramas=[coffee], roles=[coffee_role], tags=["romance"]),
        "older_two": article("Older two", days_ago=20, dramas=[goblin], tags=["fantasy"]),
        "one": article("One", days_ago=3, dramas=[guardian], tags=["fantasy"]),
        "another_one": article("Another one", days_ago=4, tags=["romance"]),
        "unrelated": article("Unrelated", days_ago=1, dramas=[guardian], tags=["thriller"]),
        "draft": article("Draft", dramas=[goblin], tags=["romance", "fantasy"], status=Status.DRAFT),
        "scheduled": article("Scheduled", days_ago=-2, dramas=[goblin], tags=["romance"]),
    }


def test_article_shows_four_related_cards_ranked_by_overlap_then_recency(client, world):
    html = client.get(world["main"].get_absolute_url()).content.decode()

    assert card_titles(html) == ["Best", "Newer two", "Older two", "One"]
    assert 'aria-labelledby="related-heading"' in html


def test_only_published_and_due_articles_and_never_the_article_itself_are_related(world):
    related = related_listicles(dramas=[world["goblin"].pk], tags=[], exclude=[world["main"].pk], limit=10)

    assert {listicle.title for listicle in related} == {"Best", "Older two"}


def test_nothing_in_common_shows_no_related_section(client):
    lonely = article("Lonely", dramas=[factories.DramaFactory()])
    article("Elsewhere", dramas=[factories.DramaFactory()])

    html = client.get(lonely.get_absolute_url()).content.decode()

    assert '<section class="related"' not in html


def test_related_cards_show_their_hero_image(client, world, django_capture_on_commit_callbacks):
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (1200, 675), "pink").save(buffer, "JPEG")
    best = world["best"]
    best.hero_image = SimpleUploadedFile("best.jpg", buffer.getvalue(), content_type="image/jpeg")
    best.hero_alt = "A sword"
    with django_capture_on_commit_callbacks(execute=True):  # the renditions are made on commit
        best.save()

    html = client.get(world["main"].get_absolute_url()).content.decode()

    section = html[html.index('<section class="related"') :]
    assert re.search(r'<source type="image/webp" srcset="/media/renditions/listicles/best', section)
    assert 'width="1200" height="675" loading="lazy"' in section


def test_drama_and_actor_pages_show_related_cards(client, world):
    drama_html = client.get(world["goblin"].get_absolute_url()).content.decode()
    actor_html = client.get(world["gong_yoo"].get_absolute_url()).content.decode()

    # Articles with its cast, but those already listed as being about Goblin: each article once.
    assert drama_html.count('class="featured__title"') == 3  # Main, Best, Older two
    assert card_titles(drama_html) == ["Newer two"]
    # Articles about his dramas, but those already listed as crediting Gong Yoo.
    assert actor_html.count('class="featured__title"') == 3  # Main, Newer two, Best
    assert card_titles(actor_html) == ["Older two"]


@pytest.mark.parametrize("others", [2, 12])
def test_related_cards_cost_the_same_queries_however_many_articles_match(
    client, django_assert_max_num_queries, others
):
    drama = factories.DramaFactory()
    main = article("Main", dramas=[drama], tags=["romance"])
    for number in range(others):
        article(f"Other {number}", days_ago=number + 2, dramas=[drama], tags=["romance", f"tag {number}"])

    with django_assert_max_num_queries(ARTICLE_PAGE_QUERIES):  # related cards included
        html = client.get(main.get_absolute_url()).content.decode()
    assert len(card_titles(html)) == min(others, 4)

    with django_assert_max_num_queries(7):  # the drama page's budget
        html = client.get(drama.get_absolute_url()).content.decode()
    assert html.count('class="featured__title"') == others + 1
    assert '<section class="related"' not in html  # every one of them is listed as being about it


def test_the_overlap_adds_shared_dramas_actors_and_tags_whether_tags_are_named_or_read(
    world, django_assert_num_queries
):
    """The query counts each kind once per article: a drama, an actor credited or quoted, a tag."""
    from articles.related import related_to_listicle

    main = world["main"]
    entries = list(main.entries.select_related("quote_role").prefetch_related("featuring"))
    by_name = related_to_listicle(main, entries)  # its tags matched in SQL
    main = type(main).objects.prefetch_related("tags").get(pk=main.pk)
    by_id = related_to_listicle(main, entries)

    expected = [("Best", 4), ("Newer two", 2), ("Older two", 2), ("One", 1)]
    assert [(card.title, card.overlap) for card in by_name] == expected
    assert [(card.title, card.overlap) for card in by_id] == expected
    best = by_name[0]
    assert best.author.name and best.publish_at == world["best"].publish_at  # the author and aware times
    with django_assert_num_queries(0):  # the cards' tags came with the page's
        assert {tag.name for tag in best.tags.all()} == {"romance", "fantasy"}


def test_a_card_without_an_author_and_an_empty_match_are_fine(world):
    world["best"].author = None
    world["best"].save()

    related = related_listicles(dramas=[world["goblin"].pk], exclude=[world["main"].pk])

    assert [card.title for card in related] == ["Older two", "Best"]  # the newer first at equal overlap
    assert related[0].author.name and related[1].author is None
    assert related_listicles(dramas=[], actors=(), tags=set()) == []
