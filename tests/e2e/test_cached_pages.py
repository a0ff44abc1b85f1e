"""Readers on an article served out of nginx's page cache, in Chromium, with and without
JavaScript, at desktop and phone width.

nginx runs deploy/nginx.conf as scripts/nginx_local.py does, in front of the live server, with a
cache folder of its own for each test. The article every reader gets is the stored copy (its
`X-Cache-Status` is HIT): a reader reacts, votes, comments, replies and flags from it; their own
state shows after a reload (with JavaScript from the private `me` request, without it on the
private page the post lands on); a second reader, in a browser of their own, gets the same stored
page and never sees the first reader's name, token or choice. Going back to the article restores
it from the back-forward cache, with the reader's state asked again.

Set E2E_SCREENSHOTS to a folder to keep a screenshot of the article signed in and out and of the
confirm step, at each width.
"""

import importlib.util
import os
import re
import shutil
import signal
import socket
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings as django_settings
from playwright.sync_api import expect

from .conftest import ARGS, CHROMIUM, CONFIRM, DESKTOP, PHONE, confirm_step, reader_ready
from .test_comments import PASSWORD, article, regular, screenshot, sign_in_reader  # noqa: F401 - fixtures

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SCREENS = {"desktop": DESKTOP, "phone": PHONE}
PORTS = range(8400, 8450)  # this suite's share of the machine's ports; any free one otherwise

spec = importlib.util.spec_from_file_location(
    "nginx_local", Path(django_settings.BASE_DIR) / "scripts" / "nginx_local.py"
)
nginx_local = importlib.util.module_from_spec(spec)
spec.loader.exec_module(nginx_local)


def free_port():
    for port in [*PORTS, 0]:
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return sock.getsockname()[1]
    raise RuntimeError("no free port")


@pytest.fixture
def site(live_server, tmp_path, settings):
    """The live server behind nginx (deploy/nginx.conf); yields nginx's address."""
    if shutil.which("nginx") is None:
        message = "nginx not found: apt-get install -y nginx"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    # Long enough that a stored page stays fresh for the whole test: what is asserted is the
    # stored copy, not its expiry (tests/frontend_cache covers purges and expiry).
    settings.PAGE_CACHE_SECONDS = 600
    port = free_port()
    address = f"http://127.0.0.1:{port}"
    # The app purges what a write changes from this nginx's cache folder, as deployed.
    settings.FRONTEND_CACHE_BACKENDS = ["nginx"]
    settings.FRONTEND_CACHE_BASE_URLS = [address]
    settings.FRONTEND_CACHE_NGINX_CACHE_DIR = str(nginx_local.cache_dir(tmp_path))
    settings.FRONTEND_CACHE_REPEAT_SECONDS = 0  # one purge per write, none a second later
    nginx_local.start(tmp_path, port, settings.MEDIA_ROOT, [urlsplit(live_server.url).port])
    try:
        for _ in range(100):
            try:
                with urllib.request.urlopen(address + "/healthz", timeout=2):  # noqa: S310 - loopback
                    break
            except OSError:
                time.sleep(0.05)
        yield address
    finally:
        pid = tmp_path / "nginx.pid"
        if pid.exists():
            number = int(pid.read_text().strip())
            _stop(number)


def _stop(pid):
    try:
        os.kill(pid, signal.SIGQUIT)
    except ProcessLookupError:
        return
    for _ in range(100):
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.05)
    os.kill(pid, signal.SIGKILL)


def cache_status(response):
    return response.headers.get("x-cache-status")


def new_reader(browser, screen, javascript=True):
    """A reader in a browser of their own (cookies, HTTP cache): a new context."""
    context = browser.new_context(java_script_enabled=javascript, **SCREENS[screen])
    page = context.new_page()
    page.set_default_timeout(15_000)
    return page


def stored(browser, url):
    """Make sure nginx holds `url`, as a reader who came before would have left it."""
    for _ in range(3):
        # A browser of its own each time, so that the answer comes from nginx, not its own cache.
        page = new_reader(browser, "desktop", javascript=False)
        status = cache_status(page.goto(url))
        page.context.close()
        if status == "HIT":
            return


