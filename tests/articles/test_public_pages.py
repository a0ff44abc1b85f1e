"""Public pages are the same bytes for every reader and kept by HTTP caches; the reader's own part
comes from one private request (`me`); every write readers would notice changes the page's ETag.

Three readers look at every page: an anonymous one, Mina (signed in, who reacted, voted, liked and
has a comment waiting for a moderator) and Jun (signed in, with other choices). None of them may
find anything of theirs, or of the others, on a public page.
"""

import hashlib
import re
import time
from types import SimpleNamespace

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from taggit.models import Tag

from accounts.erasure import erase_comments_of
from articles.models import Status
from articles.page_invalidation import article_version, written_in_bulk
from comments import comments
from comments import part as comment_part
from comments.models import Comment, CommentStatus
from reactions import readers
from reactions.models import ReactionKind
from soompi import versioned
from tests import factories
from tests.reader_posts import (
    JSON,
    STRICT,
    confirm_url,
    me,
    react,
    reason,
    script_post,
    unlimited_addresses,
    url,
    vote,
)

pytestmark = pytest.mark.django_db

SECRET = "Mina's secret draft about the finale"


@pytest.fixture(autouse=True)
def _unlimited_addresses(settings):
    unlimited_addresses(settings)


@pytest.fixture
def site(db):
    author = factories.AuthorFactory(name="Bina Hearts", slug="binahearts")
    listicle = factories.PublishedListicleFactory(
        title="Confessions", slug="confessions", author=author, poll_question="Which confession?"
    )
    listicle.tags.add("romance")
    entry = factories.full_entry(listicle, position=0)
    second = factories.full_entry(listicle, position=1)
    root = factories.CommentFactory(listicle=listicle, body="The rain scene.")
    reply = factories.CommentFactory(listicle=listicle, parent=root, thread=root, body="Agreed.")
    other = factories.PublishedListicleFactory(title="Elsewhere", slug="elsewhere")
    other.tags.add("thriller")
    factories.full_entry(other, position=0)
    other_comment = factories.CommentFactory(listicle=other, body="Elsewhere entirely.")
    return SimpleNamespace(
        listicle=listicle,
        entry=entry,
        second=second,
        drama=entry.drama,
        actor=entry.featuring.first().actor,
        root=root,
        reply=reply,
        other=other,
        other_comment=other_comment,
    )


@pytest.fixture
def mina(site):
    """Signed in; reacted, voted, liked a comment, has one waiting for a moderator."""
    user = factories.reader_account("Mina Kwon", username="minakwon")
    browser = Client()
    browser.force_login(user)
    react(browser, site.listicle, "wow")
    vote(browser, site.listicle, site.entry)
    assert browser.post(reverse("articles:comment_like", args=[site.root.pk]), **JSON).status_code == 200
    waiting = factories.CommentFactory(
        listicle=site.listicle, user=user, body=SECRET, status=CommentStatus.PENDING
    )
    return SimpleNamespace(user=user, browser=browser, waiting=waiting)


@pytest.fixture
def jun(site):
    """Signed in; other choices."""
    user = factories.reader_account("Jun Seo", username="junseo")
    browser = Client()
    browser.force_login(user)
    react(browser, site.listicle, "sad")
    vote(browser, site.listicle, site.second)
    return SimpleNamespace(user=user, browser=browser)


def public_paths(site):
    listicle = site.listicle
    return {
        "article": listicle.get_absolute_url(),
        "comments": reverse("articles:comments", args=[listicle.pk, listicle.slug]),
        "comments, newest": reverse("articles:comments", args=[listicle.pk, listicle.slug]) + "?sort=newest",
        "replies": reverse("articles:comment_replies", args=[site.root.pk]),
        "replies, for the script": reverse("articles:comment_replies", args=[site.root.pk]) + "?fragment=1",
        "home": "/",
        "tag": "/tag/romance/",
        "tag feed": "/tag/romance/feed/",
        "author": "/author/binahearts/",
        "author feed": "/author/binahearts/feed/",
        "drama": site.drama.get_absolute_url(),
        "actor": site.actor.get_absolute_url(),
        "feed": "/feed/",
        "sitemap": "/sitemap.xml",
        "news sitemap": "/news-sitemap.xml",
    }


