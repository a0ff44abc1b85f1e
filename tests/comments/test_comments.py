"""Posting, reading, replying, editing and deleting comments as a reader, with and without JavaScript."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import ReaderProfile
from comments.models import Comment, CommentStatus
from tests import factories
from tests.reader_posts import JSON, STRICT, comments_url, me, through_confirm


def done_url(listicle, comment=None):
    """Where a comment posted without JavaScript lands: private, with the comment and its message."""
    address = reverse("articles:done", args=[listicle.pk, listicle.slug, "comment"])
    return address + (f"?comment={comment.pk}" if comment else "")


def test_posting_without_javascript_lands_on_the_new_comment_with_a_link_to_it(mina, listicle):
    browser = Client(**STRICT)
    browser.force_login(mina)
    response = through_confirm(browser, listicle, "comment", {"body": "Goblin's confession still wrecks me."})
    comment = Comment.objects.get(listicle=listicle)
    assert response.status_code == 303
    assert response["Location"] == done_url(listicle, comment)
    assert comment.status == CommentStatus.PUBLISHED
    assert comment.user == mina
    done = browser.get(response["Location"]).content.decode()
    assert "Your comment is posted." in done
    assert "Goblin&#x27;s confession still wrecks me." in done
    assert f'href="{listicle.get_absolute_url()}#comment-{comment.pk}"' in done
    page = browser.get(listicle.get_absolute_url()).content.decode()
    assert f'id="comment-{comment.pk}"' in page
    assert "Goblin&#x27;s confession still wrecks me." in page
    assert "Your comment is posted." not in page


def test_posting_with_javascript_returns_the_rendered_comment(client, mina, listicle):
    client.force_login(mina)
    response = client.post(comments_url(listicle), {"body": "In place."}, **JSON)
    assert response.status_code == 201
    data = response.json()
    assert data["thread"] is None
    assert f'id="comment-{data["id"]}"' in data["html"]
    assert "In place." in data["html"]


def test_first_comment_of_a_new_account_awaits_moderation_seen_only_by_its_author(
    client, newcomer, mina, listicle
):
    client.force_login(newcomer)
    response = client.post(comments_url(listicle), {"body": "Hello, first time here."})
    comment = Comment.objects.get(listicle=listicle)
    assert comment.status == CommentStatus.PENDING
    done = client.get(response["Location"]).content.decode()
    assert "Hello, first time here." in done and "waiting for a moderator" in done
    assert f'href="{listicle.get_absolute_url()}#comments"' in done
    own = me(client, listicle)["comments"]["pending"]
    assert [item["id"] for item in own] == [comment.pk]
    assert "Hello, first time here." in own[0]["html"] and "Awaiting moderation" in own[0]["html"]
    public = client.get(listicle.get_absolute_url()).content.decode()
    assert "Hello, first time here." not in public
    client.force_login(mina)
    assert "Hello, first time here." not in client.get(listicle.get_absolute_url()).content.decode()
    assert me(client, listicle)["comments"]["pending"] == []
    assert "Hello, first time here." not in client.get(done_url(listicle, comment)).content.decode()
    client.logout()
    assert "Hello, first time here." not in client.get(listicle.get_absolute_url()).content.decode()
    assert "Hello, first time here." not in client.get(done_url(listicle, comment)).content.decode()


@pytest.mark.parametrize(
    "body",
    [
        "Buy now at http://a.example http://b.example http://c.example",
        "This is total SCAMWORD, honestly.",
    ],
)
def test_too_many_links_or_a_blocked_word_wait_for_moderation(client, mina, listicle, body):
    from comments.models import BlockedWord

    BlockedWord.objects.create(word="scamword")
    client.force_login(mina)
    client.post(comments_url(listicle), {"body": body})
    assert Comment.objects.get(listicle=listicle).status == CommentStatus.PENDING


def test_replies_are_threaded_and_a_reply_to_a_reply_names_whom_it_answers(client, mina, listicle):
    root = factories.CommentFactory(listicle=listicle, body="Top level.")
    first = factories.CommentFactory(listicle=listicle, parent=root, thread=root, body="First reply.")
    client.force_login(mina)
    response = client.post(comments_url(listicle), {"body": "Second level.", "parent": first.pk})
    assert response.status_code == 303
    reply = Comment.objects.get(body="Second level.")
    assert reply.parent == first
    assert reply.thread == root
    page = client.get(listicle.get_absolute_url()).content.decode()
    assert f"replying to @{first.user.reader_profile.display_name}" in page
    thread = page[page.index(f'id="thread-{root.pk}"') :]
    assert thread.index("First reply.") < thread.index("Second level.")


def test_a_parent_from_another_article_is_refused_and_the_text_kept(client, mina, listicle):
    elsewhere = factories.CommentFactory()
    client.force_login(mina)
    response = client.post(comments_url(listicle), {"body": "My reply text", "parent": elsewhere.pk})
    assert response.status_code == 400
    page = response.content.decode()
    assert "not under this article" in page
    assert "My reply text</textarea>" in page
    assert not Comment.objects.filter(body="My reply text").exists()


@pytest.mark.parametrize("status", [CommentStatus.PENDING, CommentStatus.HIDDEN, CommentStatus.REMOVED])
def test_a_parent_that_is_not_published_is_refused(client, mina, listicle, status):
    parent = factories.CommentFactory(listicle=listicle, status=status)
    client.force_login(mina)
    response = client.post(comments_url(listicle), {"body": "Reply", "parent": parent.pk}, **JSON)
    assert response.status_code == 400
    assert "no longer open for replies" in response.json()["error"]
    assert not Comment.objects.filter(body="Reply").exists()


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("", "Write something before posting."),
        ("   \n\t  ", "Write something before posting."),
        ("x" * 5001, "Keep it under 5000 characters"),
        ("nul \x00 byte", "Null characters are not allowed."),
    ],
)
def test_bad_bodies_come_back_with_a_message_and_nothing_is_saved(client, mina, listicle, body, message):
    client.force_login(mina)
    response = client.post(comments_url(listicle), {"body": body})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Comment.objects.filter(listicle=listicle).exists()


def test_a_one_megabyte_body_is_refused_without_a_500(client, mina, listicle):
    client.force_login(mina)
    response = client.post(comments_url(listicle), {"body": "<" * 1_000_000}, **JSON)
    assert response.status_code == 400
    assert "Keep it under 5000 characters" in response.json()["error"]
    assert not Comment.objects.filter(listicle=listicle).exists()


def test_posting_needs_an_account(client, listicle):
    response = client.post(comments_url(listicle), {"body": "Anonymous"}, **JSON)
    assert response.status_code == 403
    assert response.json()["error"] == "Sign in to take part in the discussion."
    assert not Comment.objects.exists()
    page = client.get(listicle.get_absolute_url()).content.decode()
    assert "Sign in to comment" in page


def test_a_suspended_reader_is_refused_with_a_message(client, mina, listicle):
    ReaderProfile.objects.filter(user=mina).update(commenting_suspended=True)
    client.force_login(mina)
    response = client.post(comments_url(listicle), {"body": "Let me in"})
    assert response.status_code == 403
    assert "suspended from commenting" in response.content.decode()
    assert not Comment.objects.filter(listicle=listicle).exists()


def test_closed_or_unpublished_articles_take_no_comments(client, mina, listicle):
    client.force_login(mina)
    listicle.allow_comments = False
    listicle.save()
    response = client.post(comments_url(listicle), {"body": "Closed?"}, **JSON)
    assert response.status_code == 403
    assert "closed" in response.json()["error"]
    draft = factories.ListicleFactory()
    assert client.post(comments_url(draft), {"body": "Draft?"}).status_code == 404
    assert not Comment.objects.filter(body__in=["Closed?", "Draft?"]).exists()


def test_the_honeypot_refuses_bots(client, mina, listicle):
    client.force_login(mina)
    response = client.post(comments_url(listicle), {"body": "Great post", "website": "http://spam.example"})
    assert response.status_code == 400
    assert "could not be posted" in response.content.decode()
    assert not Comment.objects.filter(listicle=listicle).exists()


def test_posting_too_fast_answers_429_with_retry_after(client, mina, listicle, settings):
    settings.COMMENT_RATE_PER_USER = "2/m"
    client.force_login(mina)
    for n in range(2):
        assert client.post(comments_url(listicle), {"body": f"Quick {n}"}).status_code == 303
    response = client.post(comments_url(listicle), {"body": "One too many"})
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    page = response.content.decode()
    assert "You are going too fast" in page
    assert "One too many</textarea>" in page
    assert not Comment.objects.filter(body="One too many").exists()


def test_spoilers_are_folded_without_javascript(client, mina, listicle):
    client.force_login(mina)
    client.post(comments_url(listicle), {"body": "He dies at the end.", "spoiler": "on"})
    page = client.get(listicle.get_absolute_url()).content.decode()
    fold = page[page.index('<details class="comment__spoiler">') :]
    summary = fold[: fold.index("</summary>")]
    assert fold.index("</summary>") < fold.index("He dies at the end.")
    # Its pill says what pressing it does: the stylesheet shows "show" while it is closed, "hide" while open.
    assert 'Spoiler — <span class="comment__spoiler-show">show</span>' in summary
    assert '<span class="comment__spoiler-hide">hide</span>' in summary


def test_author_edits_within_the_window_and_the_comment_shows_edited(client, mina, listicle):
    comment = factories.CommentFactory(listicle=listicle, user=mina, body="Typo")
    client.force_login(mina)
    response = client.post(reverse("articles:comment_edit", args=[comment.pk]), {"body": "Fixed"})
    assert response.status_code == 303
    comment.refresh_from_db()
    assert comment.body == "Fixed"
    assert comment.edited is not None
    assert ">edited</span>" in client.get(listicle.get_absolute_url()).content.decode()


def test_editing_after_the_window_is_refused_and_the_text_kept(client, mina, listicle):
    comment = factories.CommentFactory(
        listicle=listicle, user=mina, body="Old", created=timezone.now() - timezone.timedelta(minutes=16)
    )
    client.force_login(mina)
    response = client.post(reverse("articles:comment_edit", args=[comment.pk]), {"body": "Too late"})
    assert response.status_code == 409
    page = response.content.decode()
    assert "edited for 15 minutes" in page
    assert "Too late</textarea>" in page
    comment.refresh_from_db()
    assert comment.body == "Old"


def test_nobody_edits_or_deletes_someone_elses_comment(client, mina, listicle):
    comment = factories.CommentFactory(listicle=listicle, body="Not yours")
    client.force_login(mina)
    assert (
        client.post(reverse("articles:comment_edit", args=[comment.pk]), {"body": "Mine now"}).status_code
        == 403
    )
    assert client.post(reverse("articles:comment_delete", args=[comment.pk])).status_code == 403
    comment.refresh_from_db()
    assert comment.body == "Not yours"
    assert comment.deleted is None


def test_a_deleted_comment_with_replies_shows_deleted_and_keeps_them(client, mina, listicle):
    comment = factories.CommentFactory(listicle=listicle, user=mina, body="I regret this")
    factories.CommentFactory(listicle=listicle, parent=comment, thread=comment, body="A reply stays")
    lonely = factories.CommentFactory(listicle=listicle, user=mina, body="Nobody answered")
    client.force_login(mina)
    assert client.post(reverse("articles:comment_delete", args=[comment.pk])).status_code == 303
    assert client.post(reverse("articles:comment_delete", args=[lonely.pk])).status_code == 303
    page = client.get(listicle.get_absolute_url()).content.decode()
    assert "I regret this" not in page
    assert "[deleted]" in page
    assert "A reply stays" in page
    assert f'id="comment-{lonely.pk}"' not in page


def test_a_deleted_account_shows_as_deleted_account_with_threads_intact(client, mina, listicle):
    comment = factories.CommentFactory(listicle=listicle, user=mina, body="Still here")
    factories.CommentFactory(listicle=listicle, parent=comment, thread=comment, body="Reply too")
    mina.delete()
    page = client.get(listicle.get_absolute_url()).content.decode()
    assert "Still here" in page
    assert "Reply too" in page
    assert "[deleted account]" in page


def test_a_reader_likes_once_and_sees_their_own_like(client, mina, listicle, still):
    comment = factories.CommentFactory(listicle=listicle)
    client.force_login(mina)
    url = reverse("articles:comment_like", args=[comment.pk])
    assert client.post(url, **JSON).json() == {"id": comment.pk, "liked": True, "count": 1}
    assert me(client, listicle)["comments"]["liked"] == [comment.pk]
    page = client.get(listicle.get_absolute_url()).content.decode()
    assert 'aria-pressed="true"' not in page, "the public page marks no one's like"
    assert page == Client().get(listicle.get_absolute_url()).content.decode()
    assert client.post(url, **JSON).json() == {"id": comment.pk, "liked": False, "count": 0}
    assert me(client, listicle)["comments"]["liked"] == []


def test_a_reader_likes_without_javascript_and_is_told_so(mina, listicle):
    comment = factories.CommentFactory(listicle=listicle, body="Quite right.")
    browser = Client(**STRICT)
    browser.force_login(mina)
    response = through_confirm(browser, comment, "like")
    assert response.status_code == 303
    done = browser.get(response["Location"]).content.decode()
    assert "You like this comment." in done and "Quite right." in done
    assert me(browser, listicle)["comments"]["liked"] == [comment.pk]
    response = through_confirm(browser, comment, "like")
    assert "You no longer like this comment." in browser.get(response["Location"]).content.decode()


def test_sort_switches_to_newest_and_top(client, listicle):
    old = factories.CommentFactory(
        listicle=listicle, body="Oldest one", created=timezone.now() - timezone.timedelta(hours=2)
    )
    new = factories.CommentFactory(listicle=listicle, body="Newest one")
    liked = factories.CommentFactory(
        listicle=listicle, body="Best one", created=timezone.now() - timezone.timedelta(hours=1)
    )
    from comments.models import CommentLike

    for n in range(2):
        CommentLike.objects.create(comment=liked, user=factories.UserFactory())
    CommentLike.objects.create(comment=new, user=factories.UserFactory())

    def order(sort):
        page = client.get(listicle.get_absolute_url(), {"sort": sort}).content.decode()
        return sorted(["Oldest one", "Newest one", "Best one"], key=page.index)

    assert order("oldest") == ["Oldest one", "Best one", "Newest one"]
    assert order("newest") == ["Newest one", "Best one", "Oldest one"]
    assert order("top") == ["Best one", "Newest one", "Oldest one"]
    assert old.pk


def test_long_discussions_are_paginated_and_the_first_page_is_in_the_article(client, listicle, settings):
    settings.COMMENTS_PER_PAGE = 5
    for n in range(7):
        factories.CommentFactory(listicle=listicle, body=f"Thread {n}.")
    article = client.get(listicle.get_absolute_url()).content.decode()
    assert "Thread 4." in article
    assert "Thread 5." not in article
    assert "More comments" in article
    second = client.get(comments_url(listicle), {"page": 2}).content.decode()
    assert "Thread 5." in second and "Thread 6." in second
    assert "Thread 0." not in second


def test_the_comments_page_of_a_draft_is_404(client, db):
    draft = factories.ListicleFactory()
    assert client.get(comments_url(draft)).status_code == 404


def test_visibility_rule_hides_hidden_and_removed_from_everyone(db, listicle):
    from comments.comments import comment_page

    for status in CommentStatus.values:
        factories.CommentFactory(listicle=listicle, status=status, body=status)
    page = comment_page(listicle, AnonymousUser())
    assert [comment.body for comment in page.threads] == ["published"]
    assert page.total == 1


def test_without_javascript_an_anonymous_post_is_sent_to_sign_in(client, listicle):
    response = client.post(comments_url(listicle), {"body": "Anonymous"})
    assert response.status_code == 303
    assert response["Location"].startswith("/accounts/login/?next=")
    assert not Comment.objects.exists()


def test_an_account_made_without_sign_up_comments_under_its_username(client, listicle):
    staff = factories.UserFactory(username="newsdesk", is_staff=True)
    client.force_login(staff)
    assert client.post(comments_url(listicle), {"body": "From the desk"}).status_code == 303
    comment = Comment.objects.get(body="From the desk")
    assert comment.user.reader_profile.display_name == "newsdesk"
    assert "newsdesk@example.com" not in client.get(listicle.get_absolute_url()).content.decode()


def test_a_reply_made_with_only_a_parent_joins_its_parents_thread(db, listicle):
    root = factories.CommentFactory(listicle=listicle)
    reply = Comment.objects.create(listicle=listicle, user=root.user, body="Reply", parent=root)
    deeper = Comment.objects.create(listicle=listicle, user=root.user, body="Deeper", parent=reply)
    assert reply.thread == root
    assert deeper.thread == root
