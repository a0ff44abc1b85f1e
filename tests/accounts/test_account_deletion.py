"""Deleting an account: comment text erased on request, sign-in records gone, and the reader's own
data to download first."""

import json

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from comments.models import Comment, CommentLike
from reactions.models import Reaction, ReactionKind, Vote
from tests import factories

PASSWORD = "correct horse battery staple"


@pytest.fixture
def mina(db):
    return factories.reader_account("Mina", username="mina", email="mina@example.com")


@pytest.fixture
def jun(db):
    return factories.reader_account("Jun", username="jun", email="jun@example.com")


def delete(client, user, **extra):
    client.force_login(user)
    return client.post(reverse("accounts:delete"), {"password": PASSWORD, "confirm": "on", **extra})


def comments_page(client, listicle):
    return client.get(reverse("articles:comments", args=[listicle.pk, listicle.slug])).content.decode()


def test_deleting_with_erase_blanks_the_comments_and_the_thread_shows_deleted(client, listicle, mina, jun):
    answered = factories.CommentFactory(listicle=listicle, user=mina, body="Goblin's snow confession")
    factories.CommentFactory(listicle=listicle, user=jun, parent=answered, body="Same here!")
    alone = factories.CommentFactory(listicle=listicle, user=mina, body="Coffee Prince forever")
    kept = factories.CommentFactory(listicle=listicle, user=jun, body="Jun keeps his words")
    assert delete(client, mina, erase_comments="on").status_code == 302
    for comment in (answered, alone):
        comment.refresh_from_db()
        assert comment.body == "" and comment.deleted is not None and comment.user is None
    assert Comment.objects.get(pk=kept.pk).body == "Jun keeps his words"
    page = comments_page(client, listicle)
    assert "[deleted]" in page and "Same here!" in page
    assert "Goblin's snow confession" not in page and "Coffee Prince forever" not in page


def test_deleting_without_erase_keeps_the_text_under_deleted_account(client, listicle, mina):
    comment = factories.CommentFactory(listicle=listicle, user=mina, body="Coffee Prince forever")
    delete(client, mina)
    comment.refresh_from_db()
    assert comment.body == "Coffee Prince forever" and comment.deleted is None
    page = comments_page(client, listicle)
    assert "Coffee Prince forever" in page and "[deleted account]" in page


def test_deleting_removes_the_readers_sign_in_records_and_only_theirs(client, mina, jun):
    for model, extra in [
        (AccessAttempt, {"get_data": "", "post_data": "", "failures_since_start": 1}),
        (AccessLog, {}),
        (AccessFailureLog, {}),
    ]:
        for username in ["mina@example.com", "MINA", "jun@example.com"]:
            model.objects.create(
                username=username,
                ip_address="203.0.113.5",
                user_agent="x",
                http_accept="*/*",
                path_info="/",
                **extra,
            )
    delete(client, mina)
    for model in (AccessAttempt, AccessLog, AccessFailureLog):
        assert list(model.objects.values_list("username", flat=True)) == ["jun@example.com"], model


def test_deleting_removes_the_readers_security_log_and_only_theirs(client, mina, jun):
    from accounts.models import SecurityEvent

    for user, name in [(mina, "mina@example.com"), (None, "MINA@example.com"), (jun, "jun@example.com")]:
        SecurityEvent.objects.create(kind="sign_in_failed", user=user, username=name)
    SecurityEvent.objects.create(kind="signed_in", user=mina, username="mina")
    delete(client, mina)
    assert list(SecurityEvent.objects.values_list("username", flat=True)) == ["jun@example.com"]


def test_the_profile_page_offers_the_erase_choice_and_the_data_download(client, mina):
    client.force_login(mina)
    page = client.get(reverse("accounts:profile")).content.decode()
    assert 'name="erase_comments"' in page
    assert f'href="{reverse("accounts:export")}"' in page


@pytest.fixture
def activity(listicle, mina, jun):
    """Mina and Jun each comment, like, react and vote on the same article."""
    entry = factories.full_entry(listicle)
    love, sad = ReactionKind.objects.order_by("position")[:2]
    for user, kind, words in [(mina, love, "Mina's own words"), (jun, sad, "Jun's private thoughts")]:
        comment = factories.CommentFactory(listicle=listicle, user=user, body=words)
        Reaction.objects.create(listicle=listicle, user=user, kind=kind)
        Vote.objects.create(listicle=listicle, user=user, entry=entry)
        CommentLike.objects.create(comment=comment, user=jun if user == mina else mina)
    return love, sad


def export(client, user):
    client.force_login(user)
    return client.get(reverse("accounts:export"))


def test_the_data_download_is_a_private_attachment_of_the_readers_own_data(client, mina, activity):
    love, sad = activity
    response = export(client, mina)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Cache-Control"] == "private, no-store"
    data = json.loads(response.content)
    assert data["account"]["email"] == "mina@example.com"
    assert data["profile"]["display_name"] == "Mina"
    assert [c["body"] for c in data["comments"]] == ["Mina's own words"]
    assert [r["reaction"] for r in data["reactions"]] == [love.label]
    assert len(data["votes"]) == 1 and len(data["comment_likes"]) == 1
    assert [e["kind"] for e in data["security_events"]] == ["signed_in"], "the test's own sign-in"
    text = response.content.decode()
    for theirs in ["Jun's private thoughts", "jun@example.com", '"Jun"', sad.label]:
        assert theirs not in text


def test_the_data_download_needs_a_sign_in_and_a_get(client, mina):
    response = client.get(reverse("accounts:export"))
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    client.force_login(mina)
    assert client.post(reverse("accounts:export")).status_code == 405


def test_the_data_download_takes_the_same_queries_however_much_the_reader_wrote(client, listicle, mina):
    client.force_login(mina)
    client.get(reverse("accounts:export"))

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("accounts:export")).status_code == 200
        return len(captured)

    factories.CommentFactory(listicle=listicle, user=mina)
    few = queries()
    for _ in range(10):
        factories.CommentFactory(listicle=listicle, user=mina)
    assert queries() == few


def test_deleted_accounts_leave_no_user_row(client, mina):
    delete(client, mina, erase_comments="on")
    assert not get_user_model().objects.filter(pk=mina.pk).exists()
