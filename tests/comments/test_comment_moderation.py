"""Moderation: readers' flags, the editors' comment list and bulk decisions, the moderation permission."""

from datetime import timedelta

from allauth.account.models import EmailAddress
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import ReaderProfile
from comments.comments import waiting_count
from comments.models import BlockedWord, Comment, CommentFlag, CommentStatus, HeldFor
from comments.standing import is_trusted
from tests import factories

JSON = {"HTTP_ACCEPT": "application/json"}
CHANGELIST = "admin:comments_comment_changelist"


def readers(count):
    """New accounts, as anyone can make in a minute: unverified, no history."""
    return [factories.reader_account(f"Flagger {n}", username=f"flagger{n}") for n in range(count)]


def trusted_readers(count):
    return [factories.trusted_reader(f"Regular {n}", username=f"regular{n}") for n in range(count)]


def flag(client, user, comment, reason=""):
    client.force_login(user)
    return client.post(reverse("articles:flag", args=[comment.pk]), {"reason": reason}, **JSON)


def test_a_reader_flags_once_with_an_optional_reason(client, listicle):
    comment = factories.CommentFactory(listicle=listicle)
    (reader,) = readers(1)
    response = flag(client, reader, comment, "spam")
    assert response.status_code == 200
    assert "moderators will look" in response.json()["message"]
    again = flag(client, reader, comment, "abuse")
    assert again.status_code == 409
    assert again.json()["error"] == "You already flagged this comment."
    assert list(CommentFlag.objects.values_list("reason", flat=True)) == ["spam"]


def test_flag_needs_an_account_and_a_known_reason(client, listicle):
    comment = factories.CommentFactory(listicle=listicle)
    response = client.post(reverse("articles:flag", args=[comment.pk]), **JSON)
    assert response.status_code == 403
    (reader,) = readers(1)
    response = flag(client, reader, comment, "<script>")
    assert response.status_code == 400
    assert "Choose one of the listed reasons" in response.json()["error"]
    assert not CommentFlag.objects.exists()


def test_flagging_without_javascript_answers_a_page(client, listicle):
    comment = factories.CommentFactory(listicle=listicle)
    (reader,) = readers(1)
    client.force_login(reader)
    response = client.post(reverse("articles:flag", args=[comment.pk]), {"reason": ""})
    assert response.status_code == 200
    assert "Flag sent" in response.content.decode()


def test_k_flags_from_trusted_readers_hide_a_comment_until_an_editor_approves_it(
    client, listicle, editor, settings
):
    settings.COMMENT_FLAG_LIMIT = 3
    comment = factories.CommentFactory(listicle=listicle, body="Contested opinion")
    flaggers = trusted_readers(3)
    assert flag(client, flaggers[0], comment).json()["hidden"] is False
    assert flag(client, flaggers[1], comment).json()["hidden"] is False
    assert flag(client, flaggers[2], comment).json()["hidden"] is True
    client.logout()
    assert "Contested opinion" not in client.get(listicle.get_absolute_url()).content.decode()

    client.force_login(editor)
    assert "1 comment waiting for moderation" in client.get(reverse("admin:index")).content.decode()
    client.post(reverse(CHANGELIST), {"action": "approve", "_selected_action": [comment.pk]})
    comment.refresh_from_db()
    assert comment.status == CommentStatus.PUBLISHED
    assert comment.decided_by == editor
    client.logout()
    assert "Contested opinion" in client.get(listicle.get_absolute_url()).content.decode()
    # Flags given before the editor's decision do not count again.
    (late,) = [factories.reader_account("Late", username="late")]
    assert flag(client, late, comment).json()["hidden"] is False


def test_flags_from_three_fresh_accounts_queue_the_comment_without_hiding_it(
    client, listicle, editor, settings
):
    settings.COMMENT_FLAG_LIMIT = 3
    comment = factories.CommentFactory(listicle=listicle, body="Unpopular but fair")
    for reader in readers(3):
        response = flag(client, reader, comment, "abuse")
        assert response.status_code == 200
        assert response.json()["hidden"] is False
    comment.refresh_from_db()
    assert comment.status == CommentStatus.PUBLISHED
    assert comment.held_for == HeldFor.FLAGGED
    assert set(CommentFlag.objects.values_list("weight", flat=True)) == {0}
    client.logout()
    assert "Unpopular but fair" in client.get(listicle.get_absolute_url()).content.decode()

    client.force_login(editor)
    assert "1 comment waiting for moderation" in client.get(reverse("admin:index")).content.decode()
    queue = client.get(reverse(CHANGELIST), {"waiting": "yes"}).content.decode()
    assert "Unpopular but fair" in queue
    assert (
        '<td class="field-why_held"><ul class="hold-reasons"><li>Flagged by 3 readers</li></ul></td>' in queue
    )
    client.post(reverse(CHANGELIST), {"action": "approve", "_selected_action": [comment.pk]})
    comment.refresh_from_db()
    assert (comment.status, comment.held_for, comment.decided_by) == ("published", "", editor)
    assert waiting_count() == 0


def test_fresh_flags_do_not_add_up_with_trusted_ones_to_hide(client, listicle, settings):
    settings.COMMENT_FLAG_LIMIT = 2
    comment = factories.CommentFactory(listicle=listicle)
    (trusted,) = trusted_readers(1)
    assert flag(client, trusted, comment).json()["hidden"] is False
    for reader in readers(5):
        assert flag(client, reader, comment).json()["hidden"] is False
    assert Comment.objects.get(pk=comment.pk).status == CommentStatus.PUBLISHED


