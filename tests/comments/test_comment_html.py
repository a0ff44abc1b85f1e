"""Comments rendered from kept heads and copied actions read exactly as rendering each in full."""

import re

import pytest
import time_machine
from django.contrib.auth.models import AnonymousUser
from django.test import Client
from django.utils import timezone

from comments import html as comment_html
from comments.comments import comment_page
from comments.html import CommentRenderer
from comments.models import Comment, CommentLike
from comments.templatetags.comments import long_time
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def discussion():
    listicle = factories.PublishedListicleFactory()
    odd = factories.reader_account('Tom & "Jerry" <3', username="odd")
    plain = factories.reader_account("Plain Reader", username="plain")
    gone = factories.reader_account("Soon Gone", username="gone")
    root = Comment.objects.create(listicle=listicle, user=odd, body="First <b>bold</b> https://example.com")
    reply = Comment.objects.create(listicle=listicle, user=plain, body="Agreed.", parent=root, thread=root)
    Comment.objects.create(listicle=listicle, user=gone, body="Reply to a reply", parent=reply, thread=root)
    Comment.objects.create(listicle=listicle, user=plain, body="The ending!", spoiler=True)
    deleted = Comment.objects.create(listicle=listicle, user=plain, body="Removed later.")
    Comment.objects.create(listicle=listicle, user=odd, body="Still here.", parent=deleted, thread=deleted)
    Comment.objects.filter(pk=deleted.pk).update(deleted=timezone.now())
    Comment.objects.filter(pk=reply.pk).update(edited=timezone.now())
    CommentLike.objects.create(comment=root, user=plain)
    sentinels = f"{comment_html.STAND_IN_PK} {comment_html.STAND_IN_NAME} {comment_html.STAND_IN_BODY}"
    Comment.objects.create(listicle=listicle, user=plain, body=f"Mine & <i>yours</i> {sentinels}")
    Comment.objects.create(listicle=listicle, user=plain, body="Awaiting a moderator.", status="pending")
    percent = factories.reader_account("Cent %(pk)s 100%", username="percent")  # copied by %-formatting
    Comment.objects.create(listicle=listicle, user=percent, body="A 100% %s answer")
    gone.delete()
    return listicle, plain


def without_tokens(html):
    """The HTML with each CSRF token's value left out (every rendering masks the token anew)."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', 'name="csrfmiddlewaretoken"', html)


def test_copied_actions_equal_each_comments_full_render(discussion):
    listicle, plain = discussion
    renderer = CommentRenderer(listicle)
    page = comment_page(listicle, AnonymousUser())
    shown = [comment for root in page.threads for comment in (root, *root.reply_list)]
    assert len(shown) == 8, "the comments every reader sees: not the one waiting for a moderator"
    assert "Cent %(pk)s 100%" in [comment.author for comment in shown]

    for comment in shown:
        full = "" if comment.is_deleted else renderer.render_actions(comment)
        assert without_tokens(renderer.actions(comment)) == without_tokens(full)
        assert "csrfmiddlewaretoken" not in full
    copied = [comment for comment in shown if not comment.is_deleted]
    assert len(copied) > 1, "some actions were copied from the stand-in"


def test_the_page_shows_names_escaped_deleted_accounts_and_who_a_reply_answers(client, discussion, still):
    listicle, plain = discussion
    client.force_login(plain)
    html = client.get(listicle.get_absolute_url()).content.decode()
    assert html == Client().get(listicle.get_absolute_url()).content.decode(), "the page is everyone's"

    assert "Tom &amp; &quot;Jerry&quot; &lt;3" in html and 'Tom & "Jerry"' not in html
    assert "Reply to Tom &amp; &quot;Jerry&quot; &lt;3" in html
    assert "[deleted account]" in html and "Soon Gone" not in html
    assert "replying to @Plain Reader" in html
    assert "First &lt;b&gt;bold&lt;/b&gt;" in html and "<b>bold</b>" not in html
    # The stand-in's values appear only where a reader typed them: in their comment. (Its edit
    # form is filled from the author's private me answer, never on the page.)
    for sentinel in (comment_html.STAND_IN_PK, comment_html.STAND_IN_NAME, comment_html.STAND_IN_BODY):
        assert html.count(str(sentinel)) == 1
    assert str(comment_html.STAND_IN_LIKES) not in html
    assert "Mine &amp; &lt;i&gt;yours&lt;/i&gt;" in html
    assert "Awaiting a moderator." not in html


def test_the_page_of_comments_is_kept_and_an_edit_renders_it_again(client, discussion, monkeypatch):
    listicle, _ = discussion
    rendered = []
    real = comment_html.head_html
    monkeypatch.setattr(
        comment_html, "head_html", lambda comment, *a: rendered.append(comment.pk) or real(comment, *a)
    )
    client.get(listicle.get_absolute_url())
    heads = len(rendered)
    assert heads == 8  # every comment an anonymous reader sees
    client.get(listicle.get_absolute_url())
    assert len(rendered) == heads

    comment = Comment.objects.get(body="Agreed.")
    comment.body = "Agreed, after all."
    comment.save()
    html = client.get(listicle.get_absolute_url()).content.decode()
    assert len(rendered) == 2 * heads  # the page's comments, rendered once more
    assert "Agreed, after all." in html


def test_a_comments_time_is_its_date_so_a_page_reads_the_same_hours_later(client):
    """The page says when a comment was written, not how long ago (comments.js says that in the
    browser): rendered again hours later, with nothing changed, its bytes and ETag are the same and
    a reader's revalidation is answered 304."""
    listicle = factories.PublishedListicleFactory()
    author = factories.reader_account("Early Bird", username="early")
    written = timezone.now()
    with time_machine.travel(written, tick=False):
        comment = Comment.objects.create(listicle=listicle, user=author, body="First to see the finale!")
        first = client.get(listicle.get_absolute_url())
    when = comment_html.escape(long_time(comment.created))
    assert f'title="{when}">{when}</time>' in first.content.decode()
    assert " ago<" not in first.content.decode()

    with time_machine.travel(written + timezone.timedelta(hours=3, minutes=7), tick=False):
        later = client.get(listicle.get_absolute_url())  # every kept value has expired: a new render
        revalidated = client.get(listicle.get_absolute_url(), HTTP_IF_NONE_MATCH=first["ETag"])
    assert later.content == first.content
    assert later["ETag"] == first["ETag"]
    assert revalidated.status_code == 304