PAGES = [
    "article",
    "comments",
    "comments, newest",
    "replies",
    "replies, for the script",
    "home",
    "tag",
    "tag feed",
    "author",
    "author feed",
    "drama",
    "actor",
    "feed",
    "sitemap",
    "news sitemap",
]


def cache_control(response):
    return dict(
        (part.split("=") + [True])[:2]
        for part in response.get("Cache-Control", "").replace(" ", "").split(",")
    )


# Every public page


@pytest.mark.parametrize("name", PAGES)
def test_a_public_page_is_the_same_public_bytes_for_every_reader(site, mina, jun, still, name):
    path = public_paths(site)[name]
    anonymous = Client()
    react(anonymous, site.listicle, "lol")  # an anonymous reader with a choice of their own
    answers = {
        who: browser.get(path)
        for who, browser in (("anonymous", anonymous), ("Mina", mina.browser), ("Jun", jun.browser))
    }

    first = answers["anonymous"]
    assert first.status_code == 200, name
    for who, response in answers.items():
        assert response.status_code == 200
        assert response.content == first.content, f"{who} gets the page everyone gets"
        assert response["ETag"] == first["ETag"]
        assert not response.cookies, f"no Set-Cookie for {who}"
        assert "Cookie" not in response.get("Vary", "")
        marks = cache_control(response)
        assert marks.get("public") is True and "private" not in marks and "no-store" not in marks
        assert int(marks["s-maxage"]) == django_settings.PAGE_CACHE_SECONDS > 0
        assert int(marks["max-age"]) <= django_settings.PAGE_CACHE_SECONDS
        assert int(marks["stale-while-revalidate"]) > 0
    etag = first["ETag"]
    assert re.fullmatch(r'"[0-9a-f]{32}"', etag), "a strong ETag"
    assert etag.strip('"') == hashlib.sha256(first.content).hexdigest()[:32]

    html = first.content.decode()
    assert "csrfmiddlewaretoken" not in html and "csrftoken" not in html
    for browser in (mina.browser, jun.browser, anonymous):
        token = browser.cookies.get("csrftoken")
        assert token is None or token.value not in html
    for private in ("Mina Kwon", "Jun Seo", SECRET, "minakwon", "junseo"):
        assert private not in html
    assert 'aria-pressed="true"' not in html, "nobody's choice is marked"
    assert "poll-result--mine" not in html and "Your pick</span>" not in html

    again = mina.browser.get(path, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again.content == b""
    assert again["ETag"] == etag
    assert Client().get(path, HTTP_IF_NONE_MATCH='"something else"').status_code == 200


def test_head_answers_as_get_without_a_body(site, still):
    path = site.listicle.get_absolute_url()
    got, head = Client().get(path), Client().head(path)
    assert head.status_code == 200 and head.content == b""
    assert head["ETag"] == got["ETag"]


# The reader's own part: me


def test_me_is_private_and_gives_each_reader_their_own_state_only(site, mina, jun):
    mine = me(mina.browser, site.listicle)
    assert mine["signed_in"] is True and mine["name"] == "Mina Kwon"
    assert mine["reactions"]["mine"] == "wow"
    assert mine["reactions"]["counts"]["wow"] == 1 and mine["reactions"]["counts"]["sad"] == 1
    assert mine["poll"]["mine"] == site.entry.pk
    assert mine["comments"]["liked"] == [site.root.pk]
    assert mine["comments"]["may_post"] is True
    assert [item["id"] for item in mine["comments"]["pending"]] == [mina.waiting.pk]
    assert SECRET.replace("'", "&#x27;") in mine["comments"]["pending"][0]["html"]
    assert set(mine["comments"]["own"]) == {str(mina.waiting.pk)}

    theirs = me(jun.browser, site.listicle)
    assert theirs["name"] == "Jun Seo"
    assert theirs["reactions"]["mine"] == "sad" and theirs["poll"]["mine"] == site.second.pk
    assert theirs["comments"]["liked"] == [] and theirs["comments"]["pending"] == []
    assert theirs["comments"]["own"] == {}
    text = str(theirs)
    assert "Mina" not in text and "secret" not in text

    nobody = me(Client(), site.listicle)
    assert nobody["signed_in"] is False and nobody["name"] is None
    assert nobody["reactions"]["mine"] is None and nobody["poll"]["mine"] is None
    assert nobody["comments"]["may_post"] is False and nobody["comments"]["refusal"]
    assert "Mina" not in str(nobody) and "Jun" not in str(nobody)


def test_me_names_the_readers_own_comments_as_they_wrote_them_newest_first(site, mina, monkeypatch):
    """What reader.js needs to edit or delete a comment in place: its text, its spoiler mark, and
    whether it may still be edited; hidden, removed and deleted ones are no longer theirs to touch,
    and a long history is cut to the newest."""

    def comment(minutes_ago, **fields):
        made = factories.CommentFactory(listicle=site.listicle, user=mina.user, **fields)
        Comment.objects.filter(pk=made.pk).update(
            created=timezone.now() - timezone.timedelta(minutes=minutes_ago)
        )
        return made

    old = comment(60, body="An hour ago.")
    fresh = comment(1, body="Spoils it.", spoiler=True)
    comment(2, status=CommentStatus.HIDDEN)
    comment(3, status=CommentStatus.REMOVED)
    comment(4, deleted=timezone.now())
    factories.CommentFactory(listicle=site.other, user=mina.user)
    Comment.objects.filter(pk=mina.waiting.pk).update(created=timezone.now() - timezone.timedelta(minutes=30))

    own = me(mina.browser, site.listicle)["comments"]["own"]
    assert own == {
        str(fresh.pk): {"editable": True, "body": "Spoils it.", "spoiler": True},
        str(mina.waiting.pk): {"editable": False, "body": SECRET, "spoiler": False},
        str(old.pk): {"editable": False, "body": "An hour ago.", "spoiler": False},
    }
    assert list(own) == [str(fresh.pk), str(mina.waiting.pk), str(old.pk)], "newest first"

    monkeypatch.setattr(comment_part, "OWN_COMMENTS", 2)
    state = me(mina.browser, site.listicle)["comments"]
    assert list(state["own"]) == [str(fresh.pk), str(mina.waiting.pk)]
    assert [item["id"] for item in state["pending"]] == [mina.waiting.pk]
    monkeypatch.setattr(comment_part, "OWN_COMMENTS", 1)
    state = me(mina.browser, site.listicle)["comments"]
    assert list(state["own"]) == [str(fresh.pk)] and state["pending"] == []


def test_me_tokens_are_each_readers_own(site, mina, jun):
    tokens = set()
    for browser in (mina.browser, jun.browser, Client()):
        response = browser.get(url("me", site.listicle))
        assert response.cookies["csrftoken"]["samesite"] == "Lax"
        tokens.add(browser.cookies["csrftoken"].value)
        assert response.headers.get("Vary") is None or "Cookie" in response["Vary"]
    assert len(tokens) == 3


def test_me_keeps_a_valid_token_and_replaces_a_broken_one(site, mina):
    browser = Client(enforce_csrf_checks=True)
    first = browser.get(url("me", site.listicle))
    token = first.cookies["csrftoken"].value
    again = browser.get(url("me", site.listicle))
    assert "csrftoken" not in again.cookies, "the token the browser has stays"
    assert browser.cookies["csrftoken"].value == token
    posted = browser.post(url("react", site.listicle), {"kind": "love"}, headers={"X-CSRFToken": token})
    assert posted.status_code in (200, 303), "it still signs the browser's posts"
    browser.cookies["csrftoken"] = "broken"
    replaced = browser.get(url("me", site.listicle)).cookies["csrftoken"].value
    assert replaced not in ("broken", token) and len(replaced) == 32


def test_the_account_me_names_the_reader_on_any_page(site, mina):
    state = me(mina.browser)
    assert state["signed_in"] is True and state["name"] == "Mina Kwon"
    assert "reactions" not in state
    assert me(Client())["signed_in"] is False


@pytest.mark.parametrize(
    ("method", "path", "status", "words"),
    [
        ("post", "me", 405, "only answers GET"),
        ("put", "me", 405, "only answers GET"),
        ("get", "me of a draft", 404, "no published article"),
        ("get", "me of nothing", 404, "no published article"),
        ("post", "account me", 405, "only answers GET"),
        ("get", "confirm of nothing", 404, "no such step"),
        ("put", "confirm", 405, "GET or POST"),
        ("post", "confirm with no kind", 400, "Choose one of the reactions"),
        ("post", "confirm vote of another article", 400, "Choose one of the article"),
        ("post", "confirm vote of a word", 400, "Choose one of the article"),
        ("get", "comment confirm of nothing", 404, "no comment open to readers"),
        ("get", "comment confirm of a waiting comment", 404, "no comment open to readers"),
        ("put", "comment confirm", 405, "GET or POST"),
        ("get", "done of nothing", 404, "no such step"),
        ("get", "done of a word", 400, "named by its number"),
        ("post", "done", 405, "only answers GET"),
    ],
)
def test_bad_input_to_me_confirm_and_done_is_refused_with_a_reason(site, mina, method, path, status, words):
    listicle = site.listicle
    draft = factories.ListicleFactory()
    paths = {
        "me": url("me", listicle),
        "me of a draft": url("me", draft),
        "me of nothing": reverse("articles:me", args=[987654, "nothing"]),
        "account me": reverse("accounts:me"),
        "confirm": confirm_url(listicle, "react") + "?kind=love",
        "confirm of nothing": reverse("articles:confirm", args=[listicle.pk, listicle.slug, "explode"]),
        "confirm with no kind": confirm_url(listicle, "react"),
        "confirm vote of another article": confirm_url(listicle, "vote")
        + f"?entry={site.other.entries.first().pk}",
        "confirm vote of a word": confirm_url(listicle, "vote") + "?entry=1%20OR%201",
        "comment confirm": confirm_url(site.root, "like"),
        "comment confirm of nothing": reverse("articles:comment_confirm", args=[987654, "like"]),
        "comment confirm of a waiting comment": confirm_url(mina.waiting, "like"),
        "done": reverse("articles:done", args=[listicle.pk, listicle.slug, "react"]),
        "done of nothing": reverse("articles:done", args=[listicle.pk, listicle.slug, "explode"]),
        "done of a word": reverse("articles:done", args=[listicle.pk, listicle.slug, "comment"])
        + "?comment=x",
    }
    address = paths[path]
    if method == "post" and "?" in address:
        address, query = address.split("?")
        response = Client().post(address, dict(part.split("=") for part in query.split("&")))
    else:
        response = getattr(Client(), method)(address)
    assert response.status_code == status, response.content[:300]
    assert words in reason(response)
    if status == 405:
        assert response["Allow"]
    assert "no-store" in response.get("Cache-Control", "")


def test_a_tampered_reader_cookie_is_refused_by_me_and_done(site):
    done = reverse("articles:done", args=[site.listicle.pk, site.listicle.slug, "react"])
    for address in (url("me", site.listicle), done):
        browser = Client()
        browser.cookies[readers.COOKIE] = "not-a-signed-value"
        response = browser.get(address)
        assert response.status_code == 400
        assert reason(response)
        assert response.cookies[readers.COOKIE].value == "", "the forged cookie is cleared"


@pytest.mark.parametrize(
    "action",
    ["react", "vote", "comment", "like", "flag", "delete", "edit"],
)
def test_a_post_without_the_token_is_refused(site, mina, action):
    browser = Client(**STRICT)
    browser.force_login(mina.user)
    mine = factories.CommentFactory(listicle=site.listicle, user=mina.user, body="Mine to change.")
    listicle = site.listicle
    address, data = {
        "react": (url("react", listicle), {"kind": "love"}),
        "vote": (url("vote", listicle), {"entry": site.second.pk}),
        "comment": (url("comments", listicle), {"body": "No token."}),
        "like": (reverse("articles:comment_like", args=[site.reply.pk]), {}),
        "flag": (reverse("articles:flag", args=[site.reply.pk]), {"reason": "spam"}),
        "delete": (reverse("articles:comment_delete", args=[mine.pk]), {}),
        "edit": (reverse("articles:comment_edit", args=[mine.pk]), {"body": "Changed."}),
    }[action]
    before = (
        me(mina.browser, listicle)["reactions"],
        me(mina.browser, listicle)["poll"]["mine"],
        Comment.objects.count(),
        list(Comment.objects.values_list("body", "deleted")),
    )
    for extra in ({}, JSON):
        response = browser.post(address, data, **extra)
        assert response.status_code == 403
        assert "CSRF" in response.content.decode()
    me(browser, listicle)  # a token exists now, but the post does not carry it
    assert browser.post(address, data).status_code == 403
    after = (
        me(mina.browser, listicle)["reactions"],
        me(mina.browser, listicle)["poll"]["mine"],
        Comment.objects.count(),
        list(Comment.objects.values_list("body", "deleted")),
    )
    assert after == before
    assert script_post(browser, address, data, listicle).status_code in {200, 201}, "with it, it is taken"


# What each confirm step and me cost does not grow with the comments


CONFIRM_QUERIES = {
    # The session, the account with its profile (the header names the reader), and what the step
    # shows: the article's title (its kept record has no texts), the entry voted for, the comment.
    "react": 3,
    "vote": 4,
    "comment": 3,
    "like": 3,
    "reply": 3,
    "flag": 3,
    "delete": 3,
}
# me, signed in: the account with its profile, and the reader's reaction, vote, likes, flags and own
# comments in one query. The article's record, counts and the poll's entries are kept per article.
ME_QUERIES = 2
# A reader with comments waiting for a moderator also gets them whole, rendered as only they see them.
ME_QUERIES_WITH_WAITING = 3
# A done page: the account with its profile (the header), the reader's choice, and what it shows.
DONE_QUERIES = 7


@pytest.mark.parametrize("extra", [0, 60])
def test_me_and_the_confirm_steps_cost_the_same_queries_for_any_number_of_comments(
    site, mina, jun, extra, django_assert_max_num_queries
):
    factories.CommentFactory(listicle=site.listicle, user=jun.user, body="Published, not waiting.")
    for n in range(extra):
        author = mina.user if n % 7 == 0 else jun.user if n % 5 == 0 else site.root.user
        root = factories.CommentFactory(listicle=site.listicle, user=author)
        factories.CommentFactory(listicle=site.listicle, parent=root, thread=root, user=site.reply.user)
    browser = mina.browser
    me(browser, site.listicle)  # the kept record and reaction kinds, as any earlier page view left them
    with django_assert_max_num_queries(ME_QUERIES_WITH_WAITING):
        assert me(browser, site.listicle)["comments"]["pending"]
    with django_assert_max_num_queries(ME_QUERIES):
        assert me(jun.browser, site.listicle)["comments"]["own"]
    with django_assert_max_num_queries(0):  # a reader not signed in: nothing but what is kept
        assert me(Client(), site.listicle)["signed_in"] is False
    steps = {
        "react": (site.listicle, {"kind": "love"}),
        "vote": (site.listicle, {"entry": site.entry.pk}),
        "comment": (site.listicle, {"body": "Hello."}),
        "like": (site.root, {}),
        "reply": (site.root, {"body": "Indeed."}),
        "flag": (site.root, {"reason": "spam"}),
        "delete": (Comment.objects.filter(user=mina.user, status="published").first() or mina.waiting, {}),
    }
    for action, (target, data) in steps.items():
        with django_assert_max_num_queries(CONFIRM_QUERIES[action]):
            response = browser.post(confirm_url(target, action), data)
        assert response.status_code == 200, (action, response.content[:300])
    for action in ("react", "vote", "comment"):
        with django_assert_max_num_queries(DONE_QUERIES):
            done = browser.get(reverse("articles:done", args=[site.listicle.pk, site.listicle.slug, action]))
        assert done.status_code == 200


class CacheTrips:
    """Django's cache, counting the calls made to it: each one is a round trip to Redis."""

    def __init__(self, cache):
        self.cache, self.calls = cache, []

    def __getattr__(self, name):
        real = getattr(self.cache, name)

        def counted(*args, **kwargs):
            self.calls.append(name)
            return real(*args, **kwargs)

        return counted


def test_me_reads_what_is_kept_for_the_article_in_one_cache_round_trip(site, mina, jun, monkeypatch):
    """The record, the reaction kinds and counts, the poll's entries and votes: one read, and one
    more write when something had changed; and what changed is in the answer."""
    spy = CacheTrips(versioned.cache)
    monkeypatch.setattr(versioned, "cache", spy)
    for browser in (mina.browser, Client()):
        me(browser, site.listicle)
        spy.calls.clear()
        me(browser, site.listicle)
        assert spy.calls == ["get_many"]
    react(jun.browser, site.listicle, "love", **JSON)
    spy.calls.clear()
    state = me(mina.browser, site.listicle)
    assert spy.calls[0] == "get_many" and len(spy.calls) == 2 and spy.calls[1] in ("set", "set_many")
    assert state["reactions"]["counts"]["love"] == 1 and state["reactions"]["counts"]["sad"] == 0


# Every write readers would notice changes the article's ETag (and the other article's only when
# it shows there too)


def etags(site):
    return {
        "article": Client().get(site.listicle.get_absolute_url())["ETag"],
        "comments": Client().get(url("comments", site.listicle))["ETag"],
        "replies": Client().get(reverse("articles:comment_replies", args=[site.root.pk]))["ETag"],
        "other": Client().get(site.other.get_absolute_url())["ETag"],
    }


def moderator():
    from django.contrib.auth.models import Permission

    user = factories.UserFactory(username="moderator", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="moderate_comment"))
    return user


