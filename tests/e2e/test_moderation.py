"""A moderator clears the comment queue from the keyboard, in a real browser: j and k move between
rows, a, h and s approve, hide and mark spam, each row changes in place and the database agrees."""

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from comments.models import Comment, CommentStatus, HeldFor
from tests import factories

from .admin_session import sign_in
from .conftest import DESKTOP
from .test_accessibility import describe, serious_violations
from .test_comments import screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASSWORD = "correct horse battery staple"
STATUS_BY_KEY = {"a": CommentStatus.PUBLISHED, "h": CommentStatus.HIDDEN, "s": CommentStatus.SPAM}


@pytest.fixture
def editor():
    user = factories.UserFactory(username="editor", is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    return user


@pytest.fixture
def queue():
    """Twenty comments waiting for a moderator, oldest first, as the queue lists them."""
    article = factories.PublishedListicleFactory(title="12 Most Memorable K-Drama Confession Scenes")
    readers = [factories.reader_account(f"Reader {n}", username=f"reader{n}") for n in range(5)]
    return [
        factories.CommentFactory(
            listicle=article,
            user=readers[n % 5],
            body=f"Waiting comment {n}",
            status=CommentStatus.PENDING,
            held_for=HeldFor.FIRST,
            hold_reasons=[{"reason": "first"}],
        )
        for n in range(20)
    ]


def open_queue(browser, live_server, scheme="light"):
    page = browser.new_context(color_scheme=scheme, **DESKTOP).new_page()
    page.set_default_timeout(15_000)
    sign_in(page, live_server, "editor", PASSWORD)
    page.goto(live_server.url + "/admin/comments/comment/?waiting=yes")
    expect(page.locator(".moderation-keys").first).to_be_visible()
    return page


def test_a_moderator_clears_twenty_comments_with_twenty_keystrokes(browser, live_server, editor, queue):
    page = open_queue(browser, live_server)
    rows = page.locator("#result_list tbody tr")
    expect(rows).to_have_count(20)
    expect(rows.first).to_contain_class("moderation-current")

    keys = ["a", "h", "s", "a", "a"] * 4  # one key a comment: the next row comes up by itself
    for key in keys:
        page.keyboard.press(key)
    assert len(keys) == 20

    expect(page.locator("#result_list tbody tr[data-decided]")).to_have_count(20)
    expect(page.locator("#moderation-live")).to_contain_text("Nothing else waits for a moderator.")
    expect(rows.nth(2).locator("td.field-status")).to_have_text("Spam")
    statuses = dict(Comment.objects.values_list("pk", "status"))
    assert [statuses[comment.pk] for comment in queue] == [STATUS_BY_KEY[key] for key in keys]
    assert set(Comment.objects.values_list("decided_by__username", flat=True)) == {"editor"}

    page.reload()
    expect(page.locator("#result_list tbody tr")).to_have_count(0)  # the queue is empty
    page.context.close()


def test_j_and_k_move_a_visible_focus_and_typing_in_the_search_box_decides_nothing(
    browser, live_server, editor, queue
):
    page = open_queue(browser, live_server)
    rows = page.locator("#result_list tbody tr")
    page.keyboard.press("j")
    page.keyboard.press("j")
    page.keyboard.press("k")
    expect(rows.nth(1)).to_be_focused()
    expect(rows.nth(1)).to_contain_class("moderation-current")
    outline = rows.nth(1).evaluate("row => getComputedStyle(row).outlineStyle")
    assert outline == "solid"

    page.locator("#searchbar").fill("ahs")  # letters typed into a field are text, not decisions
    page.keyboard.press("h")
    assert Comment.objects.filter(status=CommentStatus.PENDING).count() == 20

    rows.nth(1).focus()
    page.keyboard.press("s")
    expect(rows.nth(1)).to_have_attribute("data-decided", "spam")
    expect(page.locator("#moderation-live")).to_have_text(
        "Comment by Reader 1 marked as spam. 19 still waiting."
    )
    expect(rows.nth(2)).to_be_focused()
    page.keyboard.press("k")
    page.keyboard.press("a")  # a second thought: the decision changes, in place
    expect(rows.nth(1).locator("td.field-status")).to_have_text("Published")
    assert Comment.objects.get(pk=queue[1].pk).status == CommentStatus.PUBLISHED

    rows.nth(3).get_by_role("button", name="Hide", exact=True).click()
    expect(rows.nth(3).locator("td.field-status")).to_have_text("Hidden")
    assert Comment.objects.get(pk=queue[3].pk).status == CommentStatus.HIDDEN
    page.context.close()


def test_without_javascript_a_row_button_still_decides_and_comes_back(browser, live_server, editor, queue):
    context = browser.new_context(java_script_enabled=False, **DESKTOP)
    page = context.new_page()
    sign_in(page, live_server, "editor", PASSWORD)
    page.goto(live_server.url + "/admin/comments/comment/?waiting=yes")
    with page.expect_navigation():
        group = page.get_by_role("group", name="Moderate the comment by Reader 0: “Waiting comment 0”")
        group.get_by_role("button", name="Approve").click()
    assert page.url.endswith("/admin/comments/comment/?waiting=yes")
    expect(page.locator(".messagelist")).to_contain_text("Comment by Reader 0 approved.")
    assert Comment.objects.get(pk=queue[0].pk).status == CommentStatus.PUBLISHED
    context.close()


def test_the_comment_page_decides_from_its_own_buttons_and_keys(browser, live_server, editor, queue):
    page = open_queue(browser, live_server)
    page.goto(f"{live_server.url}/admin/comments/comment/{queue[0].pk}/change/")
    expect(page.locator("h1")).to_have_text("Comment by Reader 0 on 12 Most Memorable…")
    expect(page.locator("input[name=_save]")).to_have_count(0)
    expect(page.locator(".moderation-reasons")).to_contain_text("First comment")
    page.keyboard.press("h")
    expect(page.locator(".moderation-status")).to_have_text("Hidden")
    expect(page.locator("#moderation-live")).to_contain_text("Comment by Reader 0 hidden.")
    expect(page.locator(".moderation-next")).to_be_focused()
    assert Comment.objects.get(pk=queue[0].pk).status == CommentStatus.HIDDEN
    page.context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_queue_and_comment_page_pass_axe_in_both_themes(browser, live_server, editor, queue, scheme):
    page = open_queue(browser, live_server, scheme)
    page.keyboard.press("a")  # a decided row and the current one are in the check too
    expect(page.locator("#result_list tbody tr[data-decided]")).to_have_count(1)
    screenshot(page, f"moderation-queue-{scheme}")
    found = serious_violations(page, context="#changelist")
    assert not found, f"axe-core, queue ({scheme}):\n" + describe(found)
    page.goto(f"{live_server.url}/admin/comments/comment/{queue[1].pk}/change/")
    screenshot(page, f"moderation-comment-{scheme}")
    found = serious_violations(page, context=".moderation-panel")
    assert not found, f"axe-core, comment page ({scheme}):\n" + describe(found)
    page.context.close()
