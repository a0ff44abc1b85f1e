"""Every write readers would see purges the pages that show it, once its transaction commits
(articles/purges.py); nothing is purged while no frontend cache is configured."""

import logging

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse

import frontend_cache
from accounts.models import ReaderProfile
from articles import purges
from articles.models import Status
from articles.page_invalidation import written_in_bulk
from comments import comments, part
from comments.models import Comment, CommentStatus
from reactions.models import ReactionKind
from tests import factories
from tests.reader_posts import JSON, react


class Purged:
    """The purges asked for. A test is one transaction that never commits: each write the test
    means to see purged runs inside django_capture_on_commit_callbacks(execute=True), setup too,
    or its pages join the batch of a commit that never comes."""

    def __init__(self):
        self.calls = []  # one set of paths per purge call, or "everything"

    @property
    def paths(self):
        return {
            url.removeprefix("http://testserver")
            for call in self.calls
            if call != "everything"
            for url in call
        }


@pytest.fixture
def purged(settings, monkeypatch):
    settings.FRONTEND_CACHE_BACKENDS = ["nginx"]
    settings.FRONTEND_CACHE_NGINX_URL = "http://127.0.0.1:9"
    settings.FRONTEND_CACHE_BASE_URLS = ["http://testserver"]
    settings.FRONTEND_CACHE_REPEAT_SECONDS = 0
    record = Purged()
    monkeypatch.setattr(frontend_cache, "purge", lambda urls: record.calls.append(set(urls)) or [])
    monkeypatch.setattr(frontend_cache, "purge_all", lambda: record.calls.append("everything") or [])
    return record


@pytest.fixture
def article(db):
    listicle = factories.PublishedListicleFactory(title="Live one", slug="live-one")
    listicle.tags.set(["romance"])
    factories.full_entry(listicle)
    return listicle


@pytest.fixture
def other(db):
    return factories.PublishedListicleFactory(title="Another", slug="another")


def pages(listicle):
    """The article page as each sort links to it, and the read API's answers about the article."""
    url = listicle.get_absolute_url()
    api = f"/api/v1/articles/{listicle.pk}"
    return {url, f"{url}?sort=oldest", f"{url}?sort=newest", f"{url}?sort=top"} | {
        api,
        f"{api}/reactions",
        f"/api/v1/articles/by-slug/{listicle.slug}",
    }


def comment_pages(listicle):
    url = reverse("articles:comments", args=[listicle.pk, listicle.slug])
    return {url, f"{url}?page=1", f"{url}?sort=top&page=1"}


def test_editing_a_live_article_purges_every_page_that_shows_it(
    article, purged, django_capture_on_commit_callbacks
):
    entry = article.entries.get()
    with django_capture_on_commit_callbacks(execute=True):
        article.title = "Live one, edited"
        article.save()
    assert len(purged.calls) == 1
    assert pages(article) | comment_pages(article) <= purged.paths
    assert {"/", "/?page=1", "/feed/", "/sitemap.xml", "/tag/romance/", "/tag/romance/feed/"} <= purged.paths
    assert "/news-sitemap.xml" in purged.paths
    assert {article.author.get_absolute_url(), f"/author/{article.author.slug}/feed/"} <= purged.paths
    assert entry.drama.get_absolute_url() in purged.paths
    assert {role.actor.get_absolute_url() for role in entry.featuring.all()} <= purged.paths


def test_a_draft_purges_nothing(purged, django_capture_on_commit_callbacks, db):
    draft = factories.ListicleFactory(status=Status.DRAFT)
    with django_capture_on_commit_callbacks(execute=True):
        draft.title = "Still a draft"
        draft.save()
    assert purged.calls == []


def test_a_new_slug_purges_the_old_address_and_the_new(article, purged, django_capture_on_commit_callbacks):
    old = article.get_absolute_url()
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        article.slug = "live-one-renamed"
        article.save()
    assert {old, f"/article/{article.pk}/live-one-renamed/"} <= purged.paths


def test_a_move_purges_the_redirects_at_every_old_address(
    article, purged, django_capture_on_commit_callbacks
):
    """nginx keeps an old address's redirect for s-maxage: after a move it would lead to the address
    before, and back and forth makes that a loop."""
    for slug in ["live-one-b", "live-one-c"]:
        with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
            article.slug = slug
            article.save()
    purged.calls.clear()

    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        article.slug = "live-one"
        article.save()

    for slug in ["live-one", "live-one-b", "live-one-c"]:
        url = f"/article/{article.pk}/{slug}/"
        assert {url, f"{url}?sort=top", f"{url}comments/"} <= purged.paths


