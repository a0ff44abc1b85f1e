"""The article page's skeleton: rendered once per edit, never anything of a reader's in it, and
every edit shows on the next request of a signed-in reader (whose page the page cache never holds)."""

import pytest
from django.core.cache import caches
from django.urls import reverse

from accounts.models import ReaderProfile
from articles import article_page, page_cache
from articles.models import Comment
from dramas.models import WatchLink
from tests import factories

from .test_comment_queries import discussion
from .test_page_cache import stored_values

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_page_cache(monkeypatch):
    """Every request is rendered (what the page cache would store is not what is tested here);
    `PAGE_CACHE_SECONDS` keeps its value, which bounds what this process's cache keeps."""
    monkeypatch.setattr(page_cache, "shareable", lambda request: False)


@pytest.fixture
def article():
    listicle = factories.PublishedListicleFactory(
        title="Confessions", slug="confessions", poll_question="Which?"
    )
    factories.full_entry(listicle, position=0)
    return listicle


@pytest.fixture
def renders(monkeypatch):
    """How many times a skeleton was rendered."""
    count = []
    real = article_page._render
    monkeypatch.setattr(article_page, "_render", lambda *args: count.append(1) or real(*args))
    return count


@pytest.fixture
def reader(client):
    user = factories.reader_account("Mina Reads", username="mina")
    client.force_login(user)
    return user


def page(client, article):
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def stored_skeletons():
    return [value["html"] for value in stored_values() if isinstance(value, dict) and "html" in value]


def test_the_skeleton_is_rendered_once_and_comments_and_reactions_do_not_render_it_again(
    client, reader, article, renders
):
    page(client, article)
    assert renders == [1]
    Comment.objects.create(listicle=article, user=reader, body="A new thought.")
    client.post(reverse("articles:react", args=[article.pk, article.slug]), {"kind": "wow"})
    html = page(client, article)
    assert "A new thought." in html
    assert renders == [1]


def test_it_holds_nothing_of_a_readers_own(client, reader, article):
    Comment.objects.create(listicle=article, user=reader, body="My own words.")
    client.post(reverse("articles:react", args=[article.pk, article.slug]), {"kind": "wow"})
    html = page(client, article)
    assert "Mina Reads" in html and "My own words." in html and "Sign out" in html

    (skeleton,) = stored_skeletons()
    assert "Mina Reads" not in skeleton and "My own words." not in skeleton and "Sign out" not in skeleton
    assert 'aria-pressed="true"' not in skeleton
    assert "csrfmiddlewaretoken" not in skeleton or "csrf-token-of-this-response" in skeleton
    assert all(f"<!--fill:{name}-->" in skeleton for name in article_page.FILLS)


@pytest.mark.parametrize(
    "change, shown",
    [
        (
            lambda listicle: setattr_and_save(listicle, "title", "Confessions, revised"),
            "Confessions, revised",
        ),
        (lambda listicle: setattr_and_save(listicle.entries.first().drama, "title", "Renamed"), "Renamed"),
        (
            lambda listicle: WatchLink.objects.create(
                drama=listicle.entries.first().drama,
                provider="Netflix",
                url="https://www.netflix.com/title/9",
            ),
            "netflix.com/title/9",
        ),
        (lambda listicle: listicle.tags.add("slow-burn"), "slow-burn"),
    ],
    ids=["edit", "drama renamed", "watch link", "tag"],
)
def test_every_edit_shows_on_a_signed_in_readers_next_request(client, reader, article, change, shown):
    assert shown not in page(client, article)
    change(article)
    assert shown in page(client, article)


def setattr_and_save(instance, name, value):
    setattr(instance, name, value)
    instance.save()


def test_a_renamed_commenter_shows_under_the_new_name_at_once(client, article):
    author = factories.reader_account("Old Name", username="renamed")
    Comment.objects.create(listicle=article, user=author, body="Hello there.")
    assert "Old Name" in page(client, article)
    profile = ReaderProfile.objects.get(user=author)
    profile.display_name = "New Name"  # as the account page saves it
    profile.save()
    html = page(client, article)
    assert "New Name" in html and "Old Name" not in html


def test_an_out_of_date_skeleton_is_rendered_by_one_request_while_others_use_the_previous_one(
    client, reader, article, renders
):
    page(client, article)
    article.title = "Retitled"
    article.save()
    key = article_page._key(client.get("/").wsgi_request, article)
    caches["default"].add(key + ":rendering", 1)  # another worker is rendering it right now

    assert "Retitled" not in page(client, article)
    assert renders == [1]
    caches["default"].delete(key + ":rendering")
    assert "Retitled" in page(client, article)
    assert renders == [1, 1]


@pytest.mark.parametrize("count", [0, 10, 300])
def test_with_its_skeleton_stored_the_page_costs_a_few_queries_for_any_size(
    client, django_assert_max_num_queries, count
):
    listicle = factories.PublishedListicleFactory(poll_question="Which one?")
    for position in range(6):
        factories.full_entry(listicle, position)
    reader, _ = discussion(listicle, count)
    client.get(listicle.get_absolute_url())  # the skeleton is stored

    # Nothing: the listicle's record, the reaction and vote counts and the comments every reader
    # sees are kept until they change.
    with django_assert_max_num_queries(0):
        assert client.get(listicle.get_absolute_url()).status_code == 200
    # Signed in: the session, the account and its profile, the reader's own reaction, their vote
    # with the poll's counts, whether they have comments awaiting moderation, and their likes.
    client.force_login(reader)
    client.get(listicle.get_absolute_url())
    with django_assert_max_num_queries(7):
        assert client.get(listicle.get_absolute_url()).status_code == 200


