"""A reader on the demo article, in a real browser, at desktop and phone width."""

import pytest

from .conftest import load_demo, reader_ready

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SLUG = "12-most-memorable-k-drama-confession-scenes"
THIRD_PARTY = ("youtube", "vimeo", "viki", "ytimg", "doubleclick", "google")


@pytest.fixture
def article_url(live_server):
    load_demo()
    from articles.models import Listicle

    listicle = Listicle.objects.get(slug=SLUG)
    return live_server.url + listicle.get_absolute_url()


def test_reader_sees_all_twelve_entries_in_order(page, article_url):
    page.goto(article_url)
    assert page.locator("h1").inner_text() == "12 Most Memorable K-Drama Confession Scenes"
    assert page.get_by_text("(In no particular order)").is_visible()
    headings = page.locator(".entry__title").all_inner_texts()
    assert len(headings) == 12
    assert headings[0] == "Coffee Prince"
    assert headings[3] == "Goblin"
    assert headings[-1] == "Kill Me, Heal Me"
    assert page.locator(".entry__number").first.inner_text().startswith("1")


def test_the_article_is_one_public_page_and_the_reader_gets_a_token_privately(page, article_url):
    """No token, no cookie and nothing personal in the page, which any cache may keep and which
    answers 304 to its ETag; the reader's token comes with the private `me` answer."""
    response = page.goto(article_url)
    headers = response.headers
    assert "public" in headers["cache-control"] and "s-maxage" in headers["cache-control"]
    assert headers["etag"].startswith('"')
    assert "set-cookie" not in response.all_headers()
    assert page.locator(".entry__title").count() == 12
    assert page.locator(".site-footer").count() == 1  # the page read to its end
    assert page.locator("input[name=csrfmiddlewaretoken]").count() == 0
    assert "csrftoken" not in response.text()

    state = reader_ready(page)
    assert state["signed_in"] is False and state["name"] is None
    assert [c["name"] for c in page.context.cookies() if c["name"] == "csrftoken"] == ["csrftoken"]

    again = page.request.get(article_url, headers={"If-None-Match": headers["etag"]}, max_redirects=0)
    assert again.status == 304


def test_video_player_loads_only_when_the_reader_presses_play(page, article_url):
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(article_url)
    page.wait_for_load_state("networkidle")
    assert not [url for url in requests if any(name in url for name in THIRD_PARTY)]
    assert page.locator("iframe").count() == 0

    first = page.locator("[data-video-play]").first
    first.scroll_into_view_if_needed()
    first.click()
    iframe = page.locator("#entry-1 iframe")
    iframe.wait_for()
    assert iframe.get_attribute("src").startswith("https://www.youtube-nocookie.com/embed/")
    assert iframe.get_attribute("title")


def test_without_javascript_the_clip_is_a_plain_link(browser, article_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(article_url)
    link = page.locator("[data-video-fallback]").first
    assert link.is_visible()
    assert link.get_attribute("href").startswith("https://www.youtube.com/")
    context.close()


def test_article_fits_a_phone_screen_without_sideways_scrolling(phone, article_url):
    phone.goto(article_url)
    overflow = phone.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    watch_now = phone.get_by_role("link", name="Watch Now").first
    box = watch_now.bounding_box()
    assert box["height"] >= 44, "tap targets must be large enough for a thumb"