def open_cached(page, url):
    """Open the article from nginx's cache, as a reader arriving at it; returns the response.

    Every write purges the article (articles/purges.py), so the page is first stored again by a
    reader before, as it would be on a busy article."""
    stored(page.context.browser, url)
    # Not the browser's own copy (from before the purge), whose headers are nginx's of then.
    page.context.new_cdp_session(page).send("Network.clearBrowserCache")
    response = page.goto(url)
    assert response.status == 200
    assert cache_status(response) == "HIT", f"served as {cache_status(response)}, not from the cache"
    assert "public" in response.headers["cache-control"]
    assert "set-cookie" not in response.all_headers()
    assert "content-security-policy" in response.headers, "the stored copy keeps the app's policy"
    return response


def token_of(page):
    return next((c["value"] for c in page.context.cookies() if c["name"] == "csrftoken"), None)


def reaction(page, label):
    return page.locator(".reaction", has_text=label)


def expect_private(response):
    assert "no-store" in response.headers.get("cache-control", "")
    assert cache_status(response) in (None, "BYPASS")


def expect_nothing_of(page, first, token):
    """What a second reader's page holds: nothing of the first reader's."""
    expect(page.get_by_text(first, exact=False)).to_have_count(0)
    html = page.content()
    assert first not in html
    if token:
        assert token not in html
        assert token_of(page) != token
    pressed = page.locator(":is(.reaction, .pick__button, .comment__like button)[aria-pressed=true]")
    assert pressed.count() == 0, pressed.evaluate_all("(all) => all.map((e) => e.outerHTML)")
    expect(page.locator("[data-comment-flagged]:visible")).to_have_count(0)
    expect(page.locator("[data-pick-mine]:visible")).to_have_count(0)
    expect(page.locator(".account-nav__name")).to_have_count(0)


@pytest.mark.parametrize("screen", SCREENS)
def test_a_reader_acts_on_a_cached_page_with_javascript(browser, site, article, regular, screen):  # noqa: F811 - fixtures
    from tests.factories import reader_account

    reader_account("Mina", username="mina", email="mina@example.com", password=PASSWORD)
    url = site + article.get_absolute_url()

    page = new_reader(browser, screen)
    open_cached(page, url)
    state = reader_ready(page)
    assert state["signed_in"] is False
    screenshot(page, f"cached-article-signed-out-{screen}")
    sign_in_reader(page, _Site(site), "mina@example.com", article.get_absolute_url())
    open_cached(page, url)
    assert reader_ready(page)["name"] == "Mina"
    expect(page.locator(".account-nav__name")).to_have_text("Mina")
    screenshot(page, f"cached-article-signed-in-{screen}")

    # React and vote: in place, with the counts the answer brings.
    reaction(page, "Love").click()
    expect(reaction(page, "Love")).to_have_attribute("aria-pressed", "true")
    expect(reaction(page, "Love").locator("[data-reaction-count]")).to_have_text("1")
    pick = page.locator("#entry-4 .pick__button")
    pick.scroll_into_view_if_needed()
    pick.click()
    expect(pick).to_have_attribute("aria-pressed", "true")
    expect(page.locator("#poll .poll-result--mine")).to_contain_text("Goblin")

    # Comment and reply: a first comment waits for a moderator, shown to its author only.
    page.fill("#comment-body", "Seen from the cache.")
    page.get_by_role("button", name="Post comment").click()
    expect(page.locator(".comment", has_text="Seen from the cache.")).to_contain_text("Awaiting moderation")
    jun = page.locator(f"#comment-{regular.pk}")
    jun.get_by_text("Reply", exact=True).click()
    jun.get_by_label("Reply to Jun").fill("A reply from the cache.")
    jun.get_by_role("button", name="Post reply").click()
    expect(page.locator(f"#thread-{regular.pk} .comment", has_text="A reply from the cache.")).to_be_visible()

    # Flag Jun's comment.
    jun.get_by_text("Flag", exact=True).click()
    jun.get_by_label("Why should moderators look at it?").select_option("spam")
    jun.get_by_role("button", name="Send flag").click()
    expect(jun).to_contain_text("moderators will look at this comment")
    token = token_of(page)
    assert token

    # A reload: the page may come from any cache; what is hers comes from `me`.
    page.reload()
    state = reader_ready(page)
    assert state["name"] == "Mina" and state["reactions"]["mine"] == "love"
    expect(reaction(page, "Love")).to_have_attribute("aria-pressed", "true")
    expect(page.locator("#entry-4 .pick__button")).to_have_attribute("aria-pressed", "true")
    expect(page.locator(".comment", has_text="Seen from the cache.")).to_be_visible()
    expect(page.locator(f"#thread-{regular.pk}")).to_contain_text("A reply from the cache.")
    expect(jun.get_by_role("button", name="Flagged")).to_be_disabled()

    # A second reader: the same stored page, the counts, and nothing of Mina's.
    other = new_reader(browser, screen)
    open_cached(other, url)
    state = reader_ready(other)
    assert state["signed_in"] is False and state["name"] is None
    assert state["reactions"]["mine"] is None and state["poll"]["mine"] is None
    assert state["comments"]["pending"] == [] and state["comments"]["flagged"] == []
    expect(reaction(other, "Love").locator("[data-reaction-count]")).to_have_text("1")
    expect_nothing_of(other, "Mina", token)
    expect(other.get_by_text("Seen from the cache.")).to_have_count(0)
    expect(other.get_by_text("A reply from the cache.")).to_have_count(0)
    expect(other.locator(f"#comment-{regular.pk}")).to_contain_text("Goblin's confession in the snow.")
    page.context.close()
    other.context.close()


