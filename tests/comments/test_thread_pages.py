"""A page of threads as every reader sees it, read through the SQL written out in
`comments.thread_pages`, is row for row what the ORM's queries give (`comments.built_page`), for
every shape of discussion, sort and page."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from comments import comments
from comments.models import Comment, CommentLike, CommentStatus
from tests import factories

from .discussions import discussion

pytestmark = pytest.mark.django_db


def as_values(page):
    """(total, roots, every field of every thread and reply shown)."""
    total, roots, threads = page

    def fields(row):
        return {
            name: getattr(row, name, None) for name in comments.CommentRow.__slots__ if name != "reply_list"
        }

    return total, roots, [(fields(root), [fields(reply) for reply in root.reply_list]) for root in threads]


@pytest.fixture
def article(settings):
    """Threads of every shape: long and short, a deleted thread kept above its replies and one
    gone, deleted replies kept above their answers and one gone, hidden, removed and pending
    comments, a reader without a display name, a deleted account, likes, equal times."""
    settings.COMMENT_THREADS_PER_PAGE = 4
    settings.COMMENT_REPLIES_SHOWN = 3
    listicle = factories.PublishedListicleFactory()
    roots = discussion(listicle, 60, replies_per_thread=4)
    now = timezone.now()
    plain = factories.UserFactory(username="no-display-name")
    for n in range(9):  # threads without replies
        Comment.objects.create(
            listicle=listicle, user=plain, body=f"Alone {n}", created=now - timedelta(hours=n)
        )
    odd = Comment.objects.create(listicle=listicle, user=plain, body="No <name> & 'quotes'", spoiler=True)
    Comment.objects.create(listicle=listicle, user=None, body="", deleted=now, parent=odd, thread=odd)
    Comment.objects.filter(pk=roots[0].pk).update(deleted=now, body="")  # kept: it has replies
    lonely = Comment.objects.create(listicle=listicle, user=plain, body="Gone", deleted=now)  # not kept
    Comment.objects.create(
        listicle=listicle, user=plain, body="Hidden answer", parent=lonely, thread=lonely, status="hidden"
    )
    replies = list(Comment.objects.filter(thread=roots[1]).order_by("created"))
    Comment.objects.filter(pk=replies[0].pk).update(deleted=now, edited=now)  # kept: answered
    Comment.objects.filter(pk=replies[-1].pk).update(deleted=now)  # not kept: unanswered
    for thread, status in zip(roots[2:6], CommentStatus.values, strict=False):
        Comment.objects.filter(thread=thread).order_by("created").filter(
            pk__in=Comment.objects.filter(thread=thread).values("pk")[1:2]
        ).update(status=status)
    Comment.objects.filter(pk=roots[6].pk).update(status=CommentStatus.PENDING)
    Comment.objects.filter(pk=roots[7].pk).update(created=now - timedelta(days=2))  # same time as another
    Comment.objects.filter(pk__in=[roots[7].pk, roots[8].pk]).update(created=now - timedelta(days=3))
    Comment.objects.filter(pk=roots[9].pk).update(user=None)
    readers = [factories.reader_account(f"Liker {n}", username=f"liker{n}") for n in range(3)]
    for count, comment in zip([3, 1, 2, 1], [roots[4], roots[10], replies[1], roots[11]], strict=True):
        for reader in readers[:count]:
            CommentLike.objects.create(comment=comment, user=reader)
    return listicle


@pytest.mark.parametrize("sort", sorted(comments.SORTS))
def test_every_page_is_what_the_orm_reads(article, sort, django_assert_num_queries):
    anonymous = AnonymousUser()
    pages = 0
    for number in range(1, 8):
        with django_assert_num_queries(2):  # a page past the last: the threads, then the counts
            written = comments.read_page(article, anonymous, number, sort)
        built = comments.built_page(article, anonymous, number, sort)
        assert as_values(written) == as_values(built)
        pages += bool(written[2])
    assert pages == 6  # 21 threads a reader sees, 4 a page; the 7th page is past the last
    assert written[:2] == built[:2] and written[2] == []


def test_the_shapes_are_there_to_compare(article):
    pages = [comments.read_page(article, AnonymousUser(), number, "oldest")[2] for number in range(1, 7)]
    threads = [root for page in pages for root in page]
    rows = [row for root in threads for row in (root, *root.reply_list)]
    assert len(threads) == 21 and {row.like_total for row in rows} == {0, 1, 2, 3}
    assert any(row.is_deleted and row.thread_id is None for row in rows)  # a thread kept above its replies
    assert any(row.is_deleted and row.thread_id for row in rows)  # a reply kept above its answer
    assert any(row.replying_to for row in rows) and any(row.more_replies for row in threads)
    assert any(row.author == "no-display-name" and row.spoiler is True for row in rows)
    assert any(row.author_name is None for row in rows)  # a deleted account
    assert all(row.status == CommentStatus.PUBLISHED for row in rows)
