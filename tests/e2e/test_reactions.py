"""A reader reacts and votes on the demo article in a real browser, with JavaScript off and on,
at desktop and phone width: each step shows the updated box, and with JavaScript nothing reloads."""

import re

import pytest
from playwright.sync_api import expect

from .conftest import CONFIRM, DESKTOP, PHONE, confirm_step, load_demo, reader_ready
from .test_security_headers import Watch

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SLUG = "12-most-memorable-k-drama-confession-scenes"
SCREENS = {"desktop": DESKTOP, "phone": PHONE}


@pytest.fixture
def article_url(live_server, settings):
    settings.POLL_RESULTS_PUBLIC_AFTER_DAYS = 100_000  # the demo is old: results only after voting
    load_demo()
    from articles.models import Listicle

    return live_server.url + Listicle.objects.get(slug=SLUG).get_absolute_url()


@pytest.fixture(params=SCREENS)
def reader(request, browser):
    context = browser.new_context(**SCREENS[request.param])
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture(params=SCREENS)
def plain_reader(request, browser):
    """A reader whose browser runs no JavaScript."""
    context = browser.new_context(java_script_enabled=False, **SCREENS[request.param])
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def reaction(page, label):
    return page.locator(".reaction", has_text=label)


def expect_box(page, pressed, counts, total):
    for label, count in counts.items():
        button = reaction(page, label)
        expect(button.locator("[data-reaction-count]")).to_have_text(str(count))
        expect(button).to_have_attribute("aria-pressed", "true" if label == pressed else "false")
    expect(page.locator("[data-reactions-total]")).to_have_text(total)


def test_react_change_undo_and_vote(reader, article_url):
    page = reader
    page.goto(article_url)
    reader_ready(page)
    page.evaluate("window.sameDocument = true")
    expect(page.get_by_role("heading", name="How does this article make you feel?")).to_be_visible()
    expect_box(page, None, {"Love": 0, "Sad": 0}, "0 reactions")

    reaction(page, "Love").click()
    expect_box(page, "Love", {"Love": 1, "Sad": 0}, "1 reaction")
    expect(reaction(page, "Love").locator("[data-reaction-share]")).to_have_text("100%")

    reaction(page, "Sad").click()
    expect_box(page, "Sad", {"Love": 0, "Sad": 1}, "1 reaction")

    reaction(page, "Sad").click()
    expect_box(page, None, {"Love": 0, "Sad": 0}, "0 reactions")

    poll = page.locator("#poll")
    expect(poll.locator(".poll__results")).to_have_count(0)
    pick = page.locator("#entry-4 .pick__button")
    pick.scroll_into_view_if_needed()
    pick.click()
    expect(page.locator("#entry-4 .pick__button")).to_have_attribute("aria-pressed", "true")
    expect(page.locator("#entry-4 [data-pick-mine]")).to_be_visible()
    first = poll.locator(".poll-result").first
    expect(first).to_contain_text("Goblin")
    expect(first).to_contain_text("100%")
    expect(first.locator(".poll-result__badge")).to_have_text(["Leader", "Your pick"])
    expect(poll.locator(".poll-result")).to_have_count(12)

    page.locator("#entry-1 .pick__button").click()
    expect(page.locator("#entry-1 .pick__button")).to_have_attribute("aria-pressed", "true")
    expect(page.locator("#entry-4 .pick__button")).to_have_attribute("aria-pressed", "false")
    expect(poll.locator(".poll-result").first).to_contain_text("Coffee Prince")

    page.locator("#entry-1 .pick__button").click()
    expect(page.locator("#entry-1 .pick__button")).to_have_attribute("aria-pressed", "false")
    expect(poll.locator(".poll__results")).to_have_count(0)

    assert page.evaluate("window.sameDocument") is True, "everything happened in place"