def test_a_like_shows_to_the_next_reader_at_once(client, reader, article):
    author = factories.reader_account("Writer", username="writer")
    comment = Comment.objects.create(listicle=article, user=author, body="Liked soon.")
    other = factories.reader_account("Other", username="other")
    other_client = type(client)()
    other_client.force_login(other)
    assert "data-like-count>0<" in page(other_client, article)

    client.post(reverse("articles:comment_like", args=[comment.pk]))
    assert "data-like-count>1<" in page(other_client, article)
    assert '<span aria-hidden="true">♥</span> 1<span class="visually-hidden"> likes' in page(
        type(client)(), article
    )


def test_a_comment_awaiting_moderation_shows_to_its_author_alone(client, reader, article):
    Comment.objects.create(listicle=article, user=reader, body="Waiting for a moderator.", status="pending")
    Comment.objects.create(
        listicle=article, user=factories.reader_account("Else", username="else"), body="Published one."
    )
    anonymous = type(client)()
    assert "Waiting for a moderator." not in page(anonymous, article)
    mine = page(client, article)
    assert "Waiting for a moderator." in mine and "Awaiting moderation" in mine and "Published one." in mine
    assert "Waiting for a moderator." not in page(anonymous, article)


def test_a_skeleton_showing_an_original_while_its_renditions_are_made_is_kept_briefly(client, reader):
    import time_machine
    from django.utils import timezone

    from pictures import renditions

    from .test_page_images import jpeg

    listicle = factories.PublishedListicleFactory(hero_image=jpeg("hero.jpg"), hero_alt="The hero")
    factories.full_entry(listicle)
    key = renditions.cache_key(listicle.hero_image.name, listicle.hero_image.storage)
    caches["default"].add(f"{key}:making", True, 60)  # another app server is making them right now

    assert "<source" not in page(client, listicle)
    caches["default"].delete(f"{key}:making")
    assert "<source" not in page(client, listicle), "the same skeleton, for a few seconds"
    with time_machine.travel(timezone.now() + timezone.timedelta(seconds=11)):
        assert "<source" in page(client, listicle)


def test_with_a_cache_in_this_process_alone_what_is_kept_lasts_as_long_as_a_stored_page(
    client, reader, article, settings
):
    """Another worker or a management command cannot reach this process's cache: what it writes
    shows here within `PAGE_CACHE_SECONDS`, as on stored pages (with Redis, at once)."""
    import time_machine
    from django.core.cache import caches
    from django.core.cache.backends.locmem import LocMemCache
    from django.utils import timezone

    if not isinstance(caches["default"], LocMemCache):
        pytest.skip("a shared cache hears of every process's writes")
    settings.PAGE_CACHE_SECONDS = 10
    page(client, article)
    # Written as another process would: nothing in this process hears of it.
    Comment.objects.bulk_create([Comment(listicle=article, user=reader, body="Posted by another worker.")])
    ReactionKind = article.reactions.model._meta.get_field("kind").related_model
    ReactionKind.objects.filter(slug="wow").update(label="Whoa")
    assert "Posted by another worker." not in page(client, article)
    with time_machine.travel(timezone.now() + timezone.timedelta(seconds=11)):
        html = page(client, article)
        assert "Posted by another worker." in html
        assert "Whoa" in html


def test_votes_and_reactions_show_in_the_counts_on_the_next_request(client, article, settings):
    from articles.models import Vote

    settings.POLL_RESULTS_PUBLIC_AFTER_DAYS = 0  # everyone sees the results
    entry = article.entries.first()
    assert "1 vote" not in page(client, article)
    Vote.objects.create(listicle=article, entry=entry, reader="someone")
    html = page(client, article)
    assert ">1 vote<" in html
    client.post(reverse("articles:react", args=[article.pk, article.slug]), {"kind": "lol"})
    assert ">1 reaction<" in page(type(client)(), article)


def test_a_scheduled_article_answers_404_until_its_time_then_its_page(client):
    import time_machine
    from django.utils import timezone

    publish_at = timezone.now() + timezone.timedelta(minutes=5)
    listicle = factories.PublishedListicleFactory(publish_at=publish_at)
    factories.full_entry(listicle)
    assert client.get(listicle.get_absolute_url()).status_code == 404
    assert (
        client.post(reverse("articles:react", args=[listicle.pk, listicle.slug]), {"kind": "lol"}).status_code
        == 404
    )
    with time_machine.travel(publish_at + timezone.timedelta(seconds=1)):
        assert client.get(listicle.get_absolute_url()).status_code == 200


def test_a_reader_without_javascript_reacts_with_the_token_of_a_rendered_page(article):
    import re

    from django.test import Client

    Client().get(article.get_absolute_url())  # the box for readers nobody knows is kept
    reader = Client(enforce_csrf_checks=True)
    html = page(reader, article)
    box = html[html.index('id="reactions"') :]
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', box).group(1)
    assert token != page_cache.PLACEHOLDER
    posted = reader.post(
        reverse("articles:react", args=[article.pk, article.slug]),
        {"kind": "wow", "csrfmiddlewaretoken": token},
    )
    assert posted.status_code == 303
    assert re.search(
        r'data-reaction="wow"[^>]*aria-pressed="true"|aria-pressed="true"[^>]*data-reaction="wow"',
        page(reader, article),
    )