def edit(site, settings):
    def change():
        site.listicle.intro = "A new intro."
        site.listicle.save()

    return change


def comment_posted(site, settings):
    writer = factories.reader_account("Poster", username="poster")
    factories.CommentFactory(user=writer)  # published before: this one goes straight up
    browser = Client()
    browser.force_login(writer)
    return lambda: browser.post(url("comments", site.listicle), {"body": "Posted now."}, **JSON)


def comment_approved(site, settings):
    waiting = factories.CommentFactory(listicle=site.listicle, status=CommentStatus.PENDING, body="Held.")
    by = moderator()
    return lambda: comments.moderate(Comment.objects.filter(pk=waiting.pk), CommentStatus.PUBLISHED, by)


def comment_edited(site, settings):
    return lambda: comments.edit_comment(
        site.reply, site.reply.user, body="Agreed, after all.", spoiler=False
    )


def comment_deleted(site, settings):
    return lambda: comments.delete_comment(site.reply, site.reply.user)


def hidden_by_flags(site, settings):
    settings.COMMENT_FLAG_LIMIT = 1
    flagger = factories.trusted_reader("Flagger", username="flagger")
    return lambda: comments.flag_comment(site.reply, flagger, "abuse")


def reaction(site, settings):
    return lambda: react(Client(), site.listicle, "love")


