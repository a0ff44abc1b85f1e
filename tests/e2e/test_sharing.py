"""The share block in a real browser: the page asks nothing of another origin, its policy is the
strict one it had, "Copy link" copies and says so, and the share sheet appears only where the
browser has one."""

import pytest

from .conftest import load_demo

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SLUG = "12-most-memorable-k-drama-confession-scenes"
# The reader pages' policy (soompi/settings.py READER_CSP), written out: sharing loosens nothing.
POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "frame-src https://www.youtube-nocookie.com https://player.vimeo.com https://www.viki.com; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)
FAKE_SHARE = """
window.shared = [];
navigator.share = (data) => { window.shared.push(data); return Promise.resolve(); };
"""


def directives(policy):
    return {name: values for name, _, values in (part.strip().partition(" ") for part in policy.split(";"))}


@pytest.fixture
def article(live_server):
    load_demo()
    from articles.models import Listicle

    listicle = Listicle.objects.get(slug=SLUG)
    return {
        "url": live_server.url + listicle.get_absolute_url(),
        "title": listicle.title,
        "origin": live_server.url,
    }


def test_the_article_asks_nothing_of_another_origin_and_keeps_its_policy(page, article):
    asks_nothing_of_another_origin(page, article)


def test_on_a_phone_the_article_asks_nothing_of_another_origin_either(phone, article):
    asks_nothing_of_another_origin(phone, article)


def asks_nothing_of_another_origin(page, article):
    asked = []
    page.on("request", lambda sent: asked.append(sent.url))

    response = page.goto(article["url"])
    page.wait_for_load_state("networkidle")

    assert directives(response.headers["content-security-policy"]) == directives(POLICY)
    assert asked and [url for url in asked if not url.startswith(article["origin"] + "/")] == []
    assert any(url.endswith("/static/js/share.js") for url in asked)
    share = page.locator(".share")
    share.scroll_into_view_if_needed()
    page.wait_for_load_state("networkidle")
    assert [url for url in asked if not url.startswith(article["origin"] + "/")] == []
    assert share.get_by_role("link", name="Facebook (opens in a new tab)").is_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], "the share block fits the screen"


def test_copy_link_copies_the_address_and_says_copied(page, article):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=article["origin"])
    page.goto(article["url"])

    page.get_by_role("link", name="Copy link").click()

    status = page.locator("[data-share-status]")
    assert status.get_attribute("aria-live") == "polite"
    status.filter(has_text="Copied").wait_for()
    assert page.url == article["url"], "the link was not followed"
    assert page.evaluate("navigator.clipboard.readText()") == article["url"]


def test_the_share_sheet_button_appears_only_where_the_browser_has_one(page, article):
    page.goto(article["url"])
    page.wait_for_load_state("load")
    native = page.locator("[data-share-native]")
    has_share = page.evaluate("typeof navigator.share === 'function'")
    assert native.is_visible() == has_share

    page.add_init_script(FAKE_SHARE)
    page.goto(article["url"])
    page.get_by_role("button", name="Share…").click()

    assert page.evaluate("window.shared") == [{"title": article["title"], "url": article["url"]}]


def test_without_javascript_the_share_links_are_plain_links(browser, article):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(article["url"])
        links = page.locator(".share a")
        assert links.count() == 6
        assert page.locator("[data-share-native]").is_hidden()
        assert links.last.get_attribute("href") == article["url"]
    finally:
        context.close()
