"""What the reader's controls say in a real browser: the spoiler pill says what pressing it does,
and the reader's pick keeps telling a reader who has not voted how to vote."""

import pytest
from playwright.sync_api import expect

from .conftest import DESKTOP, PHONE, load_demo

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SLUG = "12-most-memorable-k-drama-confession-scenes"


@pytest.fixture
def article(live_server):
    load_demo()  # published in 2017: everyone sees the pick's results
    from articles.models import Listicle

    return Listicle.objects.get(slug=SLUG)


@pytest.fixture(params=["desktop", "phone"])
def reader(request, browser):
    context = browser.new_context(**{"desktop": DESKTOP, "phone": PHONE}[request.param])
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def disclosures(page):
    """(name, expanded) of each disclosure button as Chromium tells assistive technology."""
    nodes = page.context.new_cdp_session(page).send("Accessibility.getFullAXTree")["nodes"]
    return [
        (
            node.get("name", {}).get("value"),
            next((p["value"]["value"] for p in node.get("properties", []) if p["name"] == "expanded"), None),
        )
        for node in nodes
        if node["role"]["value"] == "DisclosureTriangle"
    ]


def test_the_spoiler_pill_says_hide_while_open_and_is_marked_expanded(live_server, article, reader):
    from comments.models import Comment
    from tests.factories import reader_account

    user = reader_account(
        "Jun", username="jun", email="jun@example.com", password="a long enough passphrase 42"
    )
    Comment.objects.create(listicle=article, user=user, body="He was the boy all along.", spoiler=True)
    reader.goto(live_server.url + article.get_absolute_url() + "#comments")
    secret = reader.get_by_text("He was the boy all along.")
    pill = reader.locator(".comment__spoiler > summary")

    assert pill.evaluate("node => node.innerText") == "Spoiler — show"  # the other word is not shown
    assert disclosures(reader) == [("Spoiler — show", False)]
    expect(secret).to_be_hidden()

    pill.click()

    expect(secret).to_be_visible()
    assert pill.evaluate("node => node.innerText") == "Spoiler — hide"
    assert disclosures(reader) == [("Spoiler — hide", True)]

    pill.click()

    expect(secret).to_be_hidden()
    assert pill.evaluate("node => node.innerText") == "Spoiler — show"
    assert disclosures(reader) == [("Spoiler — show", False)]


def test_public_results_invite_a_reader_to_vote_until_they_do_and_again_once_they_take_it_back(
    live_server, article, reader
):
    reader.goto(live_server.url + article.get_absolute_url() + "#poll")
    box = reader.locator("#poll")
    invite = box.locator("[data-poll-invite]")
    expect(box.locator(".poll__results")).to_be_visible()
    expect(invite).to_be_visible()
    expect(invite).to_contain_text("You have not voted yet: press This one! under your favourite entry")

    reader.locator("#entry-2 .pick__button").click()

    expect(reader.locator("#entry-2 .pick__button")).to_have_attribute("aria-pressed", "true")
    expect(box.get_by_text("Your pick")).to_be_visible()
    expect(invite).to_have_count(0)

    reader.locator("#entry-2 .pick__button").click()  # taken back: results still public

    expect(reader.locator("#entry-2 .pick__button")).to_have_attribute("aria-pressed", "false")
    expect(box.locator(".poll__results")).to_be_visible()
    expect(box.locator("[data-poll-invite]")).to_contain_text("You have not voted yet")