def test_standing_needs_a_verified_email_an_old_account_and_published_comments(db, settings):
    (user,) = trusted_readers(1)
    assert is_trusted(user)
    EmailAddress.objects.filter(user=user).update(verified=False)
    assert not is_trusted(user)
    EmailAddress.objects.filter(user=user).update(verified=True)
    user.date_joined = timezone.now() - timedelta(days=settings.COMMENT_TRUSTED_AFTER_DAYS - 1)
    assert not is_trusted(user)
    user.refresh_from_db()
    Comment.objects.filter(user=user).first().delete()
    assert not is_trusted(user), "one published comment short"
    settings.COMMENT_TRUSTED_AFTER_COMMENTS -= 1
    assert is_trusted(user)


def test_editor_bulk_approves_hides_and_removes_recording_who_decided(client, editor, listicle):
    waiting = [factories.CommentFactory(listicle=listicle, status=CommentStatus.PENDING) for _ in range(3)]
    client.force_login(editor)
    ids = [comment.pk for comment in waiting]
    response = client.post(
        reverse(CHANGELIST), {"action": "approve", "_selected_action": ids[:2]}, follow=True
    )
    assert "2 comments approved." in response.content.decode()
    client.post(reverse(CHANGELIST), {"action": "remove", "_selected_action": ids[2:]})
    statuses = dict(Comment.objects.values_list("pk", "status"))
    assert [statuses[pk] for pk in ids] == ["published", "published", "removed"]
    assert set(Comment.objects.values_list("decided_by", flat=True)) == {editor.pk}
    client.post(reverse(CHANGELIST), {"action": "hide", "_selected_action": ids[:1]})
    assert Comment.objects.get(pk=ids[0]).status == CommentStatus.HIDDEN


def test_comment_list_filters_searches_and_links_to_the_authors_other_comments(client, editor, listicle):
    author = factories.reader_account("Chatty", username="chatty")
    mine = [
        factories.CommentFactory(listicle=listicle, user=author, body=f"Chatty says {n}") for n in range(2)
    ]
    other = factories.CommentFactory(listicle=listicle, body="Someone else")
    CommentFlag.objects.create(comment=other, user=author)
    client.force_login(editor)
    page = client.get(reverse(CHANGELIST)).content.decode()
    assert f"?user__id__exact={author.pk}" in page
    by_author = client.get(reverse(CHANGELIST), {"user__id__exact": author.pk}).content.decode()
    assert "Chatty says 0" in by_author and "Chatty says 1" in by_author
    assert "Someone else" not in by_author
    flagged = client.get(reverse(CHANGELIST), {"flagged": "yes"}).content.decode()
    assert "Someone else" in flagged and "Chatty says" not in flagged
    found = client.get(reverse(CHANGELIST), {"q": "chatty"}).content.decode()
    assert "Chatty says 0" in found
    assert mine


def test_editor_suspends_an_author_who_then_cannot_comment(client, editor, listicle):
    author = factories.reader_account("Troll", username="troll")
    comment = factories.CommentFactory(listicle=listicle, user=author)
    url = reverse("articles:comments", args=[listicle.pk, listicle.slug])
    troll = Client()
    troll.force_login(author)
    assert troll.post(url, {"body": "Before"}, **JSON).status_code == 201  # their account now kept
    client.force_login(editor)
    client.post(reverse(CHANGELIST), {"action": "suspend", "_selected_action": [comment.pk]})
    assert ReaderProfile.objects.get(user=author).commenting_suspended is True
    response = troll.post(url, {"body": "Again"}, **JSON)
    assert response.status_code == 403
    assert "suspended" in response.json()["error"]


def test_writers_cannot_see_or_moderate_comments(client, writer, listicle):
    comment = factories.CommentFactory(listicle=listicle, status=CommentStatus.PENDING)
    client.force_login(writer)
    assert client.get(reverse(CHANGELIST)).status_code == 403
    client.post(reverse(CHANGELIST), {"action": "approve", "_selected_action": [comment.pk]})
    comment.refresh_from_db()
    assert comment.status == CommentStatus.PENDING
    assert "waiting for moderation" not in client.get(reverse("admin:index")).content.decode()


def test_editors_have_the_moderation_permission_and_writers_do_not(editor, writer):
    assert editor.has_perm("comments.moderate_comment")
    assert not writer.has_perm("comments.moderate_comment")


def test_blocked_words_are_edited_in_the_admin(client, editor):
    client.force_login(editor)
    response = client.post(reverse("admin:comments_blockedword_add"), {"word": "scamword"})
    assert response.status_code == 302
    from comments.comments import blocked_words_in

    assert blocked_words_in("What a SCAMWORD!") == ["scamword"]
    assert blocked_words_in("scamwords are fine") == []


def test_a_blocked_word_typed_with_lookalikes_matches_plain_text_and_duplicates_are_refused(client, editor):
    from comments.comments import blocked_words_in

    client.force_login(editor)
    add = reverse("admin:comments_blockedword_add")
    assert client.post(add, {"word": "ｓсam"}).status_code == 302  # fullwidth s, Cyrillic с
    assert blocked_words_in("what a scam") == ["ｓсam"]
    again = client.post(add, {"word": "SCAM"})
    assert again.status_code == 200
    assert "looks the same" in again.content.decode()
    invisible = client.post(add, {"word": "\u200b\u200d"})
    assert "Type a word readers could see." in invisible.content.decode()
    assert BlockedWord.objects.count() == 1
    found = client.get(reverse("admin:comments_blockedword_changelist"), {"q": "scam"}).content.decode()
    assert "ｓсam" in found
