"""One-click moderation: the Approve, Hide and Spam buttons and their view, why a comment was held,
what Spam means for its author, and the comment's own admin page."""

import importlib
import re

import pytest
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.test import Client
from django.urls import reverse

from comments import comments
from comments.models import BlockedWord, Comment, CommentFlag, CommentStatus, HeldFor
from comments.standing import is_trusted
from tests import factories

JSON = {"HTTP_ACCEPT": "application/json"}
QUEUE = reverse("admin:comments_comment_changelist") + "?waiting=yes"
# The comment list reads the same number of rows whatever it lists: the page of comments with
# their article, author and decider joined, their flags counted inside it.
QUEUE_QUERIES = 8


def moderate_url(comment_or_pk, decision):
    pk = getattr(comment_or_pk, "pk", comment_or_pk)
    return reverse("admin:comments_comment_moderate", args=[pk, decision])


def change_url(comment):
    return reverse("admin:comments_comment_change", args=[comment.pk])


@pytest.fixture
def jisoo(db):
    return factories.reader_account("Jisoo", username="jisoo")


@pytest.fixture
def article(db):
    return factories.PublishedListicleFactory(title="12 Most Memorable K-Drama Confession Scenes")


@pytest.fixture
def held(article, jisoo):
    return factories.CommentFactory(
        listicle=article,
        user=jisoo,
        body="My first comment!",
        status=CommentStatus.PENDING,
        held_for=HeldFor.FIRST,
        hold_reasons=[{"reason": "first"}],
    )


DONE = {"approve": "approved", "hide": "hidden", "spam": "marked as spam"}


@pytest.mark.parametrize(
    "decision, status",
    [("approve", CommentStatus.PUBLISHED), ("hide", CommentStatus.HIDDEN), ("spam", CommentStatus.SPAM)],
)
def test_a_button_decides_records_who_and_answers_json_for_the_script(client, editor, held, decision, status):
    client.force_login(editor)
    response = client.post(moderate_url(held, decision), **JSON)
    assert response.status_code == 200
    answer = response.json()
    assert answer["status"] == status
    assert answer["decision"] == decision
    assert answer["message"] == f"Comment by Jisoo {DONE[decision]}."
    assert answer["waiting"] == 0
    held.refresh_from_db()
    assert (held.status, held.decided_by, held.held_for) == (status, editor, HeldFor.NOTHING)
    assert held.hold_reasons == [{"reason": "first"}], "why it waited stays on the comment"


def test_without_javascript_a_button_posts_the_page_form_and_comes_back_with_a_message(client, editor, held):
    client.force_login(editor)
    queue = client.get(QUEUE)
    token = queue.cookies["csrftoken"].value
    response = client.post(moderate_url(held, "approve"), {"next": QUEUE, "csrfmiddlewaretoken": token})
    assert response.status_code == 303
    assert response["Location"] == QUEUE
    page = client.get(QUEUE).content.decode()
    assert "Comment by Jisoo approved." in page
    assert "My first comment!" not in page, "no longer waiting"


def test_the_way_back_stays_on_this_site(client, editor, held):
    client.force_login(editor)
    response = client.post(moderate_url(held, "hide"), {"next": "https://elsewhere.example/admin/"})
    assert response.status_code == 303
    assert response["Location"] == QUEUE


def test_a_staff_user_without_moderate_comment_gets_403_and_nothing_changes(client, writer, held):
    client.force_login(writer)
    for decision in ("approve", "hide", "spam"):
        assert client.post(moderate_url(held, decision), **JSON).status_code == 403
    assert client.post(moderate_url(held, "approve")).status_code == 403
    held.refresh_from_db()
    assert held.status == CommentStatus.PENDING and held.decided_by is None


def test_a_reader_who_is_not_staff_is_sent_to_sign_in(client, jisoo, held):
    client.force_login(jisoo)
    response = client.post(moderate_url(held, "approve"))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    assert Comment.objects.get(pk=held.pk).status == CommentStatus.PENDING


def test_get_is_405_and_changes_nothing(client, editor, held):
    client.force_login(editor)
    response = client.get(moderate_url(held, "approve"))
    assert response.status_code == 405
    assert response["Allow"] == "POST"
    assert Comment.objects.get(pk=held.pk).status == CommentStatus.PENDING


@pytest.mark.parametrize("address", ["missing", "not-a-number", "bad-decision"])
def test_an_unknown_comment_or_decision_is_404(client, editor, held, address):
    client.force_login(editor)
    url = {
        "missing": moderate_url(held.pk + 1000, "approve"),
        "not-a-number": moderate_url("abc", "approve"),
        "bad-decision": moderate_url(held, "publish"),
    }[address]
    assert client.post(url, **JSON).status_code == 404
    assert Comment.objects.get(pk=held.pk).status == CommentStatus.PENDING


def test_csrf_is_enforced_and_the_cookie_token_in_the_header_passes(editor, held):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(editor)
    assert browser.post(moderate_url(held, "spam"), **JSON).status_code == 403
    assert Comment.objects.get(pk=held.pk).status == CommentStatus.PENDING
    token = browser.get(QUEUE).cookies["csrftoken"].value
    response = browser.post(moderate_url(held, "spam"), HTTP_X_CSRFTOKEN=token, **JSON)
    assert response.status_code == 200
    assert Comment.objects.get(pk=held.pk).status == CommentStatus.SPAM


