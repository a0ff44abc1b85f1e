"""The shared page cache never shows a reader something out of date, nothing personal, no draft."""

import gzip
import pickle
import re
import uuid

import pytest
import time_machine
from django.core.cache import caches
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles import page_cache, workflow
from articles.models import Comment, Listicle, Status
from articles.revisions import record, restore
from dramas.models import WatchLink
from tests import factories
from tests.cache_keys import forget_known_counters
from tests.reader_posts import unlimited_addresses, url

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture(autouse=True)
def _cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 60
    unlimited_addresses(settings)


@pytest.fixture
def article():
    listicle = factories.PublishedListicleFactory(
        title="Confessions", slug="confessions", poll_question="Which one?"
    )
    listicle.tags.add("romance")
    factories.full_entry(listicle, position=0)
    return listicle


def read(path):
    """A fresh anonymous reader's GET: no cookies of their own."""
    return Client().get(path)


def served(path):
    """Read twice, so the second answer comes out of the cache; return it."""
    read(path)
    response = read(path)
    assert response["X-Page-Cache"] == "hit"
    return response


def text(response):
    return response.content.decode()


def stored_values():
    """Every value in the cache under this test's key prefix, unpickled (locmem or Redis)."""
    cache = caches["default"]
    prefix = cache.key_prefix
    if isinstance(getattr(cache, "_cache", None), dict):
        return [pickle.loads(value) for key, value in cache._cache.items() if key.startswith(prefix)]
    client = cache._cache.get_client()
    return [cache._cache._serializer.loads(client.get(key)) for key in client.scan_iter(f"{prefix}*")]


def stored_pages():
    return [
        value["content"].decode()
        for value in stored_values()
        if isinstance(value, dict) and "content" in value
    ]


def pages(article):
    return [
        article.get_absolute_url(),
        reverse("articles:home"),
        reverse("articles:tag", args=["romance"]),
        reverse("articles:author", args=[article.author.slug]),
        reverse("dramas:drama", args=[article.entries.first().drama.slug]),
        reverse("articles:feed"),
        "/sitemap.xml",
    ]


# Served from the cache, the same for everyone


def test_an_anonymous_readers_second_request_comes_from_the_cache_with_their_own_token(article):
    first = read(article.get_absolute_url())
    second = read(article.get_absolute_url())

    assert first["X-Page-Cache"] == "miss" and second["X-Page-Cache"] == "hit"
    assert TOKEN.sub("", text(first)) == TOKEN.sub("", text(second))
    assert set(TOKEN.findall(text(second))) != set(TOKEN.findall(text(first)))
    assert page_cache.PLACEHOLDER not in text(second)
    assert "no-store" in second["Cache-Control"] and "Cookie" in second["Vary"]


