"""What a reader sees after acting on comments, in a real browser: why a comment waits, the count
after a post and a delete, likes kept after an edit, no Like on one's own comment, "Flagged"
remembered, and Escape closing an open box."""

import pytest
from playwright.sync_api import expect

from .conftest import DESKTOP, confirm_step
from .test_comments import PASSWORD, article, new_page, regular, sign_in_reader  # noqa: F401 - fixtures

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
WAITS = "waits for a moderator"


def test_a_first_comment_says_why_it_waits_with_and_without_javascript(browser, live_server, article):  # noqa: F811
    from tests.factories import reader_account

    reader_account("Newcomer", username="newcomer", email="new@example.com", password=PASSWORD)
    page = new_page(browser, "desktop")
    sign_in_reader(page, live_server, "new@example.com", article.get_absolute_url())
    page.fill("#comment-body", "Hello from a first-timer.")
    page.get_by_role("button", name="Post comment").click()
    expect(page.locator("[data-form-status]")).to_contain_text(WAITS)
    expect(page.locator("[data-form-status]")).to_contain_text("within a day")
    page.context.close()

    context = browser.new_context(java_script_enabled=False, **DESKTOP)
    plain = context.new_page()
    sign_in_reader(plain, live_server, "new@example.com", article.get_absolute_url())
    plain.fill("#comment-body", "And again, without JavaScript.")
    plain.get_by_role("button", name="Post comment").click()
    confirm_step(plain)
    expect(plain.locator(".messages")).to_contain_text(WAITS)
    context.close()


def test_the_count_follows_a_post_and_a_delete_and_an_edit_keeps_the_likes(
    browser,
    live_server,
    article,  # noqa: F811
    regular,  # noqa: F811
):
    from comments.models import CommentLike
    from tests.factories import reader_account

    fan = reader_account("Fan", username="fan")
    CommentLike.objects.create(comment=regular, user=fan)
    page = new_page(browser, "desktop")
    sign_in_reader(page, live_server, "jun@example.com", article.get_absolute_url())
    count = page.locator(".comments__count")
    expect(count).to_have_text("1")

    page.fill("#comment-body", "One more thought.")
    page.get_by_role("button", name="Post comment").click()
    expect(count).to_have_text("2")
    expect(page.locator(".byline__comments")).to_have_text("2 comments")

    mine = page.locator(".comment", has_text="One more thought.")
    page.once("dialog", lambda dialog: dialog.accept())
    mine.get_by_role("button", name="Delete").click()
    expect(page.get_by_text("One more thought.")).to_have_count(0)
    expect(count).to_have_text("1")
    expect(page.locator(".byline__comments")).to_have_text("1 comment")

    # His own comment: its likes show, with no Like button; an edit keeps them.
    jun = page.locator(f"#comment-{regular.pk}")
    expect(jun.locator("[data-comment-like]")).to_be_hidden()
    expect(jun.locator(".comment__likes-static")).to_contain_text("1")
    jun.get_by_text("Edit", exact=True).click()
    jun.get_by_label("Edit your comment").fill("Goblin's confession in the snow, still.")
    jun.get_by_role("button", name="Save").click()
    edited = page.locator(f"#comment-{regular.pk}")
    expect(edited).to_contain_text("edited")
    expect(edited.locator(".comment__likes-static")).to_contain_text("1")
    page.context.close()


def test_flagged_stays_after_a_reload_and_escape_closes_the_open_box(
    browser,
    live_server,
    article,  # noqa: F811
    regular,  # noqa: F811
):
    from tests.factories import reader_account

    reader_account("Mina", username="mina", email="mina@example.com", password=PASSWORD)
    page = new_page(browser, "desktop")
    sign_in_reader(page, live_server, "mina@example.com", article.get_absolute_url())
    jun = page.locator(f"#comment-{regular.pk}")

    # Escape closes the reply box and gives the focus back to its button.
    jun.get_by_text("Reply", exact=True).click()
    box = jun.get_by_label("Reply to Jun")
    expect(box).to_be_visible()
    box.fill("Half a thought")
    box.press("Escape")
    expect(box).to_be_hidden()
    expect(jun.locator(".comment__reply > summary")).to_be_focused()

    jun.get_by_text("Flag", exact=True).click()
    jun.get_by_role("button", name="Send flag").click()
    expect(jun.get_by_role("button", name="Flagged")).to_be_disabled()
    page.reload()
    jun = page.locator(f"#comment-{regular.pk}")
    expect(jun.get_by_role("button", name="Flagged")).to_be_disabled()
    expect(jun.get_by_text("Send flag")).to_have_count(0)
    expect(jun).to_contain_text("Goblin's confession in the snow.")  # a new account's flag hides nothing
    page.context.close()