def like(site, settings):
    liker = factories.reader_account("Liker", username="liker")
    return lambda: comments.toggle_like(site.reply, liker)


def vote_counted(site, settings):
    settings.POLL_RESULTS_PUBLIC_AFTER_DAYS = 0  # results on the public page: the vote shows
    return lambda: vote(Client(), site.listicle, site.second)


def kinds_reordered(site, settings):
    def change():
        kinds = list(ReactionKind.objects.all())
        for position, kind in enumerate(reversed(kinds)):
            kind.position = position
        ReactionKind.objects.bulk_update(kinds, ["position"])  # as the admin's drag and drop: no signal
        written_in_bulk(ReactionKind)

    return change


def account_renamed(site, settings):
    def change():
        profile = site.reply.user.reader_profile
        profile.display_name = "Renamed Reader"
        profile.save()

    return change


def account_erased(site, settings):
    def change():
        user = site.reply.user
        erase_comments_of(user)
        user.delete()

    return change


def tag_renamed(site, settings):
    def change():
        tag = Tag.objects.get(name="romance")
        tag.name = "Slow-burn romance"
        tag.save()

    return change


def drama_renamed(site, settings):
    def change():
        site.drama.title = "A Renamed Drama"
        site.drama.save()

    return change


def actor_renamed(site, settings):
    def change():
        site.actor.name = "A Renamed Actor"
        site.actor.save()

    return change