@pytest.mark.parametrize("screen", SCREENS)
def test_a_reader_acts_on_a_cached_page_without_javascript(browser, site, article, regular, screen):  # noqa: F811 - fixtures
    from tests.factories import reader_account

    reader_account("Mina", username="mina", email="mina@example.com", password=PASSWORD)
    url = site + article.get_absolute_url()

    page = new_reader(browser, screen, javascript=False)
    open_cached(page, url)

    # React: one click more, on the private confirm step; where it lands shows her reaction.
    reaction(page, "Love").click()
    page.wait_for_url(CONFIRM)
    screenshot(page, f"confirm-react-{screen}")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Love")
    confirm_step(page)
    expect(reaction(page, "Love")).to_have_attribute("aria-pressed", "true")
    expect(reaction(page, "Love").locator("[data-reaction-count]")).to_have_text("1")
    page.reload()
    expect(reaction(page, "Love")).to_have_attribute("aria-pressed", "true")

    # Vote from the stored page.
    open_cached(page, url)
    page.locator("#entry-4 .pick__button").click()
    confirm_step(page)
    expect(page.locator(".poll-result--mine")).to_contain_text("Goblin")
    page.reload()
    expect(page.locator(".poll-result--mine")).to_contain_text("Goblin")

    # Comment, reply and flag need an account: signed in, from the stored page again.
    sign_in_reader(page, _Site(site), "mina@example.com", article.get_absolute_url())
    open_cached(page, url)
    page.fill("#comment-body", "Posted from the cache without scripts.")
    page.get_by_role("button", name="Post comment").click()
    page.wait_for_url(CONFIRM)
    screenshot(page, f"confirm-comment-{screen}")
    expect(page.get_by_label("Your comment")).to_have_value("Posted from the cache without scripts.")
    confirm_step(page)
    expect(page.get_by_text("Posted from the cache without scripts.")).to_be_visible()
    expect(page.locator("main")).to_contain_text("waits for a moderator")
    page.reload()
    expect(page.get_by_text("Posted from the cache without scripts.")).to_be_visible()

    open_cached(page, url)
    jun = page.locator(f"#comment-{regular.pk}")
    jun.get_by_text("Reply", exact=True).click()
    jun.get_by_label("Reply to Jun").fill("A reply without scripts.")
    jun.get_by_role("button", name="Post reply").click()
    page.wait_for_url(CONFIRM)
    expect(page.get_by_label("Your reply")).to_have_value("A reply without scripts.")
    confirm_step(page)
    expect(page.get_by_text("A reply without scripts.")).to_be_visible()

    open_cached(page, url)
    jun = page.locator(f"#comment-{regular.pk}")
    jun.get_by_text("Flag", exact=True).click()
    jun.get_by_label("Why should moderators look at it?").select_option("spam")
    jun.get_by_role("button", name="Send flag").click()
    page.wait_for_url(CONFIRM)
    expect(page.get_by_label("Why should moderators look at it?")).to_have_value("spam")
    confirm_step(page)
    expect(page.locator("main")).to_contain_text("moderators will look at this comment")
    token = token_of(page)
    assert token

    # A second reader, without scripts too: the stored page, with nobody's name or token.
    other = new_reader(browser, screen, javascript=False)
    open_cached(other, url)
    expect(other.locator("input[name=csrfmiddlewaretoken]")).to_have_count(0)
    expect_nothing_of(other, "Mina", token)
    assert token_of(other) is None
    page.context.close()
    other.context.close()


