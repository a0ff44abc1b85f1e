"""Comments paged by thread: the article shows the first page of threads with long reply chains
collapsed; further pages and every reply are public pages whose links work without JavaScript,
and whose fragments static/js/comments.js loads in place."""

import re

import pytest
from django.urls import reverse

from comments.invalidation import comments_updated
from comments.models import Comment, CommentStatus
from tests import factories
from tests.reader_posts import comments_url

from .discussions import discussion

pytestmark = pytest.mark.django_db


@pytest.fixture
def listicle():
    return factories.PublishedListicleFactory()


def replies_url(root, **query):
    url = reverse("articles:comment_replies", args=[root.pk])
    return url + ("?" + "&".join(f"{key}={value}" for key, value in query.items()) if query else "")


def ids(html):
    return [int(pk) for pk in re.findall(r'id="comment-(\d+)"', html)]


def get(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, response.content[:500]
    return response.content.decode()


def test_the_article_shows_20_threads_each_with_its_first_3_replies(client, listicle):
    roots = discussion(listicle, 25 * 5)  # 25 threads of a comment and four replies
    page = get(client, listicle.get_absolute_url())

    assert page.count('class="comment-thread"') == 20
    assert [f"thread-{root.pk}" in page for root in roots] == [True] * 20 + [False] * 5
    first = roots[0]
    replies = list(first.thread_replies.order_by("created", "id"))
    shown = set(ids(page))
    assert {reply.pk for reply in replies[:3]} <= shown and replies[3].pk not in shown
    link = re.search(
        rf'<a href="({replies_url(first)})#replies" data-more-replies="([^"]+)">([^<]+)</a>', page
    )
    assert link and link.group(3) == "Show 1 more reply"
    assert link.group(2) == replies_url(first, fragment=1)
    # The next page of threads, without JavaScript: the comments page.
    assert f'href="{comments_url(listicle)}?sort=oldest&amp;page=2#comments"' in page
    assert "Page 1 of 2" in page


def test_the_second_page_of_threads_and_its_fragment(client, listicle):
    roots = discussion(listicle, 25 * 5)
    page = get(client, comments_url(listicle) + "?page=2")
    assert page.count('class="comment-thread"') == 5
    assert f"thread-{roots[20].pk}" in page and f"thread-{roots[19].pk}" not in page
    assert 'rel="prev"' in page and 'rel="next"' not in page

    fragment = get(client, comments_url(listicle) + "?page=2&fragment=1")
    assert "<html" not in fragment and "<body" not in fragment
    assert fragment.count('class="comment-thread"') == 5
    assert "data-comment-pages" in fragment

    first = get(client, comments_url(listicle) + "?page=1&fragment=1")
    next_fragment = f'data-more-threads="{comments_url(listicle)}?sort=oldest&amp;page=2&amp;fragment=1"'
    assert next_fragment in first


def test_the_article_page_always_shows_the_first_page_of_threads(client, listicle):
    roots = discussion(listicle, 25 * 5)
    page = get(client, listicle.get_absolute_url() + "?page=2")
    assert f"thread-{roots[0].pk}" in page and f"thread-{roots[20].pk}" not in page


def test_all_replies_of_a_thread_as_a_page_and_as_a_fragment(client, listicle, settings):
    settings.COMMENT_REPLIES_PER_PAGE = 4
    root = discussion(listicle, 10, replies_per_thread=9)[0]
    replies = [reply.pk for reply in root.thread_replies.order_by("created", "id")]

    page = get(client, replies_url(root))
    assert ids(page) == [root.pk, *replies[:4]]
    assert "9 replies" in page and "Page 1 of 3" in page
    assert f'href="{replies_url(root)}?page=2#replies"' in page  # no JavaScript needed
    assert f'href="{listicle.get_absolute_url()}#thread-{root.pk}"' in page

    assert ids(get(client, replies_url(root, page=3))) == [root.pk, *replies[8:]]

    fragment = get(client, replies_url(root, fragment=1))
    assert "<html" not in fragment and ids(fragment) == replies[:4]
    more = re.search(r'data-more-replies="([^"]+)">([^<]+)<', fragment)
    assert more.group(1) == replies_url(root, page=2) + "&amp;fragment=1"
    assert more.group(2) == "Show 5 more replies"
    last = get(client, replies_url(root, page=3, fragment=1))
    assert ids(last) == replies[8:] and "data-more-replies" not in last


def test_the_replies_page_is_public(client, listicle):
    root = discussion(listicle, 5)[0]
    response = client.get(replies_url(root))
    assert response.status_code == 200
    assert "public" in response["Cache-Control"] and response["ETag"]
    assert not response.cookies
    assert "csrfmiddlewaretoken" not in response.content.decode()
    assert client.get(replies_url(root), HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304


def test_a_replys_address_leads_to_its_thread(client, listicle):
    root = discussion(listicle, 3)[0]
    reply = root.thread_replies.last()
    response = client.get(replies_url(reply))
    assert response.status_code == 301 and response["Location"] == replies_url(root)


@pytest.mark.parametrize(
    ("page", "status", "reason"),
    [
        ("abc", 400, "is not a page number"),
        ("1.5", 400, "is not a page number"),
        ("99999999999999999999", 400, "is not a page number"),
        ("0", 404, "pages start at 1"),
        ("-3", 404, "pages start at 1"),
        ("3", 404, "the last is page 2"),
    ],
)
def test_a_bad_page_of_threads_answers_with_the_reason(client, listicle, page, status, reason):
    discussion(listicle, 25 * 5)
    for url in (
        comments_url(listicle) + f"?page={page}",
        comments_url(listicle) + f"?page={page}&fragment=1",
    ):
        response = client.get(url)
        assert response.status_code == status
        assert reason in response.content.decode()


@pytest.mark.parametrize(
    ("page", "status", "reason"),
    [("x", 400, "is not a page number"), ("0", 404, "pages start at 1"), ("2", 404, "the last is page 1")],
)
def test_a_bad_page_of_replies_answers_with_the_reason(client, listicle, page, status, reason):
    root = discussion(listicle, 5)[0]
    for query in ({"page": page}, {"page": page, "fragment": 1}):
        response = client.get(replies_url(root, **query))
        assert response.status_code == status
        assert reason in response.content.decode()


def test_a_thread_without_replies_has_one_page_of_replies(client, listicle):
    root = discussion(listicle, 1)[0]
    page = get(client, replies_url(root))
    assert "0 replies" in page and ids(page) == [root.pk]
    get(client, replies_url(root, page=2), status=404)


def test_replies_of_missing_hidden_or_unpublished_threads_are_404(client, listicle):
    roots = discussion(listicle, 15)
    Comment.objects.filter(pk=roots[0].pk).update(status=CommentStatus.HIDDEN)
    Comment.objects.filter(pk=roots[1].pk).update(status=CommentStatus.PENDING)
    assert client.get(replies_url(roots[0])).status_code == 404
    assert client.get(replies_url(roots[1])).status_code == 404
    assert client.get(reverse("articles:comment_replies", args=[987654])).status_code == 404
    draft = factories.ListicleFactory()
    hidden_root = factories.CommentFactory(listicle=draft)
    assert client.get(replies_url(hidden_root)).status_code == 404
    assert client.get(replies_url(roots[2])).status_code == 200


def test_held_and_hidden_replies_are_never_shown_nor_counted(client, listicle):
    root = discussion(listicle, 8, replies_per_thread=7)[0]
    replies = list(root.thread_replies.order_by("created", "id"))
    Comment.objects.filter(pk=replies[0].pk).update(status=CommentStatus.PENDING)
    Comment.objects.filter(pk=replies[1].pk).update(status=CommentStatus.HIDDEN)
    Comment.objects.filter(pk=replies[2].pk).update(status=CommentStatus.REMOVED)
    comments_updated([listicle.pk])  # the updates above send no signal
    kept_out = {reply.pk for reply in replies[:3]}
    article = get(client, listicle.get_absolute_url())
    assert not kept_out & set(ids(article))
    assert [pk for pk in ids(article) if pk != root.pk] == [reply.pk for reply in replies[3:6]]
    assert "Show 1 more reply" in article  # 4 shown to readers, 3 of them on the article
    page = get(client, replies_url(root))
    assert ids(page) == [root.pk, *[reply.pk for reply in replies[3:]]]
    assert "4 replies" in page


def test_a_deleted_reply_keeps_its_place_only_above_published_answers(client, listicle):
    root = discussion(listicle, 4, replies_per_thread=3)[0]
    first, second, third = root.thread_replies.order_by("created", "id")
    Comment.objects.filter(pk__in=[first.pk, third.pk]).update(body="", deleted=first.created)
    comments_updated([listicle.pk])
    page = get(client, replies_url(root))
    assert ids(page) == [root.pk, first.pk, second.pk]  # the first is answered by the second
    assert "[deleted]" in page


def test_a_reply_posted_without_javascript_beyond_the_shown_ones_is_found_on_its_replies_page(
    client, listicle, mina
):
    root = discussion(listicle, 5)[0]  # a thread with four replies: the article shows three
    client.force_login(mina)
    response = client.post(comments_url(listicle), {"body": "Me too.", "parent": root.pk}, follow=True)
    assert response.redirect_chain[0][1] == 303
    reply = Comment.objects.get(body="Me too.")
    back = f"{replies_url(root)}#comment-{reply.pk}"
    assert f'href="{back}"' in response.content.decode()  # the done page's link back
    assert f'id="comment-{reply.pk}"' in get(client, replies_url(root))


def test_the_former_setting_name_still_sets_the_threads_per_page(client, listicle, settings):
    settings.COMMENTS_PER_PAGE = 3
    discussion(listicle, 5 * 2, replies_per_thread=1)
    assert get(client, listicle.get_absolute_url()).count('class="comment-thread"') == 3
    settings.COMMENT_THREADS_PER_PAGE = 4
    settings.COMMENTS_PER_PAGE = 4
    assert get(client, comments_url(listicle)).count('class="comment-thread"') == 4


@pytest.mark.parametrize("cache_setting", ["warm", "cold"])
def test_further_pages_and_replies_cost_a_fixed_number_of_queries(
    client, listicle, settings, django_assert_max_num_queries, cache_setting
):
    if cache_setting == "cold":
        settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    roots = discussion(listicle, 300, replies_per_thread=9)
    with django_assert_max_num_queries(4):  # listicle; threads with counts; replies; (no-thread count)
        get(client, comments_url(listicle) + "?page=2")
    with django_assert_max_num_queries(3):  # the thread; its root; a page of replies with the count
        get(client, replies_url(roots[0]))