EVENTS = {
    # event: (change, pages of the article that change (the replies page: the thread of the reply
    # changed), whether the other article changes)
    "edit": (edit, {"article"}, False),
    "comment posted": (comment_posted, {"article", "comments"}, False),
    "comment approved": (comment_approved, {"article", "comments"}, False),
    "comment edited": (comment_edited, {"article", "comments", "replies"}, False),
    "comment deleted": (comment_deleted, {"article", "comments", "replies"}, False),
    "comment hidden by flags": (hidden_by_flags, {"article", "comments", "replies"}, False),
    "comment liked": (like, {"article", "comments", "replies"}, False),
    "reaction": (reaction, {"article"}, False),
    "vote": (vote_counted, {"article"}, False),
    "reaction kinds reordered": (kinds_reordered, {"article"}, True),
    "account renamed": (account_renamed, {"article", "comments", "replies"}, False),
    "account erased": (account_erased, {"article", "comments", "replies"}, False),
    "tag renamed": (tag_renamed, {"article"}, False),
    "drama renamed": (drama_renamed, {"article"}, False),
    "actor renamed": (actor_renamed, {"article"}, False),
}


@pytest.mark.parametrize("event", list(EVENTS))
def test_every_change_readers_would_see_changes_the_etag(site, still, settings, event):
    prepare, pages, other_changes = EVENTS[event]
    change = prepare(site, settings)
    before = etags(site)
    assert etags(site) == before, "nothing changed, nothing changes"
    change()
    after = etags(site)
    for page in ("article", "comments", "replies"):
        assert (after[page] != before[page]) == (page in pages), page
    assert (after["other"] != before["other"]) == other_changes