def test_each_queue_row_has_labelled_buttons_posting_to_their_own_view(client, editor, held):
    client.force_login(editor)
    page = client.get(QUEUE).content.decode()
    for decision, key in (("approve", "a"), ("hide", "h"), ("spam", "s")):
        assert (
            f'<button type="submit" class="button moderation-button moderation-{decision}" '
            f'formaction="{moderate_url(held, decision)}" formmethod="post" data-decision="{decision}" '
            f'data-key="{key}" aria-keyshortcuts="{key}">{decision.title()}</button>'
        ) in page
    assert 'role="group" aria-label="Moderate the comment by Jisoo: “My first comment!”"' in page
    assert '<input type="hidden" name="next" value="/admin/comments/comment/?waiting=yes">' in page
    assert 'id="moderation-live" role="status"' in page
    assert "<kbd>j</kbd> next comment" in page


def test_the_queue_says_why_each_comment_was_held(client, editor, article, settings):
    settings.COMMENT_MAX_LINKS = 1
    BlockedWord.objects.create(word="scam")
    newcomer = factories.reader_account("Newcomer", username="newcomer")
    comment = comments.post_comment(
        article, newcomer, body="A scam: see http://a.example and http://b.example and http://c.example"
    )
    assert comment.status == CommentStatus.PENDING
    assert comment.held_for == HeldFor.LINKS, "the author is told about the links first"
    assert comment.hold_reasons == [
        {"reason": "links", "count": 3, "limit": 1},
        {"reason": "blocked", "words": ["scam"]},
        {"reason": "first"},
    ]
    client.force_login(editor)
    page = client.get(QUEUE).content.decode()
    assert (
        '<ul class="hold-reasons"><li>3 links (more than 1)</li><li>Blocked word: “scam”</li>'
        "<li>First comment</li></ul>"
    ) in page


def test_a_flagged_comment_says_how_many_readers_flagged_it(client, editor, article):
    comment = factories.CommentFactory(listicle=article, body="Hot take")
    for n in range(2):
        reader = factories.reader_account(f"Flagger {n}", username=f"flagger{n}")
        comments.flag_comment(comment, reader, "abuse")
    comment.refresh_from_db()
    assert comment.hold_reasons == [{"reason": "flagged"}]
    client.force_login(editor)
    assert "<li>Flagged by 2 readers</li>" in client.get(QUEUE).content.decode()


def test_flagged_after_a_decision_is_a_new_hold_not_the_old_reasons(editor, held):
    comments.moderate(Comment.objects.filter(pk=held.pk), CommentStatus.PUBLISHED, editor)
    held.refresh_from_db()
    comments.flag_comment(held, factories.reader_account("Flagger", username="flagger"))
    held.refresh_from_db()
    assert (held.held_for, held.hold_reasons) == (HeldFor.FLAGGED, [{"reason": "flagged"}])


def test_editing_a_waiting_comment_adds_what_the_new_text_is_held_for(held, jisoo):
    BlockedWord.objects.create(word="scam")
    comments.edit_comment(held, jisoo, body="It was a scam", spoiler=False)
    held.refresh_from_db()
    assert held.hold_reasons == [{"reason": "first"}, {"reason": "blocked", "words": ["scam"]}]


def test_an_approved_comment_edited_into_a_blocked_word_is_back_in_the_queue(client, editor, held, jisoo):
    BlockedWord.objects.create(word="scam")
    client.force_login(editor)
    client.post(moderate_url(held, "approve"))
    held.refresh_from_db()
    comments.edit_comment(held, jisoo, body="Actually a scam", spoiler=False)
    held.refresh_from_db()
    assert (held.status, held.held_for) == (CommentStatus.PENDING, HeldFor.BLOCKED)
    assert held.hold_reasons == [{"reason": "blocked", "words": ["scam"]}]
    assert comments.waiting().filter(pk=held.pk).exists()
    assert "Actually a scam" in client.get(QUEUE).content.decode()


def test_queue_queries_do_not_grow_with_comments(client, editor, article, django_assert_max_num_queries):
    client.force_login(editor)
    client.get(QUEUE)  # sessions, content types and permissions cached as on any later page
    factories.CommentFactory(listicle=article, status=CommentStatus.PENDING, held_for=HeldFor.FIRST)
    with django_assert_max_num_queries(QUEUE_QUERIES):
        few = client.get(QUEUE)
    assert few.content.decode().count('data-decision="approve"') == 1
    for n in range(40):
        comment = factories.CommentFactory(
            listicle=factories.PublishedListicleFactory() if n % 2 else article,
            status=CommentStatus.PENDING,
            held_for=HeldFor.BLOCKED,
            hold_reasons=[{"reason": "blocked", "words": ["scam"]}],
            decided_by=None,
        )
        CommentFlag.objects.create(comment=comment, user=editor)
    with django_assert_max_num_queries(QUEUE_QUERIES):
        many = client.get(QUEUE)
    assert many.content.decode().count('data-decision="approve"') == 41


