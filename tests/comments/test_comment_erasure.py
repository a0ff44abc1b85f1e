"""A reader leaving can take their comments' text with them: the threads keep "[deleted]" in
its place, with every reply still under it, on the cached pages too."""

import pytest

from comments.comments import erase_comments_of
from comments.models import Comment, CommentStatus
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def leaving(listicle):
    """Rae wrote a thread that got a reply, a lone comment, a reply and one awaiting moderation."""
    rae = factories.reader_account("Rae", username="rae")
    other = factories.reader_account("Other", username="other")
    thread = Comment.objects.create(listicle=listicle, user=rae, body="Rae's thread text")
    Comment.objects.create(listicle=listicle, user=other, body="An answer to Rae", parent=thread)
    root = Comment.objects.create(listicle=listicle, user=other, body="Other's thread")
    Comment.objects.create(listicle=listicle, user=rae, body="Rae's reply text", parent=root)
    Comment.objects.create(listicle=listicle, user=rae, body="Rae's lone text")
    Comment.objects.create(listicle=listicle, user=rae, body="Rae's held text", status=CommentStatus.PENDING)
    return rae, thread


def test_erasing_blanks_the_text_and_keeps_the_thread_under_deleted(client, listicle, leaving):
    rae, thread = leaving
    url = listicle.get_absolute_url()
    client.get(url)
    cached = client.get(url)
    assert "Rae&#x27;s thread text" in cached.content.decode()

    assert erase_comments_of(rae) == 4
    assert set(Comment.objects.filter(user=rae).values_list("body", flat=True)) == {""}
    assert not Comment.objects.filter(user=rae, deleted__isnull=True).exists()

    page = client.get(url).content.decode()
    assert "Rae&#x27;s" not in page, "the stored page is out of date at once"
    assert "An answer to Rae" in page and "Other&#x27;s thread" in page
    erased = page[page.index(f'id="comment-{thread.pk}"') :]
    assert erased.index("[deleted]") < erased.index("An answer to Rae")
    assert '<span class="comments__count" data-comment-total>2</span>' in page


def test_erasing_then_deleting_the_account_still_shows_the_thread(client, listicle, leaving):
    rae, thread = leaving
    erase_comments_of(rae)
    rae.delete()
    page = client.get(listicle.get_absolute_url()).content.decode()
    assert f'id="comment-{thread.pk}"' in page
    assert "[deleted]" in page and "An answer to Rae" in page
    assert "Rae&#x27;s" not in page


def test_erasing_twice_or_for_a_reader_without_comments_changes_nothing(db, leaving):
    rae, _ = leaving
    erase_comments_of(rae)
    assert erase_comments_of(rae) == 0
    assert erase_comments_of(factories.reader_account("Quiet", username="quiet")) == 0
    assert Comment.objects.exclude(user=rae).filter(body="").count() == 0