def test_publishing_and_unpublishing_change_the_pages_that_list_the_article(site, editor, still):
    from newsroom.workflow import transition

    listed = {path: Client().get(path)["ETag"] for path in ("/", "/author/binahearts/", "/feed/")}
    transition(site.listicle, to=Status.DRAFT, by=editor, move="unpublish")
    assert Client().get(site.listicle.get_absolute_url()).status_code == 404
    assert Client().get(url("me", site.listicle)).status_code == 404
    assert Client().get("/tag/romance/").status_code == 404, "no article left under the tag"
    unlisted = {path: Client().get(path) for path in listed}
    for path, etag in listed.items():
        assert unlisted[path].status_code == 404 or unlisted[path]["ETag"] != etag, path
    assert "Confessions" not in unlisted["/"].content.decode()

    transition(site.listicle, to=Status.PUBLISHED, by=None, skip_checks=True)
    assert Client().get(site.listicle.get_absolute_url()).status_code == 200
    assert "Confessions" in Client().get("/").content.decode()
    assert Client().get("/tag/romance/").status_code == 200


# A change behind the application's back shows within PAGE_CACHE_SECONDS


def test_a_change_behind_the_applications_back_shows_on_the_page_at_once(site, still):
    before = Client().get(site.listicle.get_absolute_url())
    factories.PublishedListicleFactory._meta.model.objects.filter(pk=site.listicle.pk).update(
        title="Behind its back"
    )
    Comment.objects.filter(pk=site.reply.pk).update(body="Changed in SQL.")
    after = Client().get(site.listicle.get_absolute_url())
    assert after["ETag"] != before["ETag"]
    assert "Behind its back" in after.content.decode()


