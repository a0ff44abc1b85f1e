"""Without JavaScript nothing is lost, it is one click more: every form on the public page posts to a
private confirm step that carries the token; the post lands on a private page that says what came
of it (the reaction counted, the poll ranked, the comment posted or why it waits), with a link back;
a reader reaches Edit and Delete of their own comments, and anyone else is told why not."""

import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from comments.models import Comment, CommentStatus
from reactions.models import Reaction, ReactionKind, Vote
from tests import factories
from tests.reader_posts import (
    STRICT,
    confirm_step,
    forms_of,
    the_form_of,
    through_confirm,
    unlimited_addresses,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _unlimited_addresses(settings):
    unlimited_addresses(settings)


@pytest.fixture
def article(db):
    listicle = factories.PublishedListicleFactory(
        title="Confessions", slug="confessions", poll_question="Best?"
    )
    factories.full_entry(listicle, position=0)
    factories.full_entry(listicle, position=1)
    return listicle


@pytest.fixture
def mina(db):
    user = factories.reader_account("Mina", username="mina")
    factories.CommentFactory(user=user)  # published before: her comments go straight up
    return user


def browser_as(user=None):
    browser = Client(**STRICT)
    if user is not None:
        browser.force_login(user)
    return browser


def public_form(page, action):
    """The public page's form whose action is `action`."""
    found = [form for form in forms_of(page) if form["action"] == action]
    assert found, f"the page has a form posting to {action}"
    return found[0]


def done(listicle, action):
    return reverse("articles:done", args=[listicle.pk, listicle.slug, action])


def test_every_form_on_the_public_page_posts_to_a_confirm_step(article, mina):
    comment = factories.CommentFactory(listicle=article, body="Theirs.")
    page = Client().get(article.get_absolute_url())
    actions = {form["action"] for form in forms_of(page)}
    posting = {form["action"] for form in forms_of(page) if form["method"].lower() == "post"}
    assert reverse("articles:confirm", args=[article.pk, article.slug, "react"]) in posting
    assert reverse("articles:confirm", args=[article.pk, article.slug, "vote"]) in posting
    assert reverse("articles:confirm", args=[article.pk, article.slug, "comment"]) in posting
    for step in ("like", "reply", "flag", "delete"):
        assert reverse("articles:comment_confirm", args=[comment.pk, step]) in posting
    confirm = re.compile(r"^/(article/\d+/[\w-]+|comments/\d+)/confirm/[a-z]+/$")
    script_only = {
        reverse("articles:comment_edit", args=[pk]) for pk in Comment.objects.values_list("pk", flat=True)
    }
    assert {action for action in posting if not confirm.match(action)} <= script_only, actions
    # The edit form is the script's (it is hidden and filled from me); readers without it follow
    # the Edit link to the edit page.
    assert "csrfmiddlewaretoken" not in page.content.decode()


def test_a_reaction_without_javascript_is_one_click_more_and_shows_what_came_of_it(article):
    browser = browser_as()
    page = browser.get(article.get_absolute_url())
    form = public_form(page, reverse("articles:confirm", args=[article.pk, article.slug, "react"]))
    step = browser.post(form["action"], {"kind": "love"})  # the pressed button's name and value
    assert step.status_code == 200 and "no-store" in step["Cache-Control"]
    real = the_form_of(step)
    response = browser.post(real["action"], real["fields"])
    assert response.status_code == 303 and response["Location"] == done(article, "react")
    landed = browser.get(response["Location"])
    html = landed.content.decode()
    assert "no-store" in landed["Cache-Control"]
    love = ReactionKind.objects.get(slug="love")
    assert f"Your reaction: {love.emoji} {love.label}" in html
    assert re.search(r'value="love"\s+aria-pressed="true"', html)
    assert f'href="{article.get_absolute_url()}#reactions"' in html
    assert Reaction.objects.count() == 1

    again = through_confirm(browser, article, "react", {"kind": "love"})  # the same again takes it back
    assert "You have no reaction on this article" in browser.get(again["Location"]).content.decode()
    assert not Reaction.objects.exists()


def test_a_vote_without_javascript_lands_on_the_ranked_results(article):
    first, second = article.entries.order_by("position")
    for _ in range(2):
        through_confirm(browser_as(), article, "vote", {"entry": second.pk})
    browser = browser_as()
    response = through_confirm(browser, article, "vote", {"entry": first.pk})
    assert response.status_code == 303 and response["Location"] == done(article, "vote")
    html = browser.get(response["Location"]).content.decode()
    assert f"Your pick: {first.display_heading}" in html
    ranked = re.findall(r'<li class="poll-result([^"]*)">', html)
    assert ranked == [" poll-result--leader", " poll-result--mine"], "the leader first, her pick marked"
    assert "3 votes" in html
    assert f'href="{article.get_absolute_url()}#poll"' in html
    assert Vote.objects.count() == 3


def test_a_comment_held_without_javascript_says_it_waits_and_why(article):
    newcomer = factories.reader_account("Newcomer", username="newcomer")
    browser = browser_as(newcomer)
    response = through_confirm(browser, article, "comment", {"body": "Hello <b>there</b>, first time."})
    comment = Comment.objects.get(listicle=article, user=newcomer)
    assert comment.status == CommentStatus.PENDING
    assert response["Location"] == done(article, "comment") + f"?comment={comment.pk}"
    landed = browser.get(response["Location"])
    html = landed.content.decode()
    assert "no-store" in landed["Cache-Control"]
    assert "Your first comment waits for a moderator" in html and "within a day" in html
    assert "Hello &lt;b&gt;there&lt;/b&gt;, first time." in html and "<b>there</b>" not in html
    assert "waiting for a moderator: only you see it" in html
    assert f'href="{article.get_absolute_url()}#comments"' in html
    # Her comment waits; she can still change her mind without JavaScript.
    assert reverse("articles:comment_edit", args=[comment.pk]) in html
    assert reverse("articles:comment_confirm", args=[comment.pk, "delete"]) in html
    assert "Your first comment waits" not in browser.get(response["Location"]).content.decode(), "told once"


def test_a_published_comment_without_javascript_links_back_to_itself(article, mina):
    browser = browser_as(mina)
    response = through_confirm(browser, article, "comment", {"body": "Straight up."})
    comment = Comment.objects.get(listicle=article, user=mina)
    html = browser.get(response["Location"]).content.decode()
    assert "Your comment is posted." in html and "waits for a moderator" not in html
    assert f"#comment-{comment.pk}" in html


# Edit and Delete of one's own comment


def noscript_links(page, comment):
    start = page.index(f'id="comment-{comment.pk}"')
    area = page[start : page.index("</article>", start)]
    match = re.search(r"<noscript>(.*?)</noscript>", area, re.S)
    assert match, "Edit and Delete for readers without JavaScript"
    return re.findall(r'href="([^"]+)"', match.group(1))


def test_every_comment_offers_edit_and_delete_without_javascript_the_same_for_everyone(article, mina, still):
    own = factories.CommentFactory(listicle=article, user=mina, body="Mine.")
    theirs = factories.CommentFactory(listicle=article, body="Theirs.")
    page = Client().get(article.get_absolute_url()).content.decode()
    for comment in (own, theirs):
        assert noscript_links(page, comment) == [
            reverse("articles:comment_edit", args=[comment.pk]),
            reverse("articles:comment_confirm", args=[comment.pk, "delete"]),
        ]
    assert browser_as(mina).get(article.get_absolute_url()).content.decode() == page


def test_the_author_edits_without_javascript(article, mina):
    own = factories.CommentFactory(listicle=article, user=mina, body="Typo <i>here</i>.")
    browser = browser_as(mina)
    page = browser.get(reverse("articles:comment_edit", args=[own.pk]))
    assert page.status_code == 200
    assert "no-store" in page["Cache-Control"] and "private" in page["Cache-Control"]
    assert "Typo &lt;i&gt;here&lt;/i&gt;." in page.content.decode()
    form = the_form_of(page)
    assert form["fields"]["body"] == "Typo <i>here</i>."
    response = browser.post(form["action"], form["fields"] | {"body": "Fixed."})
    assert response.status_code == 303
    assert response["Location"] == done(article, "comment") + f"?comment={own.pk}"
    html = browser.get(response["Location"]).content.decode()
    assert "Your comment is saved." in html and "Fixed." in html
    own.refresh_from_db()
    assert own.body == "Fixed." and own.edited
    assert "Fixed." in Client().get(article.get_absolute_url()).content.decode()


def test_the_author_deletes_without_javascript(article, mina):
    own = factories.CommentFactory(listicle=article, user=mina, body="Regrets.")
    browser = browser_as(mina)
    step = confirm_step(browser, own, "delete")
    assert "Delete your comment?" in step.content.decode() and "Regrets." in step.content.decode()
    response = through_confirm(browser, own, "delete")
    assert response.status_code == 303
    html = browser.get(response["Location"]).content.decode()
    assert "Your comment is deleted." in html
    own.refresh_from_db()
    assert own.is_deleted
    assert "Regrets." not in Client().get(article.get_absolute_url()).content.decode()


def test_the_author_deletes_a_comment_that_still_waits(article):
    newcomer = factories.reader_account("Newcomer", username="newcomer")
    waiting = factories.CommentFactory(listicle=article, user=newcomer, status=CommentStatus.PENDING)
    browser = browser_as(newcomer)
    response = through_confirm(browser, waiting, "delete")
    assert response.status_code == 303
    waiting.refresh_from_db()
    assert waiting.is_deleted
    other = browser_as(factories.reader_account("Other", username="other"))
    assert other.get(reverse("articles:comment_confirm", args=[waiting.pk, "like"])).status_code == 404


def test_anyone_else_is_told_why_not(article, mina):
    own = factories.CommentFactory(listicle=article, user=mina, body="Mine.")
    jun = browser_as(factories.reader_account("Jun", username="jun"))
    edit = jun.get(reverse("articles:comment_edit", args=[own.pk]))
    assert edit.status_code == 403
    assert "You can only edit your own comments." in edit.content.decode()
    assert "no-store" in edit["Cache-Control"]
    delete = jun.get(reverse("articles:comment_confirm", args=[own.pk, "delete"]))
    assert delete.status_code == 403
    assert "You can only delete your own comments." in delete.content.decode()
    refused = jun.post(reverse("articles:comment_delete", args=[own.pk]), {"csrfmiddlewaretoken": "x"})
    assert refused.status_code == 403
    own.refresh_from_db()
    assert own.body == "Mine." and not own.is_deleted

    anonymous = browser_as()
    to_sign_in = anonymous.get(reverse("articles:comment_edit", args=[own.pk]))
    assert to_sign_in.status_code == 303
    assert to_sign_in["Location"].startswith(reverse("account_login") + "?next=")
    assert (
        "Sign in"
        in anonymous.get(reverse("articles:comment_confirm", args=[own.pk, "delete"])).content.decode()
    )


def test_past_the_edit_window_the_author_is_told_how_long_it_was(article, mina, settings, time_machine):
    own = factories.CommentFactory(listicle=article, user=mina, body="Old.")
    time_machine.move_to(timezone.now() + settings.COMMENT_EDIT_WINDOW + timezone.timedelta(minutes=1))
    response = browser_as(mina).get(reverse("articles:comment_edit", args=[own.pk]))
    assert response.status_code == 403
    minutes = int(settings.COMMENT_EDIT_WINDOW.total_seconds() // 60)
    assert f"comments can be edited for {minutes} minutes after posting" in response.content.decode()


def test_a_done_page_opened_by_someone_else_shows_only_their_own(article, mina):
    first = article.entries.order_by("position").first()
    browser = browser_as(mina)
    through_confirm(browser, article, "react", {"kind": "love"})
    through_confirm(browser, article, "vote", {"entry": first.pk})
    response = through_confirm(browser, article, "comment", {"body": "Mina's words."})
    stranger = Client()
    for action in ("react", "vote"):
        page = stranger.get(done(article, action))
        assert page.status_code == 200 and "no-store" in page["Cache-Control"]
        html = page.content.decode()
        assert 'aria-pressed="true"' not in html and "poll-result--mine" not in html
        assert "Mina" not in html
    html = stranger.get(response["Location"]).content.decode()
    assert "Your comment is posted." not in html
    assert "Mina&#x27;s words." in html, "a published comment is anyone's to see"
    assert reverse("articles:comment_edit", args=[Comment.objects.get(body="Mina's words.").pk]) not in html


def test_a_flag_without_javascript_is_thanked_on_a_private_page(article, mina):
    theirs = factories.CommentFactory(listicle=article, body="Rude.")
    browser = browser_as(mina)
    step = confirm_step(browser, theirs, "flag", {"reason": "abuse"})
    assert the_form_of(step)["fields"]["reason"] == "abuse", "the reason chosen on the page is kept"
    response = through_confirm(browser, theirs, "flag", {"reason": "abuse"})
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "moderators will look at this comment" in response.content.decode()
    again = through_confirm(browser, theirs, "flag", {"reason": "spam"})
    assert again.status_code == 409 and "already flagged" in again.content.decode()
    assert "no-store" in again["Cache-Control"]


@pytest.mark.parametrize(
    ("turned_off", "action", "data", "status", "words"),
    [
        ({"allow_reactions": False}, "react", {"kind": "love"}, 404, "Reactions are turned off"),
        ({"poll_question": ""}, "vote", {"entry": "1"}, 404, "no reader’s pick"),
        ({"allow_comments": False}, "comment", {"body": "Hello."}, 403, "Comments are closed"),
    ],
)
def test_the_confirm_step_refuses_what_the_post_would(article, mina, turned_off, action, data, status, words):
    for field, value in turned_off.items():
        setattr(article, field, value)
    article.save()  # as the admin does: the kept record is read anew
    response = browser_as(mina).post(
        reverse("articles:confirm", args=[article.pk, article.slug, action]), data
    )
    assert response.status_code == status
    assert words in response.content.decode()
    assert "no-store" in response["Cache-Control"]
