"""Browser tests: Debian's Chromium driven by Playwright against Django's live server."""

import os
import re
import shutil

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
DESKTOP = {"viewport": {"width": 1280, "height": 900}}
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


def load_demo():
    """The demo, as `manage.py loaddemo` loads it, also when an earlier transactional test's flush
    took the newsroom's groups away (the demo accounts join them)."""
    from django.core.management import call_command

    from tests.conftest import newsroom_group

    newsroom_group("Editors")
    newsroom_group("Writers")
    call_command("loaddemo", verbosity=0)


@pytest.fixture(scope="session")
def live_server(request, django_db_setup):
    """pytest-django's live server, started once the test database exists.

    With SQLite in memory, the server's threads must use the test's own connection: pytest-django
    hands it over only if the database is already the in-memory one when the server starts, and
    without `django_db_setup` first a test asking for `browser` and `live_server` starts it earlier.
    Each request would then open a connection of its own to the shared in-memory database, whose
    table locks fail at once instead of waiting ("database table is locked"): a request still
    running when a test ends (the change page's presence beacon, sent as its tab closes) locked
    the flush of the test's data out.
    """
    from pytest_django.live_server_helper import LiveServer

    addr = (
        request.config.getvalue("liveserver")
        or os.environ.get("DJANGO_LIVE_TEST_SERVER_ADDRESS")
        or "localhost"
    )
    server = LiveServer(addr)
    yield server
    server.stop()


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        message = f"Chromium not found at {CHROMIUM}: apt-get install -y chromium"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
    # around it are still ordinary synchronous code.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


def open_page(browser, screen):
    """A page in a fresh context (its own cookies) with the given screen; yields it, then closes."""
    context = browser.new_context(**screen)
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.set_default_navigation_timeout(30_000)  # a first render on a busy machine
    yield page
    settle(context)
    context.close()


def settle(context):
    """Let a context's pages finish what they send in the background (the admin's presence reports,
    autocomplete lookups) before the test database is emptied, which a request still running on
    the live server would otherwise hold locked."""
    from playwright.sync_api import Error

    for open_page in context.pages:
        try:
            open_page.wait_for_load_state("networkidle", timeout=5_000)
            open_page.close(run_before_unload=False)
        except Error:
            pass


@pytest.fixture
def page(browser):
    yield from open_page(browser, DESKTOP)


@pytest.fixture
def phone(browser):
    yield from open_page(browser, PHONE)


def reader_ready(page):
    """Wait until the reader's own state has come from the private `me` request and the page's
    scripts have drawn it (static/js/reader.js: `window.SoompiReader.ready`); return that state.

    Public pages are the same for every reader: the name in the header, the comment form, the
    reader's reaction and vote arrive after the page. Without JavaScript (or on a page without a
    private part) there is nothing to wait for, and this returns None.
    """
    page.wait_for_load_state("load")
    if not page.evaluate("() => Boolean(window.SoompiReader)"):
        return None
    # reactions.js and comments.js drew from the same promise before this `then` runs.
    return page.evaluate("() => window.SoompiReader.ready")


CONFIRM = re.compile(r"/confirm/[a-z]+/")


def confirm_step(page):
    """Without JavaScript, a public page's form goes to the private confirm step, which carries
    the reader's token: press its one button (one click more)."""
    page.wait_for_url(CONFIRM)
    page.locator(".confirm-page form [type=submit]").click()