def test_what_posts_are_checked_against_follows_a_change_behind_the_back_within_page_cache_seconds(
    site, settings
):
    settings.PAGE_CACHE_SECONDS = 1
    Listicle = type(site.listicle)
    assert react(Client(), site.listicle, "love", **JSON).status_code == 200  # the record is kept now
    Listicle.objects.filter(pk=site.listicle.pk).update(allow_reactions=False)
    Comment.objects.filter(listicle=site.listicle).update(body="Rewritten in SQL.")
    time.sleep(settings.PAGE_CACHE_SECONDS + 0.2)  # real time: the shared cache (Redis) keeps its own clock
    response = react(Client(), site.listicle, "love", **JSON)
    assert response.status_code == 404, response.content
    assert "Rewritten in SQL." in Client().get(url("comments", site.listicle)).content.decode()
    Listicle.objects.filter(pk=site.listicle.pk).update(
        publish_at=timezone.now() + timezone.timedelta(days=1)
    )
    time.sleep(settings.PAGE_CACHE_SECONDS + 0.2)
    assert Client().get(site.listicle.get_absolute_url()).status_code == 404
    assert Client().get(url("me", site.listicle)).status_code == 404


class CacheSpy:
    """Django's cache, with every timeout a value is stored for written down."""

    def __init__(self, cache):
        self.cache, self.timeouts = cache, []

    def __getattr__(self, name):
        return getattr(self.cache, name)

    def set(self, key, value, timeout=None, **kwargs):
        self.timeouts.append((key, timeout))
        return self.cache.set(key, value, timeout=timeout, **kwargs)

    def set_many(self, data, timeout=None, **kwargs):
        self.timeouts.extend((key, timeout) for key in data)
        return self.cache.set_many(data, timeout=timeout, **kwargs)


