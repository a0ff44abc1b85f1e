"""Checks on comment text compare what readers see: invisible characters, lookalike letters and
stacked combining marks neither slip past a blocked word nor make an empty comment."""

import pytest
from django.urls import reverse

from comments.models import BlockedWord, Comment, CommentStatus, HeldFor
from tests import factories
from tests.reader_posts import JSON, comments_url

INVISIBLE_ONLY = "\u200b\u200c\u200d\u2060\ufeff"
MARKS_ONLY = "\u0301" * 2000


@pytest.mark.parametrize(
    "body",
    [
        "total scam\u200bword here",  # a zero-width space inside the word
        "total scаmword here",  # a Cyrillic "а"
        "total ｓｃａｍｗｏｒｄ here",  # fullwidth letters
        "total SCAMWORD\u00ad here",  # a soft hyphen after it
        "total s\u0336c\u0336a\u0336mword here",  # struck through with combining marks
    ],
    ids=["zero-width", "cyrillic", "fullwidth", "soft-hyphen", "combining"],
)
def test_a_disguised_blocked_word_still_waits_for_moderation(client, mina, listicle, body):
    BlockedWord.objects.create(word="scamword")
    client.force_login(mina)
    response = client.post(comments_url(listicle), {"body": body}, **JSON)
    assert response.status_code == 201
    comment = Comment.objects.get(listicle=listicle)
    assert (comment.status, comment.held_for) == (CommentStatus.PENDING, HeldFor.BLOCKED)


def test_a_disguised_blocked_word_added_by_editing_sends_the_comment_back_to_moderation(
    client, mina, listicle
):
    BlockedWord.objects.create(word="scamword")
    comment = factories.CommentFactory(listicle=listicle, user=mina, body="Harmless")
    client.force_login(mina)
    response = client.post(
        reverse("articles:comment_edit", args=[comment.pk]), {"body": "ｓｃａｍ\u200bword"}, **JSON
    )
    assert response.status_code == 200
    comment.refresh_from_db()
    assert comment.status == CommentStatus.PENDING


def test_words_that_only_contain_the_blocked_word_still_pass(client, mina, listicle):
    BlockedWord.objects.create(word="scam")
    client.force_login(mina)
    client.post(comments_url(listicle), {"body": "Scampi for dinner while watching."})
    assert Comment.objects.get(listicle=listicle).status == CommentStatus.PUBLISHED


@pytest.mark.parametrize("body", [INVISIBLE_ONLY, MARKS_ONLY, " \u200b \n \u0301\u0301 "], ids=str.__len__)
def test_an_invisible_comment_is_refused_with_a_message_with_and_without_javascript(
    client, mina, listicle, body
):
    client.force_login(mina)
    response = client.post(comments_url(listicle), {"body": body}, **JSON)
    assert response.status_code == 400
    assert "Write something readers can see" in response.json()["error"]
    page = client.post(comments_url(listicle), {"body": body})
    assert page.status_code == 400
    assert "Write something readers can see" in page.content.decode()
    assert not Comment.objects.filter(listicle=listicle).exists()


def test_editing_a_comment_down_to_invisible_characters_is_refused(client, mina, listicle):
    comment = factories.CommentFactory(listicle=listicle, user=mina, body="Visible")
    client.force_login(mina)
    url = reverse("articles:comment_edit", args=[comment.pk])
    response = client.post(url, {"body": INVISIBLE_ONLY}, **JSON)
    assert response.status_code == 400
    assert "Write something readers can see" in response.json()["error"]
    page = client.post(url, {"body": MARKS_ONLY})
    assert page.status_code == 400
    assert "Write something readers can see" in page.content.decode()
    comment.refresh_from_db()
    assert comment.body == "Visible"


def test_zalgo_text_is_stored_with_its_letters_and_at_most_two_marks_each(client, mina, listicle):
    client.force_login(mina)
    zalgo = "H" + "\u0336\u0301\u0317" * 300 + "i" + "\u035b" * 50
    response = client.post(comments_url(listicle), {"body": zalgo}, **JSON)
    assert response.status_code == 201
    stored = Comment.objects.get(listicle=listicle).body
    assert [char for char in stored if char.isalpha()] == ["H", "i"]
    assert len(stored) == 6, "two marks on each letter at most"


def test_accents_and_korean_are_stored_as_typed(client, mina, listicle):
    client.force_login(mina)
    body = "Tiếng Việt, 커피프린스 1호점, crème brûlée"
    client.post(comments_url(listicle), {"body": body})
    assert Comment.objects.get(listicle=listicle).body == body