def test_spam_takes_the_comment_off_the_page_and_counts_against_its_author(client, editor, article, settings):
    settings.COMMENT_TRUSTED_AFTER_COMMENTS = 1
    author = factories.trusted_reader("Spammy", username="spammy")
    assert is_trusted(author)
    comment = factories.CommentFactory(listicle=article, user=author, body="Cheap followers here")
    client.force_login(editor)
    client.post(moderate_url(comment, "spam"), **JSON)
    client.logout()
    assert "Cheap followers here" not in client.get(article.get_absolute_url()).content.decode()

    author.refresh_from_db()
    assert not is_trusted(author), "their flags no longer hide anything"
    later = comments.post_comment(article, author, body="An honest comment")
    assert later.status == CommentStatus.PENDING
    assert later.held_for == HeldFor.SPAMMED
    assert later.hold_reasons == [{"reason": "spammed", "count": 1}]
    comment.refresh_from_db()
    with pytest.raises(comments.CommentRefused, match="can no longer be changed"):
        comments.edit_comment(comment, author, body="Edited", spoiler=False)

    client.force_login(editor)
    page = client.get(change_url(later)).content.decode()
    assert "Author had 1 comment marked spam lately" in page
    assert "1 marked spam" in page


def test_spam_is_forgotten_after_the_spam_memory(editor, article, settings):
    author = factories.reader_account("Reformed", username="reformed")
    factories.CommentFactory(listicle=article, user=author)
    spam = factories.CommentFactory(listicle=article, user=author)
    comments.moderate(Comment.objects.filter(pk=spam.pk), CommentStatus.SPAM, editor)
    Comment.objects.filter(pk=spam.pk).update(decided_at=spam.created - settings.COMMENT_SPAM_MEMORY)
    assert comments.post_comment(article, author, body="Back again").status == CommentStatus.PUBLISHED


def test_the_comment_page_is_titled_by_author_and_article_and_has_buttons_not_save(client, editor, held):
    client.force_login(editor)
    response = client.get(change_url(held))
    page = response.content.decode()
    assert "<title>Comment by Jisoo on 12 Most Memorable… | Soompi CMS</title>" in page
    assert "<h1>Comment by Jisoo on 12 Most Memorable…</h1>" in page
    assert 'name="_save"' not in page and 'name="_continue"' not in page
    for decision in ("approve", "hide", "spam", "remove"):
        assert f'formaction="{moderate_url(held, decision)}"' in page
    assert re.search(r"<h3>Held for</h3>\s*<ul class=\"hold-reasons\"><li>First comment</li></ul>", page)
    assert "My first comment!" in page


def test_nobody_edits_what_a_reader_wrote(client, editor, held):
    client.force_login(editor)
    response = client.post(change_url(held), {"body": "Rewritten by staff", "status": "published"})
    assert response.status_code == 403
    held.refresh_from_db()
    assert (held.body, held.status) == ("My first comment!", CommentStatus.PENDING)


def test_after_a_decision_the_page_says_why_it_had_waited_and_who_decided(client, editor, held):
    client.force_login(editor)
    client.post(moderate_url(held, "approve"), {"next": change_url(held)})
    page = client.get(change_url(held)).content.decode()
    assert "<h3>Was held for</h3>" in page
    assert 'Last decided by: <span class="moderation-decided">editor, ' in page
    assert "Comment by Jisoo approved." in page


def test_the_comment_page_links_to_the_next_comment_waiting(client, editor, held, article):
    following = factories.CommentFactory(
        listicle=article, status=CommentStatus.PENDING, held_for=HeldFor.FIRST
    )
    client.force_login(editor)
    page = client.get(change_url(held)).content.decode()
    assert f'<a href="{change_url(following)}" class="moderation-next">' in page


def test_comments_held_before_the_reasons_were_kept_get_their_one_reason(editor, held):
    name = ("articles", "0014_comment_spam_and_hold_reasons")
    migration = importlib.import_module("articles.migrations." + name[1])
    decided = factories.CommentFactory(listicle=held.listicle)
    Comment.objects.update(hold_reasons=[])
    # The models as that migration saw them (Comment was still articles'): the same table.
    migration.reasons_from_held_for(MigrationLoader(connection).project_state(name).apps, None)
    held.refresh_from_db()
    decided.refresh_from_db()
    assert held.hold_reasons == [{"reason": "first"}]
    assert decided.hold_reasons == []


def test_bulk_spam_marks_every_selected_comment(client, editor, held, article):
    other = factories.CommentFactory(listicle=article, status=CommentStatus.PENDING)
    client.force_login(editor)
    response = client.post(
        reverse("admin:comments_comment_changelist"),
        {"action": "spam", "_selected_action": [held.pk, other.pk]},
        follow=True,
    )
    assert "2 comments marked as spam." in response.content.decode()
    assert set(Comment.objects.filter(pk__in=[held.pk, other.pk]).values_list("status", flat=True)) == {
        "spam"
    }