def test_retagging_purges_the_old_tag_page_and_the_new(article, purged, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        article.tags.set(["comedy"])
    assert {"/tag/romance/", "/tag/comedy/"} <= purged.paths


def test_unpublishing_purges_the_pages_it_was_on(article, purged, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        type(article).objects.filter(pk=article.pk)  # noqa: B018 - nothing happens without a save
        article.status = Status.DRAFT
        article.save()
    assert pages(article) | {"/", "/tag/romance/"} <= purged.paths


def test_a_comment_purges_its_article_and_listings_and_leaves_other_articles(
    article, other, purged, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        factories.CommentFactory(listicle=article)
    assert pages(article) | comment_pages(article) | {"/", "/tag/romance/"} <= purged.paths
    assert not pages(other) & purged.paths
    assert "/feed/" not in purged.paths  # the feed shows no comments


def test_a_reply_purges_its_threads_pages_of_replies_and_no_other_threads(
    article, purged, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        root, other_root = (
            factories.CommentFactory(listicle=article),
            factories.CommentFactory(listicle=article),
        )
        factories.CommentFactory(listicle=article, parent=other_root, thread=other_root)
    purged.calls.clear()
    with django_capture_on_commit_callbacks(execute=True):
        factories.CommentFactory(listicle=article, parent=root, thread=root)
    replies = reverse("articles:comment_replies", args=[root.pk])
    assert {replies, f"{replies}?fragment=1"} <= purged.paths
    assert reverse("articles:comment_replies", args=[other_root.pk]) not in purged.paths
    assert pages(article) <= purged.paths


def test_a_comment_held_for_moderation_purges_nothing_until_approved(
    article, editor, purged, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        held = factories.CommentFactory(listicle=article, status=CommentStatus.PENDING)
    assert purged.calls == []
    with django_capture_on_commit_callbacks(execute=True):
        comments.moderate(Comment.objects.filter(pk=held.pk), CommentStatus.PUBLISHED, editor)
    assert pages(article) <= purged.paths


def test_a_bulk_moderation_over_two_articles_is_one_purge(
    article, other, editor, purged, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = factories.CommentFactory(listicle=article)
        second = factories.CommentFactory(listicle=other)
    purged.calls.clear()
    with django_capture_on_commit_callbacks(execute=True):
        comments.moderate(Comment.objects.filter(pk__in=[first.pk, second.pk]), CommentStatus.HIDDEN, editor)
    assert len(purged.calls) == 1
    assert pages(article) | pages(other) <= purged.paths


def test_a_rename_purges_the_articles_the_reader_commented_on(
    article, other, purged, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        comment = factories.CommentFactory(listicle=article)
    purged.calls.clear()
    profile = ReaderProfile.objects.get(user=comment.user)
    with django_capture_on_commit_callbacks(execute=True):
        profile.display_name = "Renamed"
        profile.save()
    assert pages(article) <= purged.paths
    assert not pages(other) & purged.paths


def test_a_reaction_purges_the_article_page_once_a_second(
    article, purged, client, django_capture_on_commit_callbacks, settings, monkeypatch
):
    settings.FRONTEND_CACHE_REPEAT_SECONDS = 1
    repeats = []
    monkeypatch.setattr(
        purges.threading, "Timer", lambda seconds, run: repeats.append((seconds, run)) or Timerless()
    )
    kind = ReactionKind.objects.filter(active=True).first()
    with django_capture_on_commit_callbacks(execute=True):
        assert react(client, article, kind.slug, **JSON).status_code == 200
    assert purged.paths == pages(article)
    with django_capture_on_commit_callbacks(execute=True):
        assert react(client, article, kind.slug, **JSON).status_code == 200  # taken back
    assert len(purged.calls) == 1  # within the second: the repeat, due in a second, purges it
    ((seconds, repeat),) = repeats
    monkeypatch.setattr(purges.connections, "close_all", lambda: None)  # the repeat's thread's own
    repeat()
    assert seconds == 1 and len(purged.calls) == 2 and purged.calls[1] == purged.calls[0]


def test_a_worker_that_purged_does_not_ask_the_cache_again_within_the_second(
    article, other, purged, django_capture_on_commit_callbacks, settings, monkeypatch
):
    """The throttle's key is shared by every worker; the one that added it knows it is there for
    its lifetime. A key another worker added is asked about on every write, so none is missed."""
    from django.core.cache import cache

    from tests.reader_posts import unlimited_addresses

    unlimited_addresses(settings)
    settings.FRONTEND_CACHE_REPEAT_SECONDS = 1
    monkeypatch.setattr(purges.threading, "Timer", lambda seconds, run: Timerless())
    clock = [1000.0]
    monkeypatch.setattr(purges.time, "monotonic", lambda: clock[0])
    keys, real_add = [], cache.add
    monkeypatch.setattr(
        purges.cache, "add", lambda key, *args, **kwargs: keys.append(key) or real_add(key, *args, **kwargs)
    )
    asked = ListOf(keys, "frontend-cache:purged:")

    def post(listicle):
        with django_capture_on_commit_callbacks(execute=True):
            assert react(Client(), listicle, "love", **JSON).status_code == 200

    post(article)
    post(article)
    post(article)
    assert len(asked) == 1 and len(purged.calls) == 1
    real_add(f"frontend-cache:purged:reactions.Reaction:{other.pk}", 1, timeout=60)  # another worker's
    post(other)
    post(other)
    assert len(asked) == 3 and len(purged.calls) == 1
    clock[0] += 1.5  # the key this worker added is gone (a second's lifetime)
    cache.delete(f"frontend-cache:purged:reactions.Reaction:{article.pk}")
    post(article)
    assert len(asked) == 4 and len(purged.calls) == 2


class ListOf:
    """The items of a list that start with a prefix, as they are now."""

    def __init__(self, items, prefix):
        self.items, self.prefix = items, prefix

    def __len__(self):
        return sum(item.startswith(self.prefix) for item in self.items)


class Timerless:
    daemon = False

    def start(self):
        pass


def test_a_like_purges_the_article_and_its_comment_pages(
    article, purged, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        comment = factories.CommentFactory(listicle=article)
        liker = factories.reader_account("Liker", username="liker")
    purged.calls.clear()
    with django_capture_on_commit_callbacks(execute=True):
        comments.toggle_like(comment, liker)
    assert purged.paths == pages(article) | comments_pages_of(article)
    assert "/" not in purged.paths


def comments_pages_of(listicle):
    return part.comment_pages(listicle)


def test_a_reaction_kind_changed_or_reordered_purges_every_page(
    article, purged, django_capture_on_commit_callbacks
):
    kind = ReactionKind.objects.first()
    with django_capture_on_commit_callbacks(execute=True):
        kind.label = "Swoon"
        kind.save()
    with django_capture_on_commit_callbacks(execute=True):
        written_in_bulk(ReactionKind)
    assert purged.calls == ["everything", "everything"]


def test_a_drama_edit_purges_its_page_its_casts_pages_and_the_articles_about_it(
    article, other, purged, django_capture_on_commit_callbacks
):
    entry = article.entries.get()
    drama = entry.drama
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        drama.title = "Renamed drama"
        drama.save()
    assert {drama.get_absolute_url()} | {
        role.actor.get_absolute_url() for role in drama.roles.all()
    } <= purged.paths
    assert pages(article) <= purged.paths
    assert not pages(other) & purged.paths


def test_an_author_edit_purges_their_page_and_articles(
    article, other, purged, django_capture_on_commit_callbacks
):
    author = article.author
    with django_capture_on_commit_callbacks(execute=True):
        author.name = "New byline"
        author.save()
    assert {author.get_absolute_url()} | pages(article) <= purged.paths
    assert not pages(other) & purged.paths


def test_a_rolled_back_write_purges_nothing_and_the_next_one_still_does(
    article, purged, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                article.title = "Never saved"
                article.save()
                raise RuntimeError
        except RuntimeError:
            pass
    assert purged.calls == []
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        article.title = "Saved"
        article.save()
    assert len(purged.calls) == 1


def test_a_purge_that_fails_never_fails_the_write(
    article, settings, monkeypatch, caplog, django_capture_on_commit_callbacks
):
    settings.FRONTEND_CACHE_BACKENDS = ["nginx"]
    settings.FRONTEND_CACHE_REPEAT_SECONDS = 0
    monkeypatch.setattr(purges, "pages_of", lambda *args: 1 / 0)
    with caplog.at_level(logging.ERROR), django_capture_on_commit_callbacks(execute=True):
        article.title = "Saved anyway"
        article.save()
    article.refresh_from_db()
    assert article.title == "Saved anyway"
    assert "Could not work out which pages to purge" in caplog.text


def test_without_a_frontend_cache_a_write_costs_no_query_more(
    article, client, django_assert_num_queries, settings
):
    settings.FRONTEND_CACHE_BACKENDS = []
    with django_assert_num_queries(1):
        purges.listicle_before(type(article), article)
        purges.listicle_after(type(article), article)
        purges.updated(Comment, listicle_ids=[article.pk])
        type(article).objects.count()


def test_editing_a_live_article_purges_the_read_apis_answers_about_it(
    article, purged, django_capture_on_commit_callbacks
):
    """The API's answers are public pages nginx keeps as it keeps the article's."""
    entry = article.entries.get()
    actor = entry.featuring.first().actor
    with django_capture_on_commit_callbacks(execute=True):
        article.title = "Live one, edited"
        article.save()
    api = "/api/v1/articles"
    assert {f"{api}/{article.pk}", f"{api}/by-slug/live-one", f"{api}/{article.pk}/reactions"} <= purged.paths
    assert {
        api,
        f"{api}?tag=romance",
        f"{api}?author={article.author.slug}",
        f"{api}?drama={entry.drama.slug}",
        f"{api}?actor={actor.slug}",
    } <= purged.paths


def test_a_new_slug_purges_the_apis_answer_at_the_old_slug(
    article, purged, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        article.slug = "live-one-renamed"
        article.save()
    assert {"/api/v1/articles/by-slug/live-one", "/api/v1/articles/by-slug/live-one-renamed"} <= purged.paths