def test_nothing_read_from_the_database_is_kept_longer_than_page_cache_seconds(
    site, mina, settings, monkeypatch
):
    settings.PAGE_CACHE_SECONDS = 7
    versioned.changed(article_version(site.listicle.pk))  # the record posts are checked against is read anew
    spy = CacheSpy(versioned.cache)
    monkeypatch.setattr(versioned, "cache", spy)
    browser = mina.browser
    for path in public_paths(site).values():
        assert Client().get(path).status_code == 200
    me(browser, site.listicle)
    react(browser, site.listicle, "love", **JSON)
    vote(browser, site.listicle, site.second, **JSON)
    browser.get(reverse("articles:done", args=[site.listicle.pk, site.listicle.slug, "vote"]))
    browser.post(confirm_url(site.root, "like"))
    kept = [key for key, _ in spy.timeouts]
    assert any(
        key == f"listicle:{site.listicle.pk}" or key.endswith(f"listicle:{site.listicle.pk}") for key in kept
    ), kept
    for key, timeout in spy.timeouts:
        assert timeout is not None and 0 < timeout <= 7, (key, timeout)


def test_a_new_csrf_secret_is_djangos_kind_of_secret():
    from collections import Counter

    from django.middleware.csrf import CSRF_ALLOWED_CHARS, CSRF_SECRET_LENGTH, _check_token_format

    from accounts.signed_in import csrf_secret

    secrets_drawn = [csrf_secret() for _ in range(2000)]
    for secret in secrets_drawn:
        assert len(secret) == CSRF_SECRET_LENGTH and set(secret) <= set(CSRF_ALLOWED_CHARS)
        _check_token_format(secret)
    assert len(set(secrets_drawn)) == len(secrets_drawn)
    seen = Counter("".join(secrets_drawn))
    assert set(seen) == set(CSRF_ALLOWED_CHARS)
    expected = len(secrets_drawn) * CSRF_SECRET_LENGTH / len(CSRF_ALLOWED_CHARS)
    assert all(abs(n - expected) < expected * 0.25 for n in seen.values()), "no character favoured"