def test_react_change_undo_and_vote_without_javascript(plain_reader, article_url):
    """Each press goes to the confirm step (one click more); the private page the post lands on
    shows the reader's own choice with the counts."""
    page = plain_reader
    page.goto(article_url)
    expect_box(page, None, {"Love": 0, "Sad": 0}, "0 reactions")

    reaction(page, "Love").click()
    page.wait_for_url(CONFIRM)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Love")
    confirm_step(page)
    expect_box(page, "Love", {"Love": 1, "Sad": 0}, "1 reaction")
    expect(reaction(page, "Love").locator("[data-reaction-share]")).to_have_text("100%")

    reaction(page, "Sad").click()
    confirm_step(page)
    expect_box(page, "Sad", {"Love": 0, "Sad": 1}, "1 reaction")
    page.reload()  # the reader's own state stays on a reload
    expect_box(page, "Sad", {"Love": 0, "Sad": 1}, "1 reaction")

    reaction(page, "Sad").click()
    confirm_step(page)
    expect_box(page, None, {"Love": 0, "Sad": 0}, "0 reactions")

    page.goto(article_url)
    page.locator("#entry-4 .pick__button").click()
    page.wait_for_url(CONFIRM)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Goblin")
    confirm_step(page)
    first = page.locator(".poll-result").first
    expect(first).to_contain_text("Goblin")
    expect(first).to_contain_text("100%")
    expect(first.locator(".poll-result__badge")).to_have_text(["Leader", "Your pick"])
    expect(page.locator(".poll-result")).to_have_count(12)

    page.goto(article_url)
    page.locator("#entry-1 .pick__button").click()
    confirm_step(page)
    expect(page.locator(".poll-result").first).to_contain_text("Coffee Prince")
    expect(page.locator(".poll-result--mine")).to_contain_text("Coffee Prince")


def test_the_page_marks_the_readers_own_reaction_when_they_come_back(page, article_url):
    page.goto(article_url)
    reaction(page, "Wow").click()
    expect(reaction(page, "Wow")).to_have_attribute("aria-pressed", "true")
    page.reload()
    expect(reaction(page, "Wow")).to_have_attribute("aria-pressed", "true")
    expect(reaction(page, "Wow").locator("[data-reaction-count]")).to_have_text("1")


def test_a_shared_copy_of_the_page_gets_the_readers_own_choice_from_the_json(page, live_server, article_url):
    """A page served from a shared cache marks nothing; the script asks the private endpoint."""
    page.goto(article_url)
    reaction(page, "LOL").click()
    expect(reaction(page, "LOL")).to_have_attribute("aria-pressed", "true")
    shared = page.context.browser.new_context()
    anonymous_html = shared.new_page().goto(article_url).text()
    shared.close()
    page.route(article_url, lambda route: route.fulfill(body=anonymous_html, content_type="text/html"))
    page.goto(article_url)
    expect(reaction(page, "LOL")).to_have_attribute("aria-pressed", "true")
    expect(reaction(page, "LOL").locator("[data-reaction-count]")).to_have_text("1")


def test_a_refusal_is_read_out_next_to_the_buttons(page, article_url):
    page.goto(article_url)
    page.route(
        re.compile(r".*/react/$"),
        lambda route: route.fulfill(
            status=429,
            content_type="application/json",
            body='{"error": "Too many posts in a short time: try again in 30 seconds."}',
        ),
    )
    reaction(page, "Love").click()
    expect(page.get_by_role("alert")).to_have_text("Too many posts in a short time: try again in 30 seconds.")
    expect(reaction(page, "Love")).to_have_attribute("aria-pressed", "false")


def test_reacting_and_voting_break_no_rule_of_the_policy(page, live_server, article_url):
    watch = Watch(page, live_server)
    page.goto(article_url)
    reaction(page, "Swoon").click()
    expect(reaction(page, "Swoon")).to_have_attribute("aria-pressed", "true")
    page.locator("#entry-2 .pick__button").click()
    expect(page.locator("#poll .poll-result")).to_have_count(12)
    assert watch.violations() == []
    assert watch.console == []