def test_the_private_parts_never_come_from_the_cache(browser, site, article):  # noqa: F811 - fixtures
    """`me`, the confirm step and the sign-in page are asked of the app every time."""
    url = site + article.get_absolute_url()
    page = new_reader(browser, "desktop")
    with page.expect_response(re.compile(r"/me/(\?view=1)?$")) as me:
        open_cached(page, url)
    expect_private(me.value)
    assert "csrftoken=" in (me.value.header_value("set-cookie") or "")
    for _ in range(2):
        expect_private(page.goto(url + "confirm/react/?kind=love"))
        assert cache_status(page.goto(site + "/accounts/login/")) in (None, "BYPASS")
    page.context.close()


@pytest.mark.parametrize("javascript", [True, False], ids=["js-on", "js-off"])
def test_a_published_comment_reaches_the_next_reader_at_once(browser, site, article, regular, javascript):  # noqa: F811 - fixtures
    """Posting purges the article from nginx: the next reader gets it rendered afresh, with the
    comment, and the reader after them the stored copy again."""
    from tests.factories import trusted_reader

    trusted_reader("Hana", username="hana", email="hana@example.com", password=PASSWORD)
    url = site + article.get_absolute_url()
    page = new_reader(browser, "desktop", javascript=javascript)
    sign_in_reader(page, _Site(site), "hana@example.com", article.get_absolute_url())
    open_cached(page, url)
    page.fill("#comment-body", "Published at once, cache or no cache.")
    page.get_by_role("button", name="Post comment").click()
    if not javascript:
        confirm_step(page)
    expect(page.get_by_text("Published at once, cache or no cache.")).to_be_visible()

    statuses = []
    for _ in range(2):
        reader = new_reader(browser, "phone", javascript=False)
        response = reader.goto(url)
        statuses.append(cache_status(response))
        expect(reader.locator(".comment", has_text="Published at once, cache or no cache.")).to_be_visible()
        reader.context.close()
    assert statuses == ["MISS", "HIT"]
    page.context.close()


@pytest.fixture
def chromium_with_back_forward_cache(browser):
    """Chromium as readers have it: Playwright turns the back-forward cache off by default."""
    launched = browser.browser_type.launch(
        executable_path=CHROMIUM, args=ARGS, ignore_default_args=["--disable-back-forward-cache"]
    )
    yield launched
    launched.close()


def test_going_back_to_the_article_restores_it_and_asks_for_the_readers_state_again(
    chromium_with_back_forward_cache,
    site,
    article,  # noqa: F811 - fixture
):
    """The public page may be kept whole by the back-forward cache; reader.js then asks `me`
    again, so what changed meanwhile (here, her reaction, taken back elsewhere) shows at once."""
    url = site + article.get_absolute_url()
    context = chromium_with_back_forward_cache.new_context(**DESKTOP)
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(url)
    reader_ready(page)
    reaction(page, "Love").click()
    expect(reaction(page, "Love")).to_have_attribute("aria-pressed", "true")
    page.evaluate("window.leftAt = 'before'")
    asked = []
    page.on("request", lambda request: asked.append(request.url) if request.url.endswith("/me/") else None)

    page.goto(site + "/")
    other_tab = context.new_page()  # she takes it back in another tab
    other_tab.goto(url)
    reader_ready(other_tab)
    reaction(other_tab, "Love").click()
    expect(reaction(other_tab, "Love")).to_have_attribute("aria-pressed", "false")
    other_tab.close()
    asked.clear()
    page.go_back(wait_until="commit")  # a page restored whole fires no load event
    assert page.evaluate("window.leftAt") == "before", "the page was not restored from the back-forward cache"
    expect(reaction(page, "Love")).to_have_attribute("aria-pressed", "false")
    expect(reaction(page, "Love").locator("[data-reaction-count]")).to_have_text("0")
    assert len([url for url in asked if article.get_absolute_url() in url]) == 1
    context.close()


class _Site:
    """What sign_in_reader needs of the live server: its address, here nginx's."""

    def __init__(self, url):
        self.url = url
