"""What a reader is told and shown after acting on a comment: why it waits, its likes after an edit,
the count after a delete, no liking one's own, and their flag remembered."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from comments.models import BlockedWord, Comment, CommentFlag, CommentLike, CommentStatus
from tests import factories
from tests.reader_posts import JSON, comments_url, me, through_confirm


def page_of(listicle):
    """The public article page, as anyone gets it."""
    return Client().get(listicle.get_absolute_url()).content.decode()


FIRST = "Your first comment waits for a moderator"
WITHIN_A_DAY = "usually looks within a day"


def test_a_held_first_comment_says_why_and_for_how_long_without_javascript(client, newcomer, listicle):
    client.force_login(newcomer)
    response = client.post(comments_url(listicle), {"body": "Hello, first time here."}, follow=True)
    assert response.redirect_chain[0][1] == 303
    assert response.redirect_chain[-1][0].startswith(
        reverse("articles:done", args=[listicle.pk, listicle.slug, "comment"])
    )
    page = response.content.decode()
    assert FIRST in page and WITHIN_A_DAY in page
    assert "no-store" in response["Cache-Control"], "the page that says so is the reader's own"
    assert FIRST not in client.get(listicle.get_absolute_url()).content.decode()
    assert me(client, listicle)["messages"] == [], "said once"
    assert FIRST not in client.get(response.redirect_chain[-1][0]).content.decode(), "said once"


def test_a_held_first_comment_says_why_with_javascript(client, newcomer, listicle):
    client.force_login(newcomer)
    data = client.post(comments_url(listicle), {"body": "Hello again."}, **JSON).json()
    assert data["status"] == "pending"
    assert FIRST in data["message"] and WITHIN_A_DAY in data["message"]


@pytest.mark.parametrize(
    ("body", "why"),
    [
        ("See http://a.example http://b.example http://c.example", "more than 2 links"),
        ("Total scamword, this.", "a word our moderators read first"),
    ],
)
def test_a_comment_held_for_links_or_a_blocked_word_says_why(client, mina, listicle, body, why):
    BlockedWord.objects.create(word="scamword")
    client.force_login(mina)
    data = client.post(comments_url(listicle), {"body": body}, **JSON).json()
    assert why in data["message"] and WITHIN_A_DAY in data["message"]
    Comment.objects.filter(listicle=listicle).delete()
    page = client.post(comments_url(listicle), {"body": body}, follow=True).content.decode()
    assert why in page


def test_a_published_comment_says_nothing_about_moderators(client, mina, listicle):
    client.force_login(mina)
    data = client.post(comments_url(listicle), {"body": "Straight up."}, **JSON).json()
    assert data["message"] is None
    page = client.post(comments_url(listicle), {"body": "Again."}, follow=True).content.decode()
    assert "waits for a moderator" not in page


def test_an_edited_comment_keeps_its_like_count(client, mina, listicle):
    comment = factories.CommentFactory(listicle=listicle, user=mina, body="Typo")
    for n in range(2):
        fan = factories.reader_account(f"Fan {n}", username=f"fan{n}")
        CommentLike.objects.create(comment=comment, user=fan)
    client.force_login(mina)
    data = client.post(reverse("articles:comment_edit", args=[comment.pk]), {"body": "Fixed"}, **JSON).json()
    assert re.findall(r"data-like-count>(\d+)<", data["html"]) == ["2", "2"]  # the button, and her own
    assert re.findall(r"data-like-count>(\d+)<", flag_area(page_of(listicle), comment)) == ["2", "2"]


def test_a_liked_comment_edited_shows_the_readers_like_in_its_new_html(client, mina, listicle):
    comment = factories.CommentFactory(listicle=listicle, body="Theirs")
    CommentLike.objects.create(comment=comment, user=mina)
    client.force_login(comment.user)
    data = client.post(reverse("articles:comment_edit", args=[comment.pk]), {"body": "Still"}, **JSON).json()
    assert re.findall(r"data-like-count>(\d+)<", data["html"]) == ["1", "1"]
    client.force_login(mina)
    assert me(client, listicle)["comments"]["liked"] == [comment.pk], "her like stays hers"


def test_posting_and_deleting_answer_the_new_comment_count(client, mina, listicle):
    factories.CommentFactory(listicle=listicle)
    client.force_login(mina)
    posted = client.post(comments_url(listicle), {"body": "Mine."}, **JSON).json()
    assert posted["total"] == 2
    deleted = client.post(reverse("articles:comment_delete", args=[posted["id"]]), **JSON).json()
    assert deleted["total"] == 1
    page = client.get(listicle.get_absolute_url()).content.decode()
    assert "data-comment-total>1</span>" in page
    assert "data-comment-total-label>1 comment</a>" in page


def test_a_reader_cannot_like_their_own_comment_and_sees_no_like_button_on_it(client, mina, listicle, still):
    own = factories.CommentFactory(listicle=listicle, user=mina, body="Mine")
    theirs = factories.CommentFactory(listicle=listicle, body="Theirs")
    client.force_login(mina)
    response = client.post(reverse("articles:comment_like", args=[own.pk]), **JSON)
    assert response.status_code == 403
    assert response.json()["error"] == "You cannot like your own comment."
    assert not CommentLike.objects.exists()
    without_js = through_confirm(client, own, "like")
    assert without_js.status_code == 403
    assert "You cannot like your own comment." in without_js.content.decode()
    # The page is everyone's; her me answer names her own, whose Like reader.js takes away.
    page = page_of(listicle)
    assert reverse("articles:comment_like", args=[theirs.pk]) in page
    assert client.get(listicle.get_absolute_url()).content.decode() == page
    own_state = me(client, listicle)["comments"]["own"]
    assert list(own_state) == [str(own.pk)] and own_state[str(own.pk)]["body"] == "Mine"
    like_of_own = re.search(r'<form class="comment__like"[^>]*>', flag_area(page, own)).group(0)
    assert "data-not-own" in like_of_own


def flag_area(page, comment):
    """The HTML of `comment`'s actions on the page."""
    start = page.index(f'id="comment-{comment.pk}"')
    return page[start : page.index("</article>", start)]


@pytest.mark.parametrize("has_pending", [False, True], ids=["no comment of hers", "one of hers waiting"])
def test_a_flagged_comment_shows_flagged_to_its_flagger_after_a_reload(
    client, mina, listicle, has_pending, still
):
    flagged = factories.CommentFactory(listicle=listicle, body="Rude")
    other = factories.CommentFactory(listicle=listicle, body="Fine")
    if has_pending:
        factories.CommentFactory(listicle=listicle, user=mina, status=CommentStatus.PENDING)
    client.force_login(mina)
    response = client.post(reverse("articles:flag", args=[flagged.pk]), {"reason": "abuse"}, **JSON)
    assert response.status_code == 200
    assert me(client, listicle)["comments"]["flagged"] == [flagged.pk]
    page = client.get(listicle.get_absolute_url()).content.decode()
    assert page == page_of(listicle), "the page is everyone's; reader.js marks hers from me"
    mine = flag_area(page, flagged)
    assert "data-comment-flagged hidden>Flagged</button>" in mine
    assert reverse("articles:comment_confirm", args=[other.pk, "flag"]) in flag_area(page, other)
    client.force_login(other.user)
    assert me(client, listicle)["comments"]["flagged"] == [], "only hers"
    assert CommentFlag.objects.count() == 1
