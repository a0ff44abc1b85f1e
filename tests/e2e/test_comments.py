"""Readers and editors in the comments, in a real browser at desktop and phone width.

Set E2E_SCREENSHOTS to a folder to keep a screenshot of each step worth looking at.
"""

import os
import re
from pathlib import Path

import pytest
from django.core import mail
from playwright.sync_api import expect

from .admin_session import sign_in
from .conftest import CONFIRM, DESKTOP, PHONE, confirm_step, load_demo, reader_ready
from .test_accessibility import describe, serious_violations

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SLUG = "12-most-memorable-k-drama-confession-scenes"
PASSWORD = "a long enough passphrase 42"
SCREENS = {"desktop": DESKTOP, "phone": PHONE}


def screenshot(page, name):
    folder = os.environ.get("E2E_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=False)


def assert_accessible(page, where):
    found = serious_violations(page)
    assert not found, f"axe-core, {where}:\n" + describe(found)


@pytest.fixture
def article(live_server):
    load_demo()
    from articles.models import Listicle

    return Listicle.objects.get(slug=SLUG)


@pytest.fixture
def regular(article):
    """An established reader with one published comment under the article."""
    from comments.models import Comment
    from tests.factories import reader_account

    user = reader_account("Jun", username="jun", email="jun@example.com", password=PASSWORD)
    return Comment.objects.create(listicle=article, user=user, body="Goblin's confession in the snow.")


def new_page(browser, screen):
    context = browser.new_context(**SCREENS[screen])
    page = context.new_page()
    page.set_default_timeout(15_000)
    return page


def sign_in_reader(page, live_server, email, next_url):
    page.goto(f"{live_server.url}/accounts/login/?next={next_url}")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", PASSWORD)
    page.locator(".account-form button[type=submit]").click()
    page.wait_for_url(f"**{next_url}")
    reader_ready(page)


@pytest.mark.parametrize("screen", SCREENS)
def test_a_reader_signs_up_comments_replies_edits_deletes_and_flags(
    browser, live_server, article, regular, screen
):
    page = new_page(browser, screen)
    url = live_server.url + article.get_absolute_url()
    page.goto(url + "#comments")
    page.get_by_role("link", name="create an account").click()
    # An address of its own per screen: allauth sends one confirmation per address every few minutes.
    page.fill("input[name=email]", f"mina-{screen}@example.com")
    page.fill("input[name=display_name]", "Mina")
    page.fill("input[name=password1]", PASSWORD)
    page.fill("input[name=password2]", PASSWORD)
    screenshot(page, f"signup-{screen}")
    assert_accessible(page, "sign-up page")
    page.locator(".account-form button[type=submit]").click()
    page.wait_for_url("**/accounts/confirm-email/")
    # The confirmation link from the email (the live server shares this process's outbox).
    link = re.search(r"https?://\S+?(/accounts/confirm-email/\S+)", mail.outbox[-1].body).group(1)
    page.goto(live_server.url + link)
    page.get_by_role("button", name="Confirm").click()
    page.wait_for_url(f"{url}#comments")
    # The page is the public one; the name and the comment form come from the private request.
    assert reader_ready(page)["name"] == "Mina"
    expect(page.locator(".account-nav__name")).to_have_text("Mina")

    # A first comment waits for moderation, shown to its author only, in place.
    page.fill("#comment-body", "Coffee Prince's confession is the best one.")
    page.get_by_role("button", name="Post comment").click()
    mine = page.locator(".comment", has_text="Coffee Prince's confession")
    expect(mine).to_contain_text("Awaiting moderation")

    # Reply to Jun, in place.
    jun = page.locator(f"#comment-{regular.pk}")
    jun.get_by_text("Reply", exact=True).click()
    jun.get_by_label("Reply to Jun").fill("The snow scene gets me too.")
    jun.get_by_role("button", name="Post reply").click()
    reply = page.locator(f"#thread-{regular.pk} .comment", has_text="The snow scene gets me too.")
    expect(reply).to_be_visible()

    # Edit within the window.
    mine.get_by_text("Edit", exact=True).click()
    mine.get_by_label("Edit your comment").fill("Coffee Prince's confession is the very best one.")
    mine.get_by_role("button", name="Save").click()
    mine = page.locator(".comment", has_text="the very best one")
    expect(mine).to_contain_text("edited")
    screenshot(page, f"comments-signed-in-{screen}")
    assert_accessible(page, "article with comments, signed in")

    # Flag Jun's comment with a reason.
    jun.get_by_text("Flag", exact=True).click()
    jun.get_by_label("Why should moderators look at it?").select_option("spam")
    jun.get_by_role("button", name="Send flag").click()
    expect(jun).to_contain_text("moderators will look at this comment")

    # Delete, confirming the browser's question.
    page.once("dialog", lambda dialog: dialog.accept())
    mine.get_by_role("button", name="Delete").click()
    expect(page.get_by_text("the very best one")).to_have_count(0)

    page.reload()
    expect(page.get_by_text("the very best one")).to_have_count(0)
    expect(page.locator(f"#thread-{regular.pk}")).to_contain_text("The snow scene gets me too.")
    page.context.close()


def test_posting_works_without_javascript(browser, live_server, article, regular):
    """The public page's form goes to the confirm step, which posts with the reader's token."""
    context = browser.new_context(java_script_enabled=False, **DESKTOP)
    page = context.new_page()
    sign_in_reader(page, live_server, "jun@example.com", article.get_absolute_url())
    page.fill("#comment-body", "Posted the old-fashioned way.")
    page.get_by_role("button", name="Post comment").click()
    page.wait_for_url(CONFIRM)
    expect(page.get_by_label("Your comment")).to_have_value("Posted the old-fashioned way.")
    confirm_step(page)
    expect(page.get_by_text("Posted the old-fashioned way.")).to_be_visible()
    assert "/confirm/" not in page.url

    page.goto(live_server.url + article.get_absolute_url())
    page.fill("#comment-body", "   ")
    page.get_by_role("button", name="Post comment").click()
    confirm_step(page)
    expect(page.locator("#comment-form-error")).to_have_text("Write something before posting.")
    context.close()


def test_an_editor_approves_and_removes_in_bulk_from_the_admin(browser, live_server, article, regular):
    from comments.models import Comment
    from tests.factories import reader_account

    newcomer = reader_account("Newcomer", username="newcomer")
    waiting = [
        Comment.objects.create(listicle=article, user=newcomer, body=f"Waiting comment {n}", status="pending")
        for n in range(3)
    ]
    page = new_page(browser, "desktop")
    sign_in(page, live_server, "editor", "soompi-editor-demo")
    expect(page.locator("#newsroom-comments")).to_contain_text("3 comments waiting for moderation")
    page.locator("#newsroom-comments a").first.click()
    for comment in waiting[:2]:
        page.locator(f"input[name=_selected_action][value='{comment.pk}']").check()
    page.select_option("select[name=action]", "approve")
    page.get_by_role("button", name="Go").click()
    expect(page.locator(".messagelist")).to_contain_text("2 comments approved.")
    page.goto(live_server.url + "/admin/comments/comment/")
    page.locator(f"input[name=_selected_action][value='{waiting[2].pk}']").check()
    page.locator(f"input[name=_selected_action][value='{regular.pk}']").check()
    page.select_option("select[name=action]", "remove")
    page.get_by_role("button", name="Go").click()
    expect(page.locator(".messagelist")).to_contain_text("2 comments removed.")
    screenshot(page, "admin-comments-desktop")

    reader = new_page(browser, "phone")
    reader.goto(live_server.url + article.get_absolute_url() + "#comments")
    expect(reader.get_by_text("Waiting comment 0")).to_be_visible()
    expect(reader.get_by_text("Waiting comment 1")).to_be_visible()
    expect(reader.get_by_text("Waiting comment 2")).to_have_count(0)
    expect(reader.get_by_text("Goblin's confession in the snow.")).to_have_count(0)
    page.context.close()
    reader.context.close()


def test_a_comment_flagged_by_k_trusted_readers_disappears_until_approved(
    browser, live_server, article, regular, settings
):
    from tests.factories import trusted_reader

    settings.COMMENT_FLAG_LIMIT = 2
    for n in range(2):
        trusted_reader(
            f"Flagger {n}", username=f"flagger{n}", email=f"flagger{n}@example.com", password=PASSWORD
        )
        page = new_page(browser, "phone" if n else "desktop")
        sign_in_reader(page, live_server, f"flagger{n}@example.com", article.get_absolute_url())
        jun = page.locator(f"#comment-{regular.pk}")
        jun.get_by_text("Flag", exact=True).click()
        jun.get_by_role("button", name="Send flag").click()
        expect(jun).to_contain_text("moderators will look")
        page.context.close()

    anonymous = new_page(browser, "desktop")
    anonymous.goto(live_server.url + article.get_absolute_url())
    expect(anonymous.get_by_text("Goblin's confession in the snow.")).to_have_count(0)

    editor = new_page(browser, "desktop")
    sign_in(editor, live_server, "editor", "soompi-editor-demo")
    editor.goto(live_server.url + "/admin/comments/comment/?status__exact=hidden")
    editor.locator(f"input[name=_selected_action][value='{regular.pk}']").check()
    editor.select_option("select[name=action]", "approve")
    editor.get_by_role("button", name="Go").click()
    expect(editor.locator(".messagelist")).to_contain_text("1 comment approved.")

    anonymous.reload()
    expect(anonymous.get_by_text("Goblin's confession in the snow.")).to_be_visible()
    editor.context.close()
    anonymous.context.close()


@pytest.mark.parametrize("screen", SCREENS)
def test_a_spoiler_is_folded_until_the_reader_shows_it(browser, live_server, article, regular, screen):
    from comments.models import Comment

    Comment.objects.create(
        listicle=article, user=regular.user, body="He was the boy all along.", spoiler=True
    )
    page = new_page(browser, screen)
    page.goto(live_server.url + article.get_absolute_url() + "#comments")
    secret = page.get_by_text("He was the boy all along.")
    expect(secret).to_be_hidden()
    screenshot(page, f"comments-anonymous-{screen}")
    assert_accessible(page, "article with comments, anonymous")
    page.get_by_text("Spoiler — show").click()
    expect(secret).to_be_visible()
    page.context.close()


def test_comment_times_read_how_long_ago_with_javascript_and_as_dates_without(browser, live_server):
    """The page carries each comment's date, the same for every reader at any hour; the browser
    says how long ago for a week, and a reader without JavaScript reads the date."""
    from datetime import timedelta

    from django.utils import timezone

    from comments.models import Comment
    from comments.templatetags.comments import long_time
    from tests.factories import PublishedListicleFactory, reader_account

    article = PublishedListicleFactory()
    user = reader_account("Jun", username="jun", email="jun@example.com", password=PASSWORD)
    recent = Comment.objects.create(listicle=article, user=user, body="Still crying over the rooftop.")
    Comment.objects.filter(pk=recent.pk).update(created=timezone.now() - timedelta(hours=3, minutes=5))
    old = Comment.objects.create(listicle=article, user=user, body="Rewatched it again.")
    Comment.objects.filter(pk=old.pk).update(created=timezone.now() - timedelta(days=10))
    recent.refresh_from_db()
    old.refresh_from_db()
    fresh = Comment.objects.create(listicle=article, user=user, body="Just finished episode 16.")
    url = live_server.url + article.get_absolute_url() + "#comments"

    page = new_page(browser, "phone")
    page.goto(url)
    reader_ready(page)
    recent_time = page.locator(f"#comment-{recent.pk} .comment__time time")
    expect(recent_time).to_have_text("3\u00a0hours ago")
    expect(recent_time).to_have_attribute("title", long_time(recent.created))
    expect(page.locator(f"#comment-{old.pk} .comment__time time")).to_have_text(long_time(old.created))
    expect(page.locator(f"#comment-{fresh.pk} .comment__time time")).to_have_text("just now")
    recent_time.scroll_into_view_if_needed()
    screenshot(page, "comment-times-phone")
    page.context.close()

    context = browser.new_context(java_script_enabled=False, **DESKTOP)
    plain = context.new_page()
    plain.goto(url)
    plain_time = plain.locator(f"#comment-{recent.pk} .comment__time time")
    expect(plain_time).to_have_text(long_time(recent.created))
    plain_time.scroll_into_view_if_needed()
    screenshot(plain, "comment-times-without-javascript")
    context.close()