@pytest.mark.parametrize("name", ["home", "tag", "feed", "sitemap"])
def test_listings_carry_validators_and_a_short_public_lifetime(article, name):
    path = {"home": reverse("articles:home"), "tag": reverse("articles:tag", args=["romance"])}.get(
        name, reverse("articles:feed") if name == "feed" else "/sitemap.xml"
    )
    response = served(path)

    assert response["ETag"] and response["Last-Modified"]
    assert "public" in response["Cache-Control"] and "max-age=60" in response["Cache-Control"]
    assert "stale-while-revalidate" in response["Cache-Control"]
    again = Client().get(path, HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304


def test_the_page_cache_can_be_turned_off(settings, article):
    settings.PAGE_CACHE_SECONDS = 0
    read(article.get_absolute_url())
    assert "X-Page-Cache" not in read(article.get_absolute_url())


@pytest.mark.parametrize("cookie", ["sessionid", "reader", "messages"])
def test_a_request_with_something_of_its_own_bypasses_the_cache(article, cookie):
    read(article.get_absolute_url())
    client = Client()
    client.cookies[cookie] = "anything"
    response = client.get(article.get_absolute_url())
    assert "X-Page-Cache" not in response


def test_previews_and_the_admin_are_never_cached_nor_marked_public(admin_client, article):
    draft = factories.ListicleFactory(title="Secret draft")
    response = admin_client.get(reverse("admin:articles_listicle_preview", args=[draft.pk]))
    assert "X-Page-Cache" not in response and "public" not in response.get("Cache-Control", "")
    assert "public" not in admin_client.get("/admin/").get("Cache-Control", "")


# Nothing personal, no draft, in a shared entry


def test_no_shared_entry_holds_a_draft_a_preview_a_token_or_a_readers_name(client, article, admin_client):
    factories.ListicleFactory(title="Unreleased draft title", slug="unreleased").tags.add("romance")
    commenter = factories.reader_account("Visible Commenter", username="visible")
    Comment.objects.create(listicle=article, user=commenter, body="Lovely.")
    signed_in = factories.reader_account("Signed In Reader Name", username="signedin")
    client.force_login(signed_in)
    for path in pages(article):
        client.get(path)  # a signed-in reader's pages
        read(path)
        read(path)
    admin_client.get(reverse("admin:articles_listicle_preview", args=[article.pk]))

    contents = stored_pages()
    assert len(contents) == len(pages(article))
    assert any("Visible Commenter" in content for content in contents), "published comments are shared"
    for content in contents:
        assert "Unreleased draft title" not in content
        assert "Signed In Reader Name" not in content and "signedin" not in content
        assert "Preview" not in content
        assert all(value == page_cache.PLACEHOLDER for value in TOKEN.findall(content))
    for value in stored_values():
        assert "csrf" not in repr(value).lower() or page_cache.PLACEHOLDER in repr(value)


# A reader without JavaScript uses the forms of a cached page


def test_a_reader_without_javascript_reacts_votes_and_comments_from_a_cached_page(article):
    path = article.get_absolute_url()
    read(path)
    reader = Client(enforce_csrf_checks=True)
    page = reader.get(path)
    assert page["X-Page-Cache"] == "hit"
    token = TOKEN.findall(text(page))[0]

    reacted = reader.post(url("react", article), {"kind": "love", "csrfmiddlewaretoken": token})
    assert reacted.status_code == 303
    entry = article.entries.first()
    voted = reader.post(url("vote", article), {"entry": entry.pk, "csrfmiddlewaretoken": token})
    assert voted.status_code == 303
    own = reader.get(path)
    assert "X-Page-Cache" not in own, "a reader who chose has their own page"
    assert re.search(r'value="love"\s+aria-pressed="true"', text(own))

    commenter = Client(enforce_csrf_checks=True)
    cached = commenter.get(path)
    assert cached["X-Page-Cache"] == "hit"
    token = TOKEN.findall(text(cached))[0]
    posted = commenter.post(url("comments", article), {"body": "Hi", "csrfmiddlewaretoken": token})
    assert posted.status_code == 303 and reverse("account_login") in posted["Location"]


# Compressed for browsers that ask, without compressing per response


def gzipped_read(path, client=None):
    return (client or Client()).get(path, HTTP_ACCEPT_ENCODING="gzip, deflate, br")


def test_a_browser_asking_for_gzip_gets_the_cached_page_compressed_with_its_own_token(article):
    path = article.get_absolute_url()
    plain = served(path)
    first, second = gzipped_read(path), gzipped_read(path)

    assert first["X-Page-Cache"] == second["X-Page-Cache"] == "hit"
    assert first["Content-Encoding"] == "gzip" and "Accept-Encoding" in first["Vary"]
    assert "Content-Encoding" not in plain and "Accept-Encoding" in plain["Vary"]
    pages_read = [gzip.decompress(response.content).decode() for response in (first, second)]
    assert TOKEN.sub("", pages_read[0]) == TOKEN.sub("", pages_read[1]) == TOKEN.sub("", text(plain))
    assert TOKEN.findall(pages_read[0]) != TOKEN.findall(pages_read[1])
    assert page_cache.PLACEHOLDER not in pages_read[0]
    assert len(first.content) < len(plain.content) // 3
    assert len(first.content) == len(second.content), "a response's length says nothing of its token"


def test_while_a_page_is_being_compressed_other_readers_get_it_uncompressed_at_once(article):
    article.title = marker = f"Confessions {uuid.uuid4().hex}"
    article.save()
    path = article.get_absolute_url()
    served(path)
    (page,) = [
        value
        for value in page_cache._local.values()
        if isinstance(value, page_cache.StoredPage) and marker.encode() in value.parts[0]
    ]
    with page._compressing:  # another thread is compressing it right now
        meanwhile = gzipped_read(path)
    assert meanwhile["X-Page-Cache"] == "hit" and "Content-Encoding" not in meanwhile
    assert marker in text(meanwhile) and "Accept-Encoding" in meanwhile["Vary"]
    assert gzipped_read(path)["Content-Encoding"] == "gzip"


def test_the_first_render_is_gzipped_too(article):
    response = gzipped_read(article.get_absolute_url())
    assert response["X-Page-Cache"] == "miss" and response["Content-Encoding"] == "gzip"
    assert "Confessions" in gzip.decompress(response.content).decode()


def test_a_reader_without_javascript_posts_with_the_token_of_a_gzipped_page(article):
    path = article.get_absolute_url()
    read(path)
    reader = Client(enforce_csrf_checks=True)
    page = gzipped_read(path, reader)
    assert page["X-Page-Cache"] == "hit" and page["Content-Encoding"] == "gzip"
    token = TOKEN.findall(gzip.decompress(page.content).decode())[0]
    reacted = reader.post(url("react", article), {"kind": "love", "csrfmiddlewaretoken": token})
    assert reacted.status_code == 303


def test_a_gzipped_listing_has_its_own_validator_and_revalidates(article):
    path = reverse("articles:home")
    plain = served(path)
    packed = gzipped_read(path)

    assert packed["Content-Encoding"] == "gzip" and packed["ETag"] != plain["ETag"]
    assert gzip.decompress(packed.content) == plain.content
    assert "public" in packed["Cache-Control"] and "Accept-Encoding" in packed["Vary"]
    again = Client().get(path, HTTP_ACCEPT_ENCODING="gzip", HTTP_IF_NONE_MATCH=packed["ETag"])
    assert again.status_code == 304


def test_signed_in_pages_and_posts_are_never_compressed_by_the_page_cache(client, article):
    client.force_login(factories.reader_account("Jina", username="jina"))
    page = client.get(article.get_absolute_url(), HTTP_ACCEPT_ENCODING="gzip")
    assert "Content-Encoding" not in page and "Jina" in text(page)


def test_a_signed_in_readers_comment_form_works_and_their_page_is_theirs(client, article):
    client.force_login(factories.reader_account("Jina", username="jina"))
    client.handler.enforce_csrf_checks = True
    page = client.get(article.get_absolute_url())
    assert "X-Page-Cache" not in page and "Jina" in text(page)
    token = TOKEN.findall(text(page))[0]
    posted = client.post(url("comments", article), {"body": "So sweet.", "csrfmiddlewaretoken": token})
    assert posted.status_code == 303


# Every write that shows on a page: the next request sees it


def test_an_edit_shows_on_the_next_request(article):
    before = served(article.get_absolute_url())
    assert "Confessions" in text(before)
    article.title = "Confessions, revised"
    article.save()
    for path in (article.get_absolute_url(), reverse("articles:home"), reverse("articles:feed")):
        assert "Confessions, revised" in text(read(path))


def test_unpublishing_takes_the_article_off_every_page_at_once(article, editor):
    for path in pages(article):
        served(path)
    workflow.transition(article, to=Status.DRAFT, by=editor)

    assert read(article.get_absolute_url()).status_code == 404
    for path in (reverse("articles:home"), reverse("articles:feed"), "/sitemap.xml"):
        assert "Confessions" not in text(read(path)) and "confessions" not in text(read(path))


def test_publishing_shows_the_article_on_the_next_request(article, editor):
    draft = factories.ListicleFactory(title="Fresh news", slug="fresh-news")
    draft.tags.add("romance")
    factories.full_entry(draft)
    served(reverse("articles:home"))
    served(reverse("articles:tag", args=["romance"]))
    workflow.transition(draft, to=Status.PUBLISHED, by=None, skip_checks=True)

    for path in (
        reverse("articles:home"),
        reverse("articles:tag", args=["romance"]),
        reverse("articles:feed"),
    ):
        assert "Fresh news" in text(read(path))


def test_restoring_a_revision_shows_the_restored_text(article, editor):
    revision = record(article, user=editor)
    article.title = "Changed title"
    article.save()
    assert "Changed title" in text(served(article.get_absolute_url()))
    restore(revision, user=editor)
    assert "Confessions" in text(read(article.get_absolute_url()))
    assert "Changed title" not in text(read(article.get_absolute_url()))


def test_knowledge_base_changes_show_on_the_article_and_drama_pages(article):
    entry = article.entries.first()
    drama_page = reverse("dramas:drama", args=[entry.drama.slug])
    served(article.get_absolute_url())
    served(drama_page)

    entry.drama.title = "Renamed Drama"
    entry.drama.save()
    assert "Renamed Drama" in text(read(article.get_absolute_url()))
    served(article.get_absolute_url())
    WatchLink.objects.create(drama=entry.drama, provider="Netflix", url="https://www.netflix.com/title/81")
    assert "netflix.com/title/81" in text(read(article.get_absolute_url()))
    assert "netflix.com/title/81" in text(read(drama_page))
    served(article.get_absolute_url())
    scene = entry.scene_links.first().scene
    scene.title = "The rooftop confession"
    scene.save()
    assert "The rooftop confession" in text(read(article.get_absolute_url()))


def test_a_new_comment_and_its_moderation_show_on_the_next_request(article, editor):
    from articles.comments import moderate

    served(article.get_absolute_url())
    served(reverse("articles:home"))
    comment = factories.CommentFactory(listicle=article, body="First thoughts here.")
    assert "First thoughts here." in text(read(article.get_absolute_url()))
    served(article.get_absolute_url())
    moderate(Comment.objects.filter(pk=comment.pk), "hidden", editor)
    assert "First thoughts here." not in text(read(article.get_absolute_url()))


def test_a_reader_sees_their_own_reaction_right_after_reacting(article):
    reader = Client()
    served(article.get_absolute_url())
    reader.post(url("react", article), {"kind": "wow"})
    page = reader.get(article.get_absolute_url())
    assert re.search(r'value="wow"\s+aria-pressed="true"', text(page))
    assert "private" in page["Cache-Control"]


# Scheduled articles


def test_a_scheduled_article_appears_at_its_time_on_every_listing(article):
    publish_at = timezone.now() + timezone.timedelta(minutes=30)
    factories.PublishedListicleFactory(
        title="Scheduled story", slug="scheduled-story", publish_at=publish_at
    ).tags.add("romance")
    listings = (reverse("articles:home"), reverse("articles:tag", args=["romance"]), reverse("articles:feed"))
    for path in (*listings, "/sitemap.xml"):
        served(path)
        assert "Scheduled story" not in text(read(path)) and "scheduled-story" not in text(read(path))

    with time_machine.travel(publish_at + timezone.timedelta(seconds=1)):
        for path in listings:
            assert "Scheduled story" in text(read(path))
        assert "scheduled-story" in text(read("/sitemap.xml"))


def test_pages_stored_before_a_scheduled_time_are_fresh_only_until_it(article):
    publish_at = timezone.now() + timezone.timedelta(seconds=20)
    factories.PublishedListicleFactory(title="Soon", slug="soon", publish_at=publish_at)
    read(reverse("articles:home"))
    (page,) = stored_pages_records()
    assert page["fresh_until"] <= publish_at.timestamp()


def stored_pages_records():
    return [value for value in stored_values() if isinstance(value, dict) and "content" in value]


# No stampede


def test_an_out_of_date_page_is_rendered_by_one_request_while_others_get_the_previous_copy(article):
    path = article.get_absolute_url()
    served(path)
    renders = page_cache.renders()
    page_cache.invalidate()
    key = page_cache._key(
        type(
            "Request",
            (),
            {"scheme": "http", "get_host": lambda self: "testserver", "get_full_path": lambda self: path},
        )()
    )
    caches["default"].add(key + ":rendering", 1)  # another worker is rendering it right now

    assert read(path)["X-Page-Cache"] == "stale"
    assert page_cache.renders() == renders
    caches["default"].delete(key + ":rendering")
    assert read(path)["X-Page-Cache"] == "miss" and page_cache.renders() == renders + 1
    assert read(path)["X-Page-Cache"] == "hit"


def test_a_lost_version_counter_makes_every_stored_page_out_of_date(article):
    served(article.get_absolute_url())
    caches["default"].delete(page_cache.VERSION_KEY)
    forget_known_counters()  # as a process that has not read it yet
    assert read(article.get_absolute_url())["X-Page-Cache"] == "miss"
    assert Listicle.objects.filter(pk=article.pk).exists()


@pytest.mark.parametrize("entries, comments", [(1, 0), (8, 30)])
def test_a_page_served_from_the_cache_costs_no_query_whatever_its_size(
    article, django_assert_num_queries, entries, comments
):
    for position in range(1, entries):
        factories.full_entry(article, position=position)
    for _ in range(comments):
        factories.CommentFactory(listicle=article)
    for path in pages(article):
        read(path)
        with django_assert_num_queries(0):
            assert read(path)["X-Page-Cache"] == "hit"


def test_a_renamed_or_deleted_commenter_shows_at_once(article):
    from accounts.models import ReaderProfile

    author = factories.reader_account("Old Name", username="renamed")
    Comment.objects.create(listicle=article, user=author, body="Hello there.")
    assert "Old Name" in text(served(article.get_absolute_url()))
    profile = ReaderProfile.objects.get(user=author)
    profile.display_name = "New Name"
    profile.save()
    assert "New Name" in text(read(article.get_absolute_url()))
    served(article.get_absolute_url())
    author.delete()
    assert "[deleted account]" in text(read(article.get_absolute_url()))


def test_the_token_put_in_a_cached_page_is_one_django_accepts_for_the_readers_cookie(rf):
    from django.middleware.csrf import CSRF_ALLOWED_CHARS, _unmask_cipher_token

    request = rf.get("/")
    request.META["CSRF_COOKIE"] = "a" * 32  # a returning reader's cookie secret
    tokens = {page_cache.csrf_token(request) for _ in range(50)}
    assert len(tokens) == 50, "a new mask every time"
    assert all(len(token) == 64 and set(token) <= set(CSRF_ALLOWED_CHARS) for token in tokens)
    assert {_unmask_cipher_token(token) for token in tokens} == {"a" * 32}
    assert request.META["CSRF_COOKIE_NEEDS_UPDATE"] is True

    new_reader = rf.get("/")
    token = page_cache.csrf_token(new_reader)
    assert _unmask_cipher_token(token) == new_reader.META["CSRF_COOKIE"]
