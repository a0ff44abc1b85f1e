"""The article page and the comments page cost the same number of queries for 0, 10 or 300 comments."""

import pytest
from django.urls import reverse
from django.utils import timezone

from comments.models import Comment, CommentFlag, CommentLike
from tests import factories
from tests.articles.test_pages import ARTICLE_PAGE_QUERIES
from tests.reader_posts import me

pytestmark = pytest.mark.django_db

# Signed in: the session, the account and its profile, the reader's likes and flags, their own reaction.
SIGNED_IN_EXTRA = 5
# me, signed in: the account with its profile (for the name and the suspension check), the reader's
# reaction, likes, flags and own comments in one query; and the article's record and reaction
# counts, read on this first me and kept for the next.
ME_QUERIES = 4
COMMENTS_PAGE_QUERIES = 4  # listicle + author; counts; threads; replies


def discussion(listicle, count):
    """`count` comments: a third threads, the rest replies (some to replies), with likes and flags."""
    readers = [factories.reader_account(f"Reader {n}", username=f"r{n}") for n in range(5)]
    roots = []
    for n in range(count):
        user = readers[n % len(readers)]
        if n % 3 == 0 or not roots:
            comment = Comment.objects.create(listicle=listicle, user=user, body=f"Thread {n}")
            roots.append(comment)
        else:
            root = roots[-1]
            parent = root if n % 2 else root.thread_replies.last() or root
            comment = Comment.objects.create(
                listicle=listicle, user=user, body=f"Reply {n}", parent=parent, thread=root
            )
        CommentLike.objects.create(comment=comment, user=readers[(n + 1) % len(readers)])
        CommentFlag.objects.create(comment=comment, user=readers[(n + 2) % len(readers)])
    return readers[0], len(roots)


@pytest.mark.parametrize("count", [0, 10, 300])
def test_article_page_queries_do_not_grow_with_comments(
    client, django_assert_max_num_queries, count, time_machine
):
    listicle = factories.PublishedListicleFactory()
    factories.full_entry(listicle)
    reader, threads = discussion(listicle, count)
    time_machine.move_to(timezone.now(), tick=False)  # both pages see the same moment

    with django_assert_max_num_queries(ARTICLE_PAGE_QUERIES):
        response = client.get(listicle.get_absolute_url())
    assert response.status_code == 200
    assert response.content.decode().count('class="comment-thread"') == min(threads, 20)

    anonymous = response.content

    client.force_login(reader)
    with django_assert_max_num_queries(ARTICLE_PAGE_QUERIES):
        response = client.get(listicle.get_absolute_url())
    assert response.status_code == 200
    assert response.content == anonymous, "nothing of the reader's on the page"
    with django_assert_max_num_queries(ME_QUERIES):
        state = me(client, listicle)["comments"]
    # Their likes and flags are read in the same query: both come back.
    assert bool(state["liked"]) == bool(state["flagged"]) == bool(count)
    assert len(state["own"]) == len(Comment.objects.filter(listicle=listicle, user=reader))


@pytest.mark.parametrize("count", [0, 10, 300])
def test_comments_page_queries_do_not_grow_with_comments(client, django_assert_max_num_queries, count):
    listicle = factories.PublishedListicleFactory()
    reader, threads = discussion(listicle, count)
    url = reverse("articles:comments", args=[listicle.pk, listicle.slug])

    for page in (1, 2) if threads > 20 else (1,):  # a page past the last answers 404
        with django_assert_max_num_queries(COMMENTS_PAGE_QUERIES):
            response = client.get(url, {"page": page})
        assert response.status_code == 200

    client.force_login(reader)
    with django_assert_max_num_queries(COMMENTS_PAGE_QUERIES + SIGNED_IN_EXTRA):
        assert client.get(url, {"sort": "top"}).status_code == 200
